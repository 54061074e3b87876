/**
 * The WebGPU backend against the reference trajectories of the published Crazyflie models (the
 * files tests/physics/reference-trajectories.test.ts replays on the CPU): every fixture is one
 * drone of one batch on the `motors` rung, its setpoints sent step by step, compared after 1 s.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  BatchArena, DEFAULT_QUADROTOR_GAINS, GpuQuadrotorBatch, QUADROTOR_STATE_SIZE, VEHICLE_STATUS, quadrotorArenaFields, quadrotorArrays,
  rowStride, writeKernelParams,
} from '../../physics/index.ts';
import { loadReferenceTrajectories, stateError, toleranceFor } from '../physics/reference-trajectory-fixtures.ts';
import { testGpu } from './gpu-test-device.ts';

const gpu = await testGpu();
const trajectories = loadReferenceTrajectories();

describe.skipIf(gpu.handle === null)('the WebGPU backend against the published Crazyflie models', () => {
  afterAll(() => gpu.handle?.destroy());

  it('ends each 1 s reference trajectory within its f32 tolerance', async () => {
    const count = trajectories.length, stride = rowStride(count);
    const arena = BatchArena.create([...quadrotorArenaFields(count), { name: 'integral', kind: 'f32', length: 3 * stride }], { shared: false });
    const arrays = quadrotorArrays(arena, count);
    for (let i = 0; i < stride; i++) {
      const t = trajectories[Math.min(i, count - 1)];
      writeKernelParams(t.params, arrays.params, stride, i);
      arrays.status[i] = i < count ? VEHICLE_STATUS.ok : VEHICLE_STATUS.inactive;
      for (let c = 0; c < QUADROTOR_STATE_SIZE; c++) arrays.state[c * stride + i] = t.initial[c];
    }
    const batch = await GpuQuadrotorBatch.create(gpu.handle!.device, { count, rung: 'motors', dt: 0.01, gains: DEFAULT_QUADROTOR_GAINS });
    try {
      batch.upload(arrays, arena.f32('integral'));
      const steps = trajectories[0].commands.length;
      const commands = new Float32Array(4 * count);
      for (let step = 0; step < steps; step++) {
        trajectories.forEach((t, i) => commands.set(t.commands[step], 4 * i));
        batch.setCommands(commands);
        batch.step(1, 1);
      }
      const state = new Float32Array(arrays.state.length);
      await batch.read({ state, status: new Uint8Array(stride) });
      trajectories.forEach((t, i) => {
        const row = Array.from({ length: QUADROTOR_STATE_SIZE }, (_, c) => state[c * stride + i]);
        const e = stateError(row, t.states[steps - 1]), tolerance = toleranceFor(t.name);
        console.log(`webgpu ${t.name} at 1 s: position ${e.position.toExponential(2)} m, attitude ${e.attitude.toExponential(2)} rad, rates ${e.rate.toExponential(2)} rad/s`);
        expect(e.position, `${t.name} position`).toBeLessThan(tolerance.position);
        expect(e.attitude, `${t.name} attitude`).toBeLessThan(tolerance.attitude);
        expect(e.velocity, `${t.name} velocity`).toBeLessThan(tolerance.velocity);
        expect(e.rate, `${t.name} body rates`).toBeLessThan(tolerance.rate);
        expect(e.motor, `${t.name} motor speeds`).toBeLessThan(tolerance.motor);
      });
    } finally {
      batch.destroy();
    }
  });
});
