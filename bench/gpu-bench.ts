/**
 * Drone-steps per second of the WebGPU quadrotor batch (controller + dynamics, K steps per
 * dispatch) for N = 4,096 … 1,048,576, next to the CPU wasm kernel measured in the same run, the
 * CPU/GPU crossover N, and gpu.js's modes on a reduced drone model. Prints figures; asserts nothing.
 * Alone: npx tsx bench/gpu-bench.ts
 */
import { pathToFileURL } from 'node:url';
import {
  BatchArena, CF2X_PARAMS, createQuadrotorStepper, DEFAULT_QUADROTOR_GAINS, DEFAULT_ROBOT_GAINS, DELIVERY_ROBOT_PARAMS, GpuQuadrotorBatch, GpuRobotBatch,
  hoverMotorCommand, ROBOT_STATE, robotArenaFields, robotArrays, writeRobotParams,
  QUADROTOR_CONTROLLER_STATE_SIZE, QUADROTOR_STATE as S, quadrotorArenaFields, requestGpuDevice, VEHICLE_STATUS, writeKernelParams,
  type GpuDeviceHandle, type QuadrotorArrays,
} from '../physics/index.ts';
import { generateWorld, WorldIndex } from '../worlds/index.ts';
import { formatRate, machineLine } from './bench-harness.ts';
import { runGpuJsBench } from './gpu-js-bench.ts';

const GPU_SIZES = [4096, 16384, 65536, 262144, 1048576];
/** Drone-steps per timed GPU run: about 2.5 s on SwiftShader, a few ms on a real GPU. */
const GPU_TARGET_DRONE_STEPS = 8e6;
const CPU_TARGET_DRONE_STEPS = 8e6;
/** A size whose timed run took longer than this leaves the bigger sizes out (said so in the output). */
const GPU_SECONDS_BUDGET = 15;

/** A batch in CPU arrays whose every drone hovers at 10 m (slightly apart): all are stepped every step. */
export function hoveringQuadrotors(count: number): { arena: BatchArena; arrays: QuadrotorArrays; commands: Float32Array } {
  const arena = BatchArena.create(quadrotorArenaFields(count), { shared: false });
  const arrays = createQuadrotorStepper(arena, count, { kernel: 'scalar' }).arrays;
  const n = arrays.stride, hover = hoverMotorCommand(CF2X_PARAMS);
  const commands = new Float32Array(4 * count);
  for (let i = 0; i < count; i++) {
    writeKernelParams(CF2X_PARAMS, arrays.params, n, i);
    arrays.state[S.px * n + i] = (i % 1024) * 2;
    arrays.state[S.py * n + i] = Math.floor(i / 1024) * 2;
    arrays.state[S.pz * n + i] = 10;
    arrays.state[S.qw * n + i] = 1;
    for (let m = 0; m < 4; m++) {
      arrays.state[(S.r0 + m) * n + i] = hover;
      arrays.motorCommand[m * n + i] = hover;
      commands[4 * i + m] = hover;
    }
  }
  for (let i = count; i < n; i++) arrays.status[i] = VEHICLE_STATUS.inactive;
  return { arena, arrays, commands };
}

/** Median of `runs` timings (seconds) of an asynchronous body, after one untimed warm-up. */
async function medianSecondsAsync(runs: number, body: () => Promise<void>): Promise<number> {
  await body();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    await body();
    times.push((performance.now() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** GPU drone-steps/s at `count` drones, `stepsPerDispatch` steps per dispatch, through the velocity rung's cascade. */
async function measureGpu(handle: GpuDeviceHandle, count: number, stepsPerDispatch: number, dispatches: number): Promise<{ rate: number; seconds: number }> {
  const { arrays, commands } = hoveringQuadrotors(count);
  const velocityCommands = new Float32Array(commands.length);
  const batch = await GpuQuadrotorBatch.create(handle.device, { count, rung: 'velocity', dt: 0.01, gains: DEFAULT_QUADROTOR_GAINS });
  try {
    batch.upload(arrays, new Float32Array(QUADROTOR_CONTROLLER_STATE_SIZE * arrays.stride));
    batch.setCommands(velocityCommands);
    const steps = stepsPerDispatch * dispatches;
    const seconds = await medianSecondsAsync(2, async () => {
      batch.step(steps, stepsPerDispatch);
      await batch.finish();
    });
    return { rate: (count * steps) / seconds, seconds };
  } finally {
    batch.destroy();
  }
}

/** GPU drone-steps/s with a 2 km city in the loop: drones hover in clear air below the roofs, every step tests their cells' boxes. */
async function measureGpuCity(handle: GpuDeviceHandle, count: number, stepsPerDispatch: number): Promise<{ rate: number; buildings: number }> {
  const spec = generateWorld(7, { size: 2000 });
  const index = new WorldIndex(spec);
  const { arrays } = hoveringQuadrotors(count);
  const n = arrays.stride, { bounds } = spec;
  let seed = 1;
  const next = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < count; i++) {
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
  const batch = await GpuQuadrotorBatch.create(handle.device, {
    count, rung: 'velocity', dt: 0.01, gains: DEFAULT_QUADROTOR_GAINS, world: { grid: index.grid, bounds, droneRadius: 0.06 },
  });
  try {
    batch.upload(arrays, new Float32Array(QUADROTOR_CONTROLLER_STATE_SIZE * n));
    batch.setCommands(new Float32Array(4 * count));
    const seconds = await medianSecondsAsync(2, async () => {
      batch.step(stepsPerDispatch, stepsPerDispatch);
      await batch.finish();
    });
    return { rate: (count * stepsPerDispatch) / seconds, buildings: spec.buildings.length };
  } finally {
    batch.destroy();
  }
}

/** GPU robot-steps/s: robots driving by pure pursuit toward seeded goals in open space. */
async function measureGpuRobots(handle: GpuDeviceHandle, count: number, stepsPerDispatch: number): Promise<number> {
  const arena = BatchArena.create(robotArenaFields(count), { shared: false });
  const robots = robotArrays(arena, count);
  const n = robots.stride, commands = new Float32Array(2 * count);
  for (let i = 0; i < n; i++) {
    writeRobotParams(DELIVERY_ROBOT_PARAMS, robots.params, n, i);
    if (i >= count) robots.status[i] = VEHICLE_STATUS.inactive;
    else {
      robots.state[ROBOT_STATE.x * n + i] = (i % 256) * 3;
      robots.state[ROBOT_STATE.y * n + i] = Math.floor(i / 256) * 3;
      commands[2 * i] = robots.state[ROBOT_STATE.x * n + i] + 50;
      commands[2 * i + 1] = robots.state[ROBOT_STATE.y * n + i] + 20;
    }
  }
  const batch = await GpuRobotBatch.create(handle.device, { count, rung: 'goto', dt: 0.01, gains: DEFAULT_ROBOT_GAINS });
  try {
    batch.upload(robots);
    batch.setCommands(commands);
    const seconds = await medianSecondsAsync(2, async () => {
      batch.step(stepsPerDispatch, stepsPerDispatch);
      await batch.finish();
    });
    return (count * stepsPerDispatch) / seconds;
  } finally {
    batch.destroy();
  }
}

/** CPU wasm kernel (one thread), drone-steps/s at `count` drones on the same hovering batch. */
function measureCpu(count: number): { rate: number; kernel: string } {
  const { arena } = hoveringQuadrotors(count);
  const stepper = createQuadrotorStepper(arena, count);
  const steps = Math.max(2, Math.round(CPU_TARGET_DRONE_STEPS / count));
  stepper.step(0, count, 0.01, 1);
  const times: number[] = [];
  for (let r = 0; r < 3; r++) {
    const start = performance.now();
    stepper.step(0, count, 0.01, steps);
    times.push((performance.now() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  return { rate: (count * steps) / times[1], kernel: stepper.kernel };
}

export async function runGpuBench(): Promise<Record<string, number | string | boolean | null>> {
  console.log(`gpu bench on ${machineLine()}`);
  const figures: Record<string, number | string | boolean | null> = {};
  let handle: GpuDeviceHandle;
  try {
    handle = await requestGpuDevice({ log: (line) => console.log(`  ${line}`) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.log(`  no WebGPU adapter, GPU figures left out: ${message}`);
    return { gpu_error: message };
  }
  figures.gpu_adapter = handle.adapterName;
  figures.gpu_software = handle.software;
  try {
    let crossover: number | null = null;
    let skipFrom: number | null = null;
    for (const count of GPU_SIZES) {
      const stepsPerDispatch = Math.min(100, Math.max(5, Math.round(GPU_TARGET_DRONE_STEPS / count)));
      const dispatches = Math.max(1, Math.round(GPU_TARGET_DRONE_STEPS / (count * stepsPerDispatch)));
      const cpu = measureCpu(count);
      figures[`cpu_wasm_n${count}`] = cpu.rate;
      if (skipFrom !== null) {
        console.log(`  N=${String(count).padStart(7)}  cpu ${formatRate(cpu.rate)} (${cpu.kernel}, 1 thread)  gpu left out: N=${skipFrom} took over ${GPU_SECONDS_BUDGET} s`);
        figures[`gpu_n${count}`] = null;
        continue;
      }
      const gpu = await measureGpu(handle, count, stepsPerDispatch, dispatches);
      figures[`gpu_n${count}`] = gpu.rate;
      figures[`gpu_k_n${count}`] = stepsPerDispatch;
      if (crossover === null && gpu.rate > cpu.rate) crossover = count;
      console.log(
        `  N=${String(count).padStart(7)}  gpu ${formatRate(gpu.rate)} drone-steps/s (K=${stepsPerDispatch} steps/dispatch × ${dispatches})` +
        `  cpu ${formatRate(cpu.rate)} (${cpu.kernel}, 1 thread)  gpu/cpu ${(gpu.rate / cpu.rate).toFixed(2)}`,
      );
      if (gpu.seconds > GPU_SECONDS_BUDGET) skipFrom = count;
    }
    figures.gpu_cpu_crossover_n = crossover;
    console.log(crossover === null
      ? `  crossover: none up to N=${GPU_SIZES[GPU_SIZES.length - 1]}: this adapter${handle.software ? ' (software, on the CPU)' : ''} never beats one CPU thread`
      : `  crossover: the GPU beats one CPU thread from N=${crossover}`);
    const dispatchCount = 65536;
    for (const k of [1, 10]) {
      const gpu = await measureGpu(handle, dispatchCount, k, Math.max(1, Math.round(20 / k)));
      figures[`gpu_n${dispatchCount}_k${k}`] = gpu.rate;
      console.log(`  N=${dispatchCount}  K=${k} steps/dispatch: ${formatRate(gpu.rate)} drone-steps/s`);
    }
    const city = await measureGpuCity(handle, dispatchCount, 50);
    figures[`gpu_city_n${dispatchCount}`] = city.rate;
    console.log(`  N=${dispatchCount}  K=50 in a 2 km city (${city.buildings} buildings, drones below the roofs): ${formatRate(city.rate)} drone-steps/s`);
    const robots = await measureGpuRobots(handle, dispatchCount, 100);
    figures[`gpu_robots_n${dispatchCount}`] = robots;
    console.log(`  N=${dispatchCount}  K=100 ground robots (goto): ${formatRate(robots)} robot-steps/s`);
    Object.assign(figures, await runGpuJsBench(figures[`cpu_wasm_n65536`] as number));
  } finally {
    handle.destroy();
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await runGpuBench();
  console.log(JSON.stringify(figures));
  // Dawn's instance keeps the event loop alive.
  process.exit(0);
}
