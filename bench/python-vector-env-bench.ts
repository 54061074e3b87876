/**
 * `npm run bench -- python`: skylinesim.SkylineVectorEnv seen from Python against the in-process
 * BatchEnv, measured in the same run (hover, motors rung, a constant action, 2 workers), at
 * N = 64, 4,096 and 65,536, plus one single env. Each N alternates in-process then Python so that
 * load on the machine hits both alike. Needs python3 with numpy; prints why when it is missing.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BatchEnv } from '../sim/index.ts';

const REPOSITORY_DIR = fileURLToPath(new URL('..', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./python-vector-env-bench.py', import.meta.url));
const SIZES = [64, 4096, 65536];
const WORKERS = 2;
const SECONDS = 1.5;
const HOVER_COMMAND = 0.6667;

function findPython(): string | null {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    if (spawnSync(candidate, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0) return candidate;
  }
  return null;
}

async function inProcessRate(n: number): Promise<{ rate: number; cpuMicroseconds: number }> {
  // keepFinalObservation as the bridge runs it, so both sides do the same work per step.
  const env = await BatchEnv.create({ task: 'hover', worlds: n, rung: 'motors', workers: WORKERS, seed: 1, keepFinalObservation: true });
  try {
    env.reset({ seed: 1 });
    const actions = new Float32Array(n * 4).fill(HOVER_COMMAND);
    for (let i = 0; i < 10; i++) env.step(actions);
    let steps = 0;
    const cpu = process.cpuUsage();
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < SECONDS) {
      for (let i = 0; i < 10; i++) env.step(actions);
      steps += 10;
      elapsed = (performance.now() - start) / 1000;
    }
    const used = process.cpuUsage(cpu);
    return { rate: (n * steps) / elapsed, cpuMicroseconds: (used.user + used.system) / steps };
  } finally {
    await env.close();
  }
}

export async function runPythonVectorEnvBench(): Promise<Record<string, unknown>> {
  console.log(`python vector env vs in-process BatchEnv (hover, motors rung, constant action, ${WORKERS} workers; under whatever load the machine has)`);
  const python = findPython();
  if (!python) {
    console.log('  n/a (python3 with numpy missing: apt-get install -y python3-numpy)');
    return { python_vector_env: 'n/a' };
  }
  const figures: Record<string, unknown> = {};
  for (const n of SIZES) {
    const { rate: inProcess, cpuMicroseconds } = await inProcessRate(n);
    const run = spawnSync(python, [SCRIPT, '--sizes', String(n), '--workers', String(WORKERS), '--seconds', String(SECONDS), '--no-single'], { cwd: REPOSITORY_DIR, encoding: 'utf8' });
    const last = run.stdout.trim().split('\n').pop() ?? '';
    if (run.status !== 0 || !last.startsWith('{')) {
      console.log(`  N = ${n}: the Python bench failed: ${run.stderr.trim().split('\n').pop() ?? run.status}`);
      continue;
    }
    const measured = (JSON.parse(last) as { vector: { drone_steps_per_s: number; python_cpu_us_per_step: number; child_cpu_us_per_step: number | null }[] }).vector[0];
    const fromPython = measured.drone_steps_per_s;
    const cpuLine = measured.child_cpu_us_per_step === null ? '' : `; CPU per step ${cpuMicroseconds.toFixed(0)} us in-process, ${measured.python_cpu_us_per_step.toFixed(0)} us Python + ${measured.child_cpu_us_per_step.toFixed(0)} us Node`;
    console.log(`  N = ${String(n).padStart(6)}  in-process ${inProcess.toExponential(3)}  from Python ${fromPython.toExponential(3)} drone-steps/s  (${(100 * fromPython / inProcess).toFixed(0)} %${cpuLine})`);
    figures[`inprocess_cpu_us_per_step_${n}`] = cpuMicroseconds;
    figures[`python_cpu_us_per_step_${n}`] = measured.python_cpu_us_per_step;
    figures[`python_child_cpu_us_per_step_${n}`] = measured.child_cpu_us_per_step;
    figures[`python_vec_${n}`] = fromPython;
    figures[`inprocess_vec_${n}`] = inProcess;
    figures[`python_ratio_${n}`] = fromPython / inProcess;
  }
  const single = spawnSync(python, [SCRIPT, '--sizes', '', '--seconds', String(SECONDS)], { cwd: REPOSITORY_DIR, encoding: 'utf8' });
  const last = single.stdout.trim().split('\n').pop() ?? '';
  if (single.status === 0 && last.startsWith('{')) {
    const rate = (JSON.parse(last) as { single: { steps_per_s: number } }).single.steps_per_s;
    console.log(`  single env (Skyline/Hover-v0) from Python ${rate.toExponential(3)} steps/s`);
    figures.python_single_steps_per_s = rate;
  }
  return figures;
}
