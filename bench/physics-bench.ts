/**
 * Drone-steps per second of the physics kernel alone and of whole environment steps, next to the
 * project's C reference kernel (bench/quadrotor-reference.c, built with gcc) measured in the same
 * run. Prints figures; asserts nothing. `yardstick` in the JSON is the C reference's figure.
 * Alone: npx tsx bench/physics-bench.ts
 */
import { pathToFileURL } from 'node:url';
import { QUADROTOR_STATE as S, hoverMotorCommand, CF2X_PARAMS } from '../physics/index.ts';
import { BatchEnv } from '../sim/index.ts';
import { generateWorld, type WorldSpec } from '../worlds/index.ts';
import {
  REFERENCE_FLAGS, describeReference, formatRate, machineLine, medianSeconds, referenceRate, runReference,
} from './bench-harness.ts';

const KERNEL_SIZES = [1, 64, 4096, 65536];
/** Roughly 4e7 drone-steps per measurement, at least 50 steps. */
const stepsFor = (count: number): number => Math.max(50, Math.min(200_000, Math.round(4e7 / count / 4)));

/** A batch whose every drone hovers level at 10 m on the exact hover command: all are computed every step. */
async function hoveringBatch(count: number, workers: number): Promise<BatchEnv> {
  const env = await BatchEnv.create({ task: 'hover', worlds: count, workers, rung: 'motors' });
  env.reset({ seed: 1 });
  const { quad } = env.core, n = env.core.stride, hover = hoverMotorCommand(CF2X_PARAMS);
  for (let i = 0; i < count; i++) {
    for (let c = 0; c < 17; c++) quad.state[c * n + i] = 0;
    quad.state[S.pz * n + i] = 10;
    quad.state[S.qw * n + i] = 1;
    for (let m = 0; m < 4; m++) {
      quad.state[(S.r0 + m) * n + i] = hover;
      quad.motorCommand[m * n + i] = hover;
    }
  }
  return env;
}

export async function measureKernel(count: number, workers: number): Promise<{ rate: number; kernel: string }> {
  const env = await hoveringBatch(count, workers);
  try {
    const steps = stepsFor(count);
    // Dispatch in chunks of 100 steps, as a rollout would, so sync costs are counted.
    const chunk = Math.min(100, steps);
    const seconds = medianSeconds(3, () => {
      for (let done = 0; done < steps; done += chunk) env.stepPhysicsOnly(chunk);
    });
    return { rate: (count * steps) / seconds, kernel: env.core.stepper.kernel };
  } finally {
    await env.close();
  }
}

export async function measureEnv(count: number, workers: number, world: WorldSpec | null = null): Promise<number> {
  const env = await BatchEnv.create({ task: 'hover', worlds: count, workers, rung: 'velocity', world });
  try {
    env.reset({ seed: 1 });
    const steps = 500;
    const seconds = medianSeconds(3, () => {
      for (let done = 0; done < steps; done += 50) env.runPolicy('pid', 50);
    });
    return (count * steps) / seconds;
  } finally {
    await env.close();
  }
}

export async function runPhysicsBench(): Promise<Record<string, number | string | null>> {
  console.log(`physics bench on ${machineLine()}`);
  const figures: Record<string, number | string | null> = {};
  for (const workers of [1, 2]) {
    for (const count of KERNEL_SIZES) {
      const { rate, kernel } = await measureKernel(count, workers);
      console.log(`  kernel  N=${String(count).padStart(6)}  workers=${workers}  ${formatRate(rate)} drone-steps/s  (${kernel})`);
      figures[`kernel_n${count}_${workers}w`] = rate;
      figures.kernel = kernel;
    }
  }
  const env2 = await measureEnv(4096, 2);
  const env1 = await measureEnv(4096, 1);
  console.log(`  env     N=  4096  workers=1  ${formatRate(env1)} drone-steps/s  (hover, pid policy through the velocity rung)`);
  console.log(`  env     N=  4096  workers=2  ${formatRate(env2)} drone-steps/s`);
  const city = generateWorld(7, { size: 2000 });
  const envCity = await measureEnv(4096, 1, city);
  console.log(`  env     N=  4096  workers=1  ${formatRate(envCity)} drone-steps/s  in a 2 km city (${city.buildings.length} buildings): ${(env1 / envCity).toFixed(2)}× the cost of open space`);
  figures.env_city_1w = envCity;
  figures.city_cost_ratio = env1 / envCity;
  const reference = runReference(4096);
  const yardstick = referenceRate(reference);
  console.log(`  C reference N=4096, one thread, one drone at a time (gcc ${REFERENCE_FLAGS.join(' ')}): ${describeReference(reference)} drone-steps/s`);
  const kernel1 = figures.kernel_n4096_1w as number, kernel2 = figures.kernel_n4096_2w as number;
  Object.assign(figures, {
    kernel_1w: kernel1,
    kernel_2w: kernel2,
    env_1w: env1,
    env_2w: env2,
    yardstick,
    ratio_1w: yardstick ? kernel1 / yardstick : null,
    ratio_2w: yardstick ? kernel2 / yardstick : null,
  });
  console.log(`  kernel ÷ C reference at N=4096: ${yardstick ? (kernel1 / yardstick).toFixed(2) : 'n/a'} (1 worker), ${yardstick ? (kernel2 / yardstick).toFixed(2) : 'n/a'} (2 workers)`);
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await runPhysicsBench();
  console.log(JSON.stringify(figures));
}
