/**
 * The WebGPU backend has the Crazyflie's rotor layout and spin directions: the same checks as
 * tests/physics/rotor-layout.test.ts for the CPU kernels, run through the WGSL kernel.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  BatchArena, CRAZYFLIE_L2F_PARAMS, DEFAULT_QUADROTOR_GAINS, GpuQuadrotorBatch, QUADROTOR_STATE as S, VEHICLE_STATUS,
  hoverMotorCommand, quadrotorArenaFields, quadrotorArrays, rowStride, writeKernelParams,
} from '../../physics/index.ts';
import { testGpu } from './gpu-test-device.ts';

const gpu = await testGpu();
const params = CRAZYFLIE_L2F_PARAMS;
const hover = hoverMotorCommand(params);

/** Runs drones level at 10 m with motors at hover under fixed motor commands; returns yaw, wx, wy of each. */
async function flyOnGpu(motors: readonly (readonly number[])[], steps: number): Promise<{ yaw: number; wx: number; wy: number }[]> {
  const count = motors.length, stride = rowStride(count);
  const arena = BatchArena.create([...quadrotorArenaFields(count), { name: 'integral', kind: 'f32', length: 3 * stride }], { shared: false });
  const arrays = quadrotorArrays(arena, count);
  const commands = new Float32Array(4 * count);
  for (let i = 0; i < stride; i++) {
    writeKernelParams(params, arrays.params, stride, i);
    arrays.state[S.qw * stride + i] = 1;
    arrays.state[S.pz * stride + i] = 10;
    arrays.status[i] = i < count ? VEHICLE_STATUS.ok : VEHICLE_STATUS.inactive;
    for (let m = 0; m < 4; m++) arrays.state[(S.r0 + m) * stride + i] = hover;
    if (i < count) commands.set(motors[i], 4 * i);
  }
  const batch = await GpuQuadrotorBatch.create(gpu.handle!.device, { count, rung: 'motors', dt: 0.01, gains: DEFAULT_QUADROTOR_GAINS });
  try {
    batch.upload(arrays, arena.f32('integral'));
    batch.setCommands(commands);
    batch.step(steps, steps);
    const state = new Float32Array(arrays.state.length);
    await batch.read({ state, status: new Uint8Array(stride) });
    return motors.map((_, i) => {
      const [w, x, y, z] = [S.qw, S.qx, S.qy, S.qz].map((c) => state[c * stride + i]);
      return { yaw: Math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z)), wx: state[S.wx * stride + i], wy: state[S.wy * stride + i] };
    });
  } finally {
    batch.destroy();
  }
}

describe.skipIf(gpu.handle === null)('the WebGPU backend\'s rotor layout', () => {
  afterAll(() => gpu.handle?.destroy());

  it('yaws counter-clockwise when M2 and M4 speed up and M1 and M3 slow down, clockwise the other way round', async () => {
    const [ccw, cw] = await flyOnGpu([[hover - 0.01, hover + 0.01, hover - 0.01, hover + 0.01], [hover + 0.01, hover - 0.01, hover + 0.01, hover - 0.01]], 100);
    expect(ccw.yaw).toBeGreaterThan(0.3);
    expect(cw.yaw).toBeLessThan(-0.3);
    expect(Math.abs(ccw.wx) + Math.abs(ccw.wy)).toBeLessThan(1e-4);
  });

  it('has its front-right and back-left rotors spinning counter-clockwise, found by their torques alone', async () => {
    const probes = [0, 1, 2, 3].map((m) => [0, 1, 2, 3].map((k) => hover + (k === m ? 0.02 : 0)));
    const found = (await flyOnGpu(probes, 5)).map(({ wx, wy, yaw }) => `${-wy > 0 ? 'front' : 'back'}-${wx > 0 ? 'left' : 'right'} ${yaw < 0 ? 'ccw' : 'cw'}`);
    expect(found).toEqual(['front-right ccw', 'back-right cw', 'back-left ccw', 'front-left cw']);
  });
});
