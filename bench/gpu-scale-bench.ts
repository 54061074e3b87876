/**
 * The WebGPU backend at scale, for a machine with a real GPU (bench/gpu-h200.sh runs it there):
 * quadrotor batches from N = 4,096 to 16,777,216 at K = 10 and K = 100 steps per dispatch
 * (controller + dynamics through the velocity rung), ground robots, and a 2 km city in the loop.
 * Every figure is one JSON line on stdout; a time budget (SKYLINE_GPU_BUDGET_S, default 240 s)
 * leaves out what would not fit and says so. Prints figures; asserts nothing.
 *
 *   npx tsx bench/gpu-scale-bench.ts
 *
 * One GpuQuadrotorBatch dispatches at most 65,535 workgroups of 64 drones (WebGPU's default
 * per-dimension limit), 4,194,240 drones; a bigger N runs as several batches on the one device,
 * stepped back to back in the same timed run, and the line says how many.
 */
import {
  DEFAULT_QUADROTOR_GAINS, DEFAULT_ROBOT_GAINS, DELIVERY_ROBOT_PARAMS, GpuQuadrotorBatch, GpuRobotBatch, QUADROTOR_CONTROLLER_STATE_SIZE,
  QUADROTOR_STATE as S, QUADROTOR_WORKGROUP_SIZE, ROBOT_STATE, VEHICLE_STATUS, requestGpuDevice, robotArenaFields, robotArrays, writeRobotParams,
  BatchArena, type GpuDeviceHandle,
} from '../physics/index.ts';
import { generateWorld, WorldIndex } from '../worlds/index.ts';
import { hoveringQuadrotors } from './gpu-bench.ts';
import { machineLine } from './bench-harness.ts';

const QUADROTOR_SIZES = [4096, 65536, 1 << 20, 1 << 22, 1 << 24];
const STEPS_PER_DISPATCH = [10, 100];
const ROBOT_SIZES = [65536, 1 << 20, 1 << 22];
const CITY_SIZE = 1 << 20;
/** A timed run is grown until it lasts this long, s. */
const MIN_RUN_SECONDS = 0.3;
const RLTOOLS_L2F_ANCHOR = 2e10; // simulation steps/s, RLtools' L2F benchmark on a laptop RTX 4090
const budgetSeconds = Number(process.env.SKYLINE_GPU_BUDGET_S ?? 240);
const started = performance.now();
const elapsed = (): number => (performance.now() - started) / 1000;
const line = (record: Record<string, unknown>): void => console.log(JSON.stringify(record));

interface Stepper {
  step(steps: number, stepsPerDispatch: number): void;
  finish(): Promise<void>;
  destroy(): void;
}

/** Steps/s of `count` vehicles: dispatch K-step runs, doubling the run until it lasts MIN_RUN_SECONDS. */
async function rateOf(batches: Stepper[], count: number, k: number): Promise<{ rate: number; steps: number; seconds: number }> {
  for (const batch of batches) batch.step(k, k); // warm-up: pipelines, first dispatch
  await Promise.all(batches.map((batch) => batch.finish()));
  let steps = k;
  for (;;) {
    const start = performance.now();
    for (const batch of batches) batch.step(steps, k);
    await Promise.all(batches.map((batch) => batch.finish()));
    const seconds = (performance.now() - start) / 1000;
    if (seconds >= MIN_RUN_SECONDS || steps >= 1e6) return { rate: (count * steps) / seconds, steps, seconds };
    steps *= Math.min(16, Math.max(2, Math.ceil(MIN_RUN_SECONDS / Math.max(seconds, 1e-4))));
  }
}

/**
 * Quadrotor batches covering at least `count` drones, hovering at 10 m: as few batches as the
 * per-dispatch limit allows, all of one size (a multiple of the workgroup), so a few more drones
 * than `count` may be stepped; `stepped` says how many.
 */
async function quadrotorBatches(handle: GpuDeviceHandle, count: number): Promise<{ batches: GpuQuadrotorBatch[]; stepped: number }> {
  const limit = handle.device.limits.maxComputeWorkgroupsPerDimension * QUADROTOR_WORKGROUP_SIZE;
  const parts = Math.ceil(count / limit);
  const perBatch = parts === 1 ? count : Math.ceil(count / parts / QUADROTOR_WORKGROUP_SIZE) * QUADROTOR_WORKGROUP_SIZE;
  const { arrays } = hoveringQuadrotors(perBatch);
  const integral = new Float32Array(QUADROTOR_CONTROLLER_STATE_SIZE * arrays.stride);
  const commands = new Float32Array(4 * perBatch); // hold still: velocity 0
  const batches: GpuQuadrotorBatch[] = [];
  try {
    for (let p = 0; p < parts; p++) {
      const batch = await GpuQuadrotorBatch.create(handle.device, { count: perBatch, rung: 'velocity', dt: 0.01, gains: DEFAULT_QUADROTOR_GAINS });
      batches.push(batch);
      batch.upload(arrays, integral);
      batch.setCommands(commands);
    }
  } catch (error) {
    for (const batch of batches) batch.destroy();
    throw error;
  }
  return { batches, stepped: perBatch * parts };
}

async function quadrotorFigures(handle: GpuDeviceHandle): Promise<void> {
  for (const count of QUADROTOR_SIZES) {
    if (elapsed() > budgetSeconds) {
      line({ kind: 'quadrotor', n: count, skipped: `time budget of ${budgetSeconds} s spent` });
      continue;
    }
    let batches: GpuQuadrotorBatch[] = [];
    try {
      const made = await quadrotorBatches(handle, count);
      batches = made.batches;
      for (const k of STEPS_PER_DISPATCH) {
        const { rate, steps, seconds } = await rateOf(batches, made.stepped, k);
        line({
          kind: 'quadrotor', n: count, n_stepped: made.stepped, k, batches: batches.length, drone_steps_per_s: rate, steps, seconds,
          vs_rltools_l2f_anchor: rate / RLTOOLS_L2F_ANCHOR,
        });
      }
    } catch (error) {
      line({ kind: 'quadrotor', n: count, error: error instanceof Error ? error.message : String(error) });
    } finally {
      for (const batch of batches) batch.destroy();
    }
  }
}

async function robotFigures(handle: GpuDeviceHandle): Promise<void> {
  for (const count of ROBOT_SIZES) {
    if (elapsed() > budgetSeconds) {
      line({ kind: 'robot', n: count, skipped: `time budget of ${budgetSeconds} s spent` });
      continue;
    }
    let batch: GpuRobotBatch | null = null;
    try {
      const arena = BatchArena.create(robotArenaFields(count), { shared: false });
      const robots = robotArrays(arena, count);
      const n = robots.stride, commands = new Float32Array(2 * count);
      for (let i = 0; i < n; i++) {
        writeRobotParams(DELIVERY_ROBOT_PARAMS, robots.params, n, i);
        if (i >= count) robots.status[i] = VEHICLE_STATUS.inactive;
        else {
          robots.state[ROBOT_STATE.x * n + i] = (i % 1024) * 3;
          robots.state[ROBOT_STATE.y * n + i] = Math.floor(i / 1024) * 3;
          commands[2 * i] = robots.state[ROBOT_STATE.x * n + i] + 50;
          commands[2 * i + 1] = robots.state[ROBOT_STATE.y * n + i] + 20;
        }
      }
      batch = await GpuRobotBatch.create(handle.device, { count, rung: 'goto', dt: 0.01, gains: DEFAULT_ROBOT_GAINS });
      batch.upload(robots);
      batch.setCommands(commands);
      const { rate, steps, seconds } = await rateOf([batch], count, 100);
      line({ kind: 'robot', n: count, k: 100, robot_steps_per_s: rate, steps, seconds });
    } catch (error) {
      line({ kind: 'robot', n: count, error: error instanceof Error ? error.message : String(error) });
    } finally {
      batch?.destroy();
    }
  }
}

/** A 2 km city in the loop: drones hover in clear air below the roofs, so every step tests their cells' boxes. */
async function cityFigures(handle: GpuDeviceHandle): Promise<void> {
  if (elapsed() > budgetSeconds) {
    line({ kind: 'city', n: CITY_SIZE, skipped: `time budget of ${budgetSeconds} s spent` });
    return;
  }
  let batch: GpuQuadrotorBatch | null = null;
  try {
    const spec = generateWorld(7, { size: 2000 });
    const index = new WorldIndex(spec);
    const { arrays } = hoveringQuadrotors(CITY_SIZE);
    const n = arrays.stride, { bounds } = spec;
    let seed = 1;
    const next = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < CITY_SIZE; i++) {
      let x = 0, y = 0, z = 10;
      for (let attempt = 0; attempt < 50; attempt++) {
        x = bounds.minX + 5 + next() * (bounds.maxX - bounds.minX - 10);
        y = bounds.minY + 5 + next() * (bounds.maxY - bounds.minY - 10);
        z = 3 + next() * 20;
        if (index.collideBox(x - 1, y - 1, z - 1, x + 1, y + 1, z + 1) < 0) break;
      }
      arrays.state[S.px * n + i] = x;
      arrays.state[S.py * n + i] = y;
      arrays.state[S.pz * n + i] = z;
    }
    batch = await GpuQuadrotorBatch.create(handle.device, {
      count: CITY_SIZE, rung: 'velocity', dt: 0.01, gains: DEFAULT_QUADROTOR_GAINS, world: { grid: index.grid, bounds, droneRadius: 0.06 },
    });
    batch.upload(arrays, new Float32Array(QUADROTOR_CONTROLLER_STATE_SIZE * n));
    batch.setCommands(new Float32Array(4 * CITY_SIZE));
    const { rate, steps, seconds } = await rateOf([batch], CITY_SIZE, 100);
    line({ kind: 'city', n: CITY_SIZE, k: 100, buildings: spec.buildings.length, drone_steps_per_s: rate, steps, seconds });
  } catch (error) {
    line({ kind: 'city', n: CITY_SIZE, error: error instanceof Error ? error.message : String(error) });
  } finally {
    batch?.destroy();
  }
}

line({ kind: 'machine', machine: machineLine(), budget_s: budgetSeconds });
let handle: GpuDeviceHandle;
try {
  handle = await requestGpuDevice({ log: (text) => process.stderr.write(`${text}\n`) });
} catch (error) {
  line({ kind: 'adapter', error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
const limits = handle.device.limits;
line({
  kind: 'adapter', adapter: handle.adapterName, software: handle.software,
  max_storage_buffer_binding_size: limits.maxStorageBufferBindingSize, max_buffer_size: limits.maxBufferSize,
  max_workgroups_per_dimension: limits.maxComputeWorkgroupsPerDimension,
});
await quadrotorFigures(handle);
await robotFigures(handle);
await cityFigures(handle);
line({ kind: 'done', seconds: elapsed() });
handle.destroy();
// Dawn's instance keeps the event loop alive.
process.exit(0);
