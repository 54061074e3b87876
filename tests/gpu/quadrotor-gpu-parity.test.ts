import { afterAll, describe, expect, it } from 'vitest';
import {
  BatchArena, DEFAULT_QUADROTOR_GAINS, GpuQuadrotorBatch, QUADROTOR_STATE as S, SeededRng, VEHICLE_STATUS, applyQuadrotorControl,
  createQuadrotorStepper, hoverMotorCommand, quadrotorArenaFields, quadrotorParamsByName, randomizeQuadrotorParams, rowStride,
  writeKernelParams, type QuadrotorRung, type QuadrotorStepper,
} from '../../physics/index.ts';
import { testGpu } from './gpu-test-device.ts';

const gpu = await testGpu();
const DT = 0.01;

/** A CPU batch of drones with randomised parameters at seeded start positions (the reference). */
function cpuBatch(count: number, seed: number): { stepper: QuadrotorStepper; integral: Float32Array; start: Float32Array } {
  const stride = rowStride(count);
  const arena = BatchArena.create([...quadrotorArenaFields(count), { name: 'integral', kind: 'f32', length: 3 * stride }], { shared: false });
  const stepper = createQuadrotorStepper(arena, count, { kernel: 'wasm-simd' });
  const { state, params, motorCommand, status } = stepper.arrays;
  const rng = new SeededRng(seed);
  const base = quadrotorParamsByName('cf2x');
  const start = new Float32Array(3 * count);
  for (let i = 0; i < stride; i++) {
    const p = i < count ? randomizeQuadrotorParams(base, { mass: 0.1, thrust: 0.1, inertia: 0.1, motorTimeConstant: 0.1 }, rng.nextUint32()) : base;
    writeKernelParams(p, params, stride, i);
    state[S.qw * stride + i] = 1;
    if (i >= count) {
      status[i] = VEHICLE_STATUS.inactive;
      continue;
    }
    const position = [rng.next() * 10 - 5, rng.next() * 10 - 5, 1 + rng.next() * 2];
    for (let k = 0; k < 3; k++) {
      state[(S.px + k) * stride + i] = position[k];
      start[3 * i + k] = position[k];
    }
    for (let m = 0; m < 4; m++) state[(S.r0 + m) * stride + i] = motorCommand[m * stride + i] = hoverMotorCommand(p);
  }
  return { stepper, integral: arena.f32('integral'), start };
}

/** Max distance between CPU and GPU positions after running the same command schedule on both. */
async function maxPositionDifference(
  rung: QuadrotorRung, count: number, schedule: (leg: number, start: Float32Array) => Float32Array, legs: number, stepsPerLeg: number, stepsPerDispatch: number,
): Promise<{ difference: number; travelled: number; crashed: number }> {
  const cpu = cpuBatch(count, 7);
  const batch = await GpuQuadrotorBatch.create(gpu.handle!.device, { count, rung, dt: DT, gains: DEFAULT_QUADROTOR_GAINS });
  try {
    batch.upload(cpu.stepper.arrays, cpu.integral);
    for (let leg = 0; leg < legs; leg++) {
      const commands = schedule(leg, cpu.start);
      batch.setCommands(commands);
      batch.step(stepsPerLeg, stepsPerDispatch);
      for (let s = 0; s < stepsPerLeg; s++) {
        applyQuadrotorControl(rung, commands, cpu.stepper.arrays, cpu.integral, DEFAULT_QUADROTOR_GAINS, 0, count, DT);
        cpu.stepper.step(0, count, DT);
      }
    }
    const stride = cpu.stepper.arrays.stride;
    const gpuState = new Float32Array(cpu.stepper.arrays.state.length);
    const gpuStatus = new Uint8Array(stride);
    await batch.read({ state: gpuState, status: gpuStatus });
    const cpuState = cpu.stepper.arrays.state;
    let difference = 0, travelled = 0, crashed = 0;
    for (let i = 0; i < count; i++) {
      let d2 = 0, t2 = 0;
      for (let k = 0; k < 3; k++) {
        d2 += (cpuState[(S.px + k) * stride + i] - gpuState[(S.px + k) * stride + i]) ** 2;
        t2 += (cpuState[(S.px + k) * stride + i] - cpu.start[3 * i + k]) ** 2;
      }
      difference = Math.max(difference, Math.sqrt(d2));
      travelled = Math.max(travelled, Math.sqrt(t2));
      if (gpuStatus[i] !== cpu.stepper.arrays.status[i]) crashed++;
    }
    return { difference, travelled, crashed };
  } finally {
    batch.destroy();
  }
}

describe.skipIf(gpu.handle === null)('the WebGPU quadrotor batch against the CPU kernel', () => {
  afterAll(() => gpu.handle?.destroy());

  it('holds 64 randomised drones at their hover setpoints for 1,000 steps within 1 mm of the CPU (velocity rung, 50 steps per dispatch)', async () => {
    const count = 64;
    // Hover: a small velocity command toward a point 0.5 m above each start, then zero velocity.
    const schedule = (leg: number): Float32Array => {
      const commands = new Float32Array(4 * count);
      for (let i = 0; i < count; i++) commands[4 * i + 2] = leg === 0 ? 0.5 : 0;
      return commands;
    };
    const result = await maxPositionDifference('velocity', count, schedule, 2, 500, 50);
    console.log(`hover parity: max position difference ${result.difference.toExponential(3)} m over 1,000 steps`);
    expect(result.crashed).toBe(0);
    expect(result.travelled).toBeGreaterThan(0.2);
    expect(result.difference).toBeLessThan(1e-3);
  });

  it('flies 64 randomised drones through four goto waypoints in 1,000 steps within 1 mm of the CPU (goto rung, 25 steps per dispatch)', async () => {
    const count = 64;
    const waypoints = [[3, 0, 1], [3, 3, 2], [0, 3, 1.5], [0, 0, 1]];
    const schedule = (leg: number, start: Float32Array): Float32Array => {
      const commands = new Float32Array(4 * count);
      for (let i = 0; i < count; i++) {
        for (let k = 0; k < 3; k++) commands[4 * i + k] = start[3 * i + k] * (k === 2 ? 0 : 1) + waypoints[leg][k];
        commands[4 * i + 3] = leg * 0.5 - 0.75; // a yaw setpoint per leg: exercises the yaw loop and the yaw cap
      }
      return commands;
    };
    const result = await maxPositionDifference('goto', count, schedule, 4, 250, 25);
    console.log(`waypoints parity: max position difference ${result.difference.toExponential(3)} m over 1,000 steps`);
    expect(result.crashed).toBe(0);
    expect(result.travelled).toBeGreaterThan(1);
    expect(result.difference).toBeLessThan(1e-3);
  });
});
