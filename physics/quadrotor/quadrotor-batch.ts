import { BatchArena, type ArenaField, rowStride } from '../batch/batch-arena.ts';
import { QUADROTOR_KERNEL_PARAM_SIZE, QUADROTOR_STATE_SIZE } from './quadrotor-state-layout.ts';

/**
 * The arrays a batch of quadrotors is stepped with. `stride` is the drone count padded to the
 * SIMD width; component c of drone i is at `c * stride + i` in each component-major array.
 */
export function quadrotorArenaFields(count: number, prefix = 'quad'): ArenaField[] {
  const stride = rowStride(count);
  return [
    { name: `${prefix}.state`, kind: 'f32', length: QUADROTOR_STATE_SIZE * stride },
    { name: `${prefix}.params`, kind: 'f32', length: QUADROTOR_KERNEL_PARAM_SIZE * stride },
    { name: `${prefix}.motorCommand`, kind: 'f32', length: 4 * stride },
    { name: `${prefix}.externalForce`, kind: 'f32', length: 3 * stride },
    { name: `${prefix}.status`, kind: 'u8', length: stride },
  ];
}

export interface QuadrotorArrays {
  count: number;
  stride: number;
  state: Float32Array;
  params: Float32Array;
  motorCommand: Float32Array;
  externalForce: Float32Array;
  status: Uint8Array;
}

export function quadrotorArrays(arena: BatchArena, count: number, prefix = 'quad'): QuadrotorArrays {
  return {
    count,
    stride: rowStride(count),
    state: arena.f32(`${prefix}.state`),
    params: arena.f32(`${prefix}.params`),
    motorCommand: arena.f32(`${prefix}.motorCommand`),
    externalForce: arena.f32(`${prefix}.externalForce`),
    status: arena.u8(`${prefix}.status`),
  };
}
