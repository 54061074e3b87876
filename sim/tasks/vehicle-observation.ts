import { QUADROTOR_STATE as S } from '../../physics/index.ts';
import type { BatchCore } from '../batch/batch-core.ts';

/** Writes velocity, attitude, body rates and motor speeds (14 numbers) of drone i at `offset`. */
export function writeVehicleObservationTail(core: BatchCore, i: number, offset: number): void {
  const n = core.stride, state = core.quad.state, obs = core.observation;
  for (let c = 0; c < 14; c++) obs[offset + c] = state[(S.vx + c) * n + i];
}
