/**
 * Downwash on the WebGPU backend: the pass before each step gives the CPU's flights (the same
 * scene as tests/physics/aerodynamic-options.test.ts), and it couples only drones of one world.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  BatchArena, CF2X_PARAMS, DEFAULT_QUADROTOR_GAINS, GpuQuadrotorBatch, QUADROTOR_STATE as S, VEHICLE_STATUS, applyDownwash,
  applyQuadrotorControl, createQuadrotorStepper, hoverMotorCommand, quadrotorArenaFields, quadrotorParamsByName, rowStride,
  writeKernelParams, type QuadrotorParams,
} from '../../physics/index.ts';
import { BatchEnv } from '../../sim/index.ts';
import { testGpu } from './gpu-test-device.ts';

const gpu = await testGpu();
const withDownwash = quadrotorParamsByName('cf2x+downwash');
const STEPS = 300;
// Worlds of two drones: 0 = A at 3 m over B at 2 m (B descends at 0.5 m/s); 1 = the same 1 m aside;
// 2 = a drone at 2 m under world 0's A, its partner far away: another world, so no wake.
const START = [[0, 0, 3], [0, 0, 2], [5, 0, 3], [6, 0, 2], [0, 0.0, 2.5], [20, 0, 2]];
const COMMANDS = new Float32Array([0, 0, 0, 0, 0, 0, -0.5, 0, 0, 0, 0, 0, 0, 0, -0.5, 0, 0, 0, -0.5, 0, 0, 0, 0, 0]);

function scene(params: QuadrotorParams): { arena: BatchArena; stepper: ReturnType<typeof createQuadrotorStepper> } {
  const count = START.length, stride = rowStride(count);
  const arena = BatchArena.create([...quadrotorArenaFields(count), { name: 'integral', kind: 'f32', length: 3 * stride }], { shared: false });
  const stepper = createQuadrotorStepper(arena, count, { kernel: 'wasm-simd' });
  const { state, params: rows, motorCommand, status } = stepper.arrays;
  const hover = hoverMotorCommand(params);
  for (let i = 0; i < stride; i++) {
    writeKernelParams(params, rows, stride, i);
    status[i] = i < count ? VEHICLE_STATUS.ok : VEHICLE_STATUS.inactive;
    state[S.qw * stride + i] = 1;
    for (let m = 0; m < 4; m++) state[(S.r0 + m) * stride + i] = motorCommand[m * stride + i] = hover;
    if (i < count) START[i].forEach((value, k) => (state[(S.px + k) * stride + i] = value));
  }
  return { arena, stepper };
}

function heightsOnCpu(params: QuadrotorParams): number[] {
  const { arena, stepper } = scene(params);
  for (let step = 0; step < STEPS; step++) {
    if (params.downwash.enabled) applyDownwash(stepper.arrays, params.downwash, 2, 0, START.length);
    applyQuadrotorControl('velocity', COMMANDS, stepper.arrays, arena.f32('integral'), DEFAULT_QUADROTOR_GAINS, 0, START.length, 0.01);
    stepper.step(0, START.length, 0.01);
  }
  return START.map((_, i) => stepper.arrays.state[S.pz * stepper.arrays.stride + i]);
}

describe.skipIf(gpu.handle === null)('downwash on the WebGPU backend', () => {
  afterAll(() => gpu.handle?.destroy());

  it('flies the drones of each world as the CPU does (within 1 mm over 3 s), a world apart feeling nothing', async () => {
    const { arena, stepper } = scene(withDownwash);
    const batch = await GpuQuadrotorBatch.create(gpu.handle!.device, {
      count: START.length, rung: 'velocity', dt: 0.01, gains: DEFAULT_QUADROTOR_GAINS, downwash: { option: withDownwash.downwash, perWorld: 2 },
    });
    try {
      batch.upload(stepper.arrays, arena.f32('integral'));
      batch.setCommands(COMMANDS);
      batch.step(STEPS, 50);
      const state = new Float32Array(stepper.arrays.state.length);
      await batch.read({ state });
      const gpuHeights = START.map((_, i) => state[S.pz * stepper.arrays.stride + i]);
      const cpu = heightsOnCpu(withDownwash), calm = heightsOnCpu(CF2X_PARAMS);
      console.log(`B after 3 s: GPU ${gpuHeights[1].toFixed(4)} m, CPU ${cpu[1].toFixed(4)} m, without downwash ${calm[1].toFixed(4)} m`);
      gpuHeights.forEach((z, i) => expect(Math.abs(z - cpu[i]), `drone ${i}`).toBeLessThan(1e-3));
      expect(calm[1] - gpuHeights[1]).toBeGreaterThan(0.1); // in the wake it came down faster
      expect(Math.abs(gpuHeights[4] - calm[4])).toBeLessThan(1e-4); // under world 0's A, but in world 2
    } finally {
      batch.destroy();
    }
  });

  it('runs a BatchEnv of several drones per world with +downwash on the webgpu backend', async () => {
    const env = await BatchEnv.create({ task: 'hover', worlds: 4, dronesPerWorld: 3, paramSet: 'cf2x+downwash', backend: 'webgpu' });
    try {
      env.reset({ seed: 1 });
      let crashed = 0;
      for (let k = 0; k < 20; k++) crashed += (await env.stepAsync(new Float32Array(4 * 12))).terminated.reduce((a, b) => a + b, 0);
      expect(env.stepsTaken).toBe(20);
      expect(crashed).toBe(0);
    } finally {
      await env.close();
    }
  });
});
