import { afterAll, describe, expect, it } from 'vitest';
import {
  BatchArena, DEFAULT_ROBOT_GAINS, DELIVERY_ROBOT_PARAMS, GpuRobotBatch, ROBOT_STATE as R, SeededRng, VEHICLE_STATUS, applyRobotControl,
  robotArenaFields, robotArrays, rowStride, stepGroundRobots, writeRobotParams, type RobotArrays, type RobotRung,
} from '../../physics/index.ts';
import { WorldIndex, generateWorld, type WorldSpec } from '../../worlds/index.ts';
import { testGpu } from './gpu-test-device.ts';

const gpu = await testGpu();
const DT = 0.01;

/** Robots at seeded spots (clear of footprints when a world is given), the CPU reference. */
function cpuRobots(count: number, seed: number, index: WorldIndex | null, area: { minX: number; minY: number; maxX: number; maxY: number }): RobotArrays {
  const stride = rowStride(count);
  const arena = BatchArena.create(robotArenaFields(count), { shared: false });
  const robots = robotArrays(arena, count);
  const rng = new SeededRng(seed);
  const radius = DELIVERY_ROBOT_PARAMS.radius;
  for (let i = 0; i < stride; i++) {
    writeRobotParams(DELIVERY_ROBOT_PARAMS, robots.params, stride, i);
    if (i >= count) {
      robots.status[i] = VEHICLE_STATUS.inactive;
      continue;
    }
    let x = 0, y = 0;
    for (let attempt = 0; attempt < 200; attempt++) {
      x = rng.uniform(area.minX, area.maxX);
      y = rng.uniform(area.minY, area.maxY);
      if (!index || index.buildingFootprintAt(x, y, radius + 0.5) < 0) break;
    }
    robots.state[R.x * stride + i] = x;
    robots.state[R.y * stride + i] = y;
    robots.state[R.yaw * stride + i] = rng.uniform(-Math.PI, Math.PI);
  }
  return robots;
}

/** CPU steps as sim/'s fleet takes them: controller, drive, then blocked robots stay where they were. */
function stepCpu(robots: RobotArrays, rung: RobotRung, commands: Float32Array, steps: number, world: { index: WorldIndex; spec: WorldSpec } | null): number {
  const n = robots.stride, { state } = robots, previous = new Float32Array(2 * n), radius = DELIVERY_ROBOT_PARAMS.radius;
  let blocked = 0;
  for (let step = 0; step < steps; step++) {
    for (let i = 0; i < robots.count; i++) {
      previous[2 * i] = state[R.x * n + i];
      previous[2 * i + 1] = state[R.y * n + i];
    }
    applyRobotControl(rung, commands, robots, DEFAULT_ROBOT_GAINS, 0, robots.count);
    stepGroundRobots(robots, 0, robots.count, DT);
    if (!world) continue;
    const { bounds } = world.spec;
    for (let i = 0; i < robots.count; i++) {
      const x = state[R.x * n + i], y = state[R.y * n + i];
      const outside = x < bounds.minX + radius || x > bounds.maxX - radius || y < bounds.minY + radius || y > bounds.maxY - radius;
      if (outside || world.index.buildingFootprintAt(x, y, radius) >= 0) {
        state[R.x * n + i] = previous[2 * i];
        state[R.y * n + i] = previous[2 * i + 1];
        state[R.left * n + i] = 0;
        state[R.right * n + i] = 0;
        blocked++;
      }
    }
  }
  return blocked;
}

async function gpuPositions(robots: RobotArrays, rung: RobotRung, commands: Float32Array, steps: number, stepsPerDispatch: number, spec: WorldSpec | null, index: WorldIndex | null): Promise<Float32Array> {
  const batch = await GpuRobotBatch.create(gpu.handle!.device, {
    count: robots.count, rung, dt: DT, gains: DEFAULT_ROBOT_GAINS,
    world: spec && index ? { grid: index.grid, bounds: spec.bounds, droneRadius: 0 } : undefined,
  });
  try {
    batch.upload(robots);
    batch.setCommands(commands);
    batch.step(steps, stepsPerDispatch);
    const state = new Float32Array(robots.state.length);
    await batch.read({ state });
    return state;
  } finally {
    batch.destroy();
  }
}

function maxPositionDifference(robots: RobotArrays, gpuState: Float32Array): number {
  const n = robots.stride;
  let worst = 0;
  for (let i = 0; i < robots.count; i++) {
    worst = Math.max(worst, Math.hypot(robots.state[R.x * n + i] - gpuState[R.x * n + i], robots.state[R.y * n + i] - gpuState[R.y * n + i]));
  }
  return worst;
}

describe.skipIf(gpu.handle === null)('the WebGPU ground-robot batch against the CPU model', () => {
  afterAll(() => gpu.handle?.destroy());

  it('drives 256 robots to seeded goto points by pure pursuit for 1,000 steps within 1 mm of the CPU (100 steps per dispatch)', async () => {
    const count = 256;
    const robots = cpuRobots(count, 5, null, { minX: -10, minY: -10, maxX: 10, maxY: 10 });
    const rng = new SeededRng(6);
    const commands = new Float32Array(2 * count);
    for (let i = 0; i < 2 * count; i++) commands[i] = rng.uniform(-10, 10);
    const gpuState = await gpuPositions(robots, 'goto', commands, 1000, 100, null, null);
    stepCpu(robots, 'goto', commands, 1000, null);
    const n = robots.stride;
    let arrived = 0;
    for (let i = 0; i < count; i++) if (Math.hypot(robots.state[R.x * n + i] - commands[2 * i], robots.state[R.y * n + i] - commands[2 * i + 1]) < 0.1) arrived++;
    const difference = maxPositionDifference(robots, gpuState);
    console.log(`robot goto parity: ${arrived} of ${count} arrived, max position difference ${difference.toExponential(3)} m`);
    expect(arrived).toBeGreaterThan(count / 2);
    expect(difference).toBeLessThan(1e-3);
  });

  it('refuses an unknown rung, a bad count and commands of the wrong length, naming what is accepted', async () => {
    const device = gpu.handle!.device;
    await expect(GpuRobotBatch.create(device, { count: 4, rung: 'fly' as RobotRung, dt: DT, gains: DEFAULT_ROBOT_GAINS }))
      .rejects.toThrow('GPU robot batch rung "fly" is unknown; accepted: wheels, velocity, goto');
    await expect(GpuRobotBatch.create(device, { count: 0, rung: 'goto', dt: DT, gains: DEFAULT_ROBOT_GAINS })).rejects.toThrow(/count = 0; accepted: a whole number from 1/);
    const batch = await GpuRobotBatch.create(device, { count: 4, rung: 'goto', dt: DT, gains: DEFAULT_ROBOT_GAINS });
    try {
      expect(() => batch.setCommands(new Float32Array(3))).toThrow('GPU robot commands: expected at least 2 × 4 = 8 numbers (robot-major); got 3');
    } finally {
      batch.destroy();
    }
    expect(() => batch.step(1)).toThrow(/destroyed; create a new one/);
  });

  it('keeps robots out of building footprints and inside the world as the CPU fleet does (256 robots, velocity rung, 1,500 steps)', async () => {
    const spec = generateWorld(8, { size: 300 });
    const index = new WorldIndex(spec);
    const count = 256;
    const { bounds } = spec;
    const robots = cpuRobots(count, 9, index, { minX: bounds.minX + 5, minY: bounds.minY + 5, maxX: bounds.maxX - 5, maxY: bounds.maxY - 5 });
    const commands = new Float32Array(2 * count);
    for (let i = 0; i < count; i++) {
      commands[2 * i] = 1.5;
      commands[2 * i + 1] = ((i % 7) - 3) * 0.05; // gentle arcs
    }
    const start = robots.state.slice();
    const gpuState = await gpuPositions(robots, 'velocity', commands, 1500, 100, spec, index);
    const blocked = stepCpu(robots, 'velocity', commands, 1500, { index, spec });
    const n = robots.stride;
    let insideFootprint = 0, movedFar = 0;
    for (let i = 0; i < count; i++) if (Math.hypot(gpuState[R.x * n + i] - start[R.x * n + i], gpuState[R.y * n + i] - start[R.y * n + i]) > 5) movedFar++;
    for (let i = 0; i < count; i++) if (index.buildingFootprintAt(gpuState[R.x * n + i], gpuState[R.y * n + i], DELIVERY_ROBOT_PARAMS.radius) >= 0) insideFootprint++;
    const difference = maxPositionDifference(robots, gpuState);
    console.log(`robot city parity: ${blocked} blocked robot-steps on the CPU, ${movedFar} robots drove over 5 m, max position difference ${difference.toExponential(3)} m`);
    expect(blocked).toBeGreaterThan(100);
    expect(movedFar).toBeGreaterThan(count / 4);
    expect(insideFootprint).toBe(0);
    expect(difference).toBeLessThan(1e-3);
  });
});
