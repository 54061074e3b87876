/**
 * Drone-steps per second of a policy file's network flown on the webgpu backend: inside the GPU's
 * K-step loop (BatchEnv.runNetworkAsync), beside the network on the CPU between single GPU steps
 * (one read-back per step) and the whole thing on the CPU, in the same run. The policy is the hover
 * motors fixture the tests fly. Prints figures and a JSON line; asserts nothing.
 * Alone: npx tsx bench/gpu-policy-loop-bench.ts
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { BatchEnv, NetworkPolicy, parsePolicyFile } from '../sim/index.ts';
import { formatRate, machineLine } from './bench-harness.ts';

const DRONES = 4096;
const STEPS = 300;
/** Steps per runNetworkAsync call: the loop's dispatch length (episodes are 1,000 steps, so no drone pauses). */
const CHUNK = 100;

type Mode = 'gpu loop' | 'cpu network + gpu steps' | 'cpu';

async function droneStepsPerSecond(mode: Mode): Promise<number> {
  const policy = parsePolicyFile(readFileSync(new URL('../tests/fixtures/hover-motors.policy.json', import.meta.url), 'utf8'));
  const env = await BatchEnv.create({ task: 'hover', rung: 'motors', worlds: DRONES, backend: mode === 'cpu' ? 'cpu' : 'webgpu', gpuLog: () => {} });
  try {
    env.reset({ seed: 1 });
    // One untimed chunk: pipeline compilation and the first upload.
    await env.runNetworkAsync(policy, 10);
    const started = performance.now();
    if (mode === 'cpu network + gpu steps') {
      const network = new NetworkPolicy(policy), actions = new Float32Array(DRONES * 4);
      let observations = env.core.observation;
      for (let s = 0; s < STEPS; s++) {
        network.act(observations, DRONES, actions);
        observations = (await env.stepAsync(actions)).obs;
      }
    } else {
      for (let done = 0; done < STEPS; done += CHUNK) await env.runNetworkAsync(policy, CHUNK);
    }
    return (DRONES * STEPS) / ((performance.now() - started) / 1000);
  } finally {
    await env.close();
  }
}

export async function runGpuPolicyLoopBench(): Promise<Record<string, unknown>> {
  console.log(`\n== policy network on the webgpu backend (${DRONES.toLocaleString('en')} hover drones, ${STEPS} steps, 17-32-32-4 tanh) ==`);
  const figures: Record<string, number> = {};
  for (const mode of ['gpu loop', 'cpu network + gpu steps', 'cpu'] as const) {
    try {
      const rate = await droneStepsPerSecond(mode);
      figures[mode] = rate;
      console.log(`  ${mode.padEnd(26)} ${formatRate(rate)} drone-steps/s`);
    } catch (error) {
      console.log(`  ${mode.padEnd(26)} left out: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  if (figures['gpu loop'] && figures['cpu network + gpu steps']) {
    console.log(`  the loop is ${(figures['gpu loop'] / figures['cpu network + gpu steps']).toFixed(2)}× the per-step path on this adapter`);
  }
  return {
    gpu_policy_loop_drone_steps_per_s: figures['gpu loop'] ?? null,
    gpu_policy_cpu_network_drone_steps_per_s: figures['cpu network + gpu steps'] ?? null,
    cpu_policy_drone_steps_per_s: figures.cpu ?? null,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(machineLine());
  const figures = await runGpuPolicyLoopBench();
  console.log(JSON.stringify({ machine: machineLine(), ...figures }));
}
