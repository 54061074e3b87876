/**
 * skylinesim.SkylineVectorEnv (clients/python) against its real Node child: spaces and dtypes,
 * same-step autoreset as its metadata states, seeding, bit-for-bit equality with BatchEnv here,
 * bad actions refused with the field named, and a killed child. The Python script prints JSON
 * and dumps its run as raw arrays; this file asserts on both.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BatchEnv } from '../../../sim/index.ts';
import { PYTHON_WITH_NUMPY, REPOSITORY_DIR, NUMPY_HINT } from './python-with-numpy.ts';

const N = 12, STEPS = 90, OBS = 17;
const dump = mkdtempSync(path.join(os.tmpdir(), 'skylinesim-vector-'));
afterAll(() => rmSync(dump, { recursive: true, force: true }));

function runChecks(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(PYTHON_WITH_NUMPY!, ['tests/clients/python/vector_env_checks.py', dump], { cwd: REPOSITORY_DIR, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' }, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }));
  });
}

function floats(name: string): Float32Array {
  const bytes = readFileSync(path.join(dump, `${name}.bin`));
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

describe.runIf(PYTHON_WITH_NUMPY !== null)('SkylineVectorEnv (Python) over the binary bridge', () => {
  let out: Record<string, any>;

  it('runs the checks against the real Node child', async () => {
    const run = await runChecks();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    out = JSON.parse(run.stdout);
  }, 120_000);

  it('has Gymnasium vector spaces: float32 (N, 17) observations, float32 (N, 4) motor actions in 0..1, bool flags', () => {
    const s = out.spaces;
    expect(s.num_envs).toBe(N);
    expect(s.single_observation_space).toEqual([[OBS], 'float32']);
    expect(s.single_action_space).toEqual([[4], 'float32', [0, 0, 0, 0], [1, 1, 1, 1]]);
    expect(s.observation_space).toEqual([N, OBS]);
    expect(s.action_space).toEqual([N, 4]);
    expect(s.obs).toEqual([[N, OBS], 'float32']);
    expect(s.step_dtypes).toEqual(['float32', 'float32', 'bool', 'bool']);
    expect(s.step_shapes).toEqual([[N, OBS], [N], [N], [N]]);
    expect(s.obs_in_space).toBe(true);
    expect(s.sample_in_space).toBe(true);
    expect(s.reset_info_seed).toBe(7);
    expect(s.np_random_seed).toBe(7);
  });

  it('autoresets in the same step, as metadata says, with the ended observation in infos["final_obs"]', () => {
    expect(out.spaces.autoreset_mode).toBe('SameStep');
    expect(out.spaces.is_same_step).toBe(true);
    const a = out.autoreset;
    expect(a.flags_last).toEqual([0, N]);
    expect(a.episode_step_after).toEqual(new Array(N).fill(0));
    expect(a.final_obs_mask).toEqual(new Array(N).fill(true));
    expect(a.final_obs_shape).toEqual([N, OBS]);
    expect(a.final_obs_differs).toBe(true);
    expect(a.final_info_keys).toEqual(['_final_error', '_status', '_success', 'final_error', 'status', 'success']);
    expect(a.final_error_finite).toBe(true);
  });

  it('gives the same observations for the same seed on 1 and 2 workers and over both transports, and others for another seed', () => {
    expect(out.seeding.same_obs).toBe(true);
    expect(out.seeding.same_rewards).toBe(true);
    expect(out.seeding.terminations).toBeGreaterThan(0);
    expect(out.seeding.truncations).toBeGreaterThan(0);
    expect(out.seeding.other_seed_differs).toBe(true);
  });

  it('agrees bit for bit with TypeScript BatchEnv given the same seed and actions, final observations included', async () => {
    const actions = floats('actions'), obs = floats('obs'), rewards = floats('rewards'), finals = floats('final_obs');
    const flags = (name: string) => new Uint8Array(readFileSync(path.join(dump, `${name}.bin`)));
    const terminations = flags('terminations'), truncations = flags('truncations');
    const env = await BatchEnv.create({ task: 'hover', worlds: N, rung: 'motors', seed: 3, maxEpisodeSteps: 60, keepFinalObservation: true });
    try {
      const reset = env.reset({ seed: 3 });
      expect(Buffer.from(obs.subarray(0, N * OBS).buffer.slice(obs.byteOffset, obs.byteOffset + N * OBS * 4)).equals(Buffer.from(reset.obs.slice().buffer))).toBe(true);
      let ended = 0;
      for (let t = 0; t < STEPS; t++) {
        const r = env.step(actions.subarray(t * N * 4, (t + 1) * N * 4));
        expect(Array.from(r.obs)).toEqual(Array.from(obs.subarray((t + 1) * N * OBS, (t + 2) * N * OBS)));
        expect(Array.from(r.reward)).toEqual(Array.from(rewards.subarray(t * N, (t + 1) * N)));
        expect(Array.from(r.terminated)).toEqual(Array.from(terminations.subarray(t * N, (t + 1) * N)));
        expect(Array.from(r.truncated)).toEqual(Array.from(truncations.subarray(t * N, (t + 1) * N)));
        for (let d = 0; d < N; d++) {
          if (!(r.terminated[d] | r.truncated[d])) continue;
          ended++;
          expect(Array.from(r.info.finalObservation!.subarray(d * OBS, (d + 1) * OBS))).toEqual(Array.from(finals.subarray((t * N + d) * OBS, (t * N + d + 1) * OBS)));
        }
      }
      expect(ended).toBe(out.seeding.terminations + out.seeding.truncations);
    } finally {
      await env.close();
    }
  });

  it('refuses bad actions and options with an exception naming the field and what is accepted', () => {
    const b = out.bad;
    expect(b.shape).toMatchObject({ type: 'SkylineActionError', field: 'actions' });
    expect(b.shape.message).toContain(`accepted: (${N}, 4)`);
    expect(b.flat.field).toBe('actions');
    expect(b.nan).toMatchObject({ type: 'SkylineActionError', field: 'actions[3, 2]' });
    expect(b.nan.message).toContain('motors.m2 of env 3');
    expect(b.nan.message).toContain('not a finite number; accepted: 0..1');
    expect(b.range).toMatchObject({ type: 'SkylineActionError', field: 'actions[5, 1]' });
    expect(b.range.message).toContain('= 1.5 is out of range; accepted: 0..1');
    expect(b.text.field).toBe('actions');
    expect(b.seed.message).toContain('seed = -1; accepted');
    expect(b.options.message).toContain('options =');
    expect(b.closed).toMatchObject({ type: 'SkylineBridgeError' });
    expect(b.closed.message).toContain('closed');
    expect(b.num_envs.message).toContain('num_envs = 0; accepted');
    expect(b.rung).toMatchObject({ type: 'SkylineBridgeError', field: 'rung' });
    expect(b.rung.message).toContain('accepted: motors, rates, velocity, goto');
    expect(b.task).toMatchObject({ field: 'task' });
    expect(b.workers).toMatchObject({ field: 'workers' });
  });

  it('raises a clear error when the child is killed mid-run and leaves no process or shared file behind', () => {
    const k = out.killed;
    expect(k.error.type).toBe('SkylineBridgeError');
    expect(k.error.message).toContain(`(pid ${k.pid}) was killed by signal 9`);
    expect(k.gone).toBe(true);
    expect(k.closed_after.message).toContain('closed');
    expect(out.shared_files_left).toEqual([]);
  });

  it('leaves no Node child behind when Python exits without close() or is killed', async () => {
    const script = (ending: string): string => [
      'import os, signal, sys',
      "sys.path.insert(0, 'clients/python')",
      'from skylinesim import SkylineVectorEnv',
      'env = SkylineVectorEnv(num_envs=4, workers=2)',
      'env.reset()',
      "print(env.pid, flush=True)",
      ending,
    ].join('\n');
    for (const ending of ['sys.exit(0)', 'os.kill(os.getpid(), signal.SIGKILL)']) {
      const run = await new Promise<{ stdout: string }>((resolve) => {
        execFile(PYTHON_WITH_NUMPY!, ['-c', script(ending)], { cwd: REPOSITORY_DIR }, (_error, stdout) => resolve({ stdout }));
      });
      const pid = Number(run.stdout.trim());
      expect(pid).toBeGreaterThan(0);
      // The child exits when its stdin closes; give it a bounded moment (at most 10 s).
      let alive = true;
      for (let i = 0; i < 100 && alive; i++) {
        alive = isRunning(pid);
        if (alive) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(alive, `${ending}: the Node child ${pid} is still running`).toBe(false);
    }
  }, 60_000);
});

/** Whether a process runs (a zombie waiting for its reaper counts as gone). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

if (PYTHON_WITH_NUMPY === null) {
  describe('SkylineVectorEnv (Python)', () => {
    it.skip(NUMPY_HINT, () => {});
  });
}
