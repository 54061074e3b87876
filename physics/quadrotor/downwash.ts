import type { QuadrotorArrays } from './quadrotor-batch.ts';
import type { DownwashOption } from './quadrotor-params.ts';
import { QUADROTOR_KERNEL_PARAM as K, QUADROTOR_STATE as S, VEHICLE_STATUS } from './quadrotor-state-layout.ts';

/**
 * Downwash: the air a drone pushes down hits the drones below it. gym-pybullet-drones'
 * BaseAviary._downwash (identified at the Dynamic Systems Lab): for a drone Δz below and Δxy beside
 * another (0 < Δz, Δxy < 10 m), α = c1·(ρ/4Δz)² N, β = c2·Δz + c3 m, and the lower drone feels
 * −α·exp(−½(Δxy/β)²) along its own body z (pybullet's LINK_FRAME), summed over the drones above.
 *
 * The kernels read the sum from the params row `downwashThrust` (N along body z, added to the rotor
 * thrust). It is computed here from the positions at the start of the step, for whole worlds only
 * (drones i·perWorld ... (i+1)·perWorld − 1 of a batch form world i): a slice of worlds reads no
 * drone outside itself, so any split of a batch into slices gives the same bits.
 */

/** Downward force (N, ≥ 0) on a drone Δz below (positive) and Δxy beside another, or 0 where they do not interact. */
export function downwashForce(dz: number, dxy: number, option: DownwashOption): number {
  if (!(dz > 0) || !(dxy < option.maxHorizontalDistance)) return 0;
  const ratio = option.propellerRadius / (4 * dz);
  const alpha = option.c1 * ratio * ratio;
  const beta = option.c2 * dz + option.c3;
  const spread = dxy / beta;
  return alpha * Math.exp(-0.5 * spread * spread);
}

/**
 * Writes each flying drone's downwash (negative: down along body z) into the params row
 * `downwashThrust` for drones [start, end) of a batch whose worlds hold `perWorld` drones each.
 * `start` must begin a world and `end` end one (or be the batch's count). Drones that are not
 * flying (crashed, inactive) neither feel nor cause downwash.
 */
export function applyDownwash(batch: QuadrotorArrays, option: DownwashOption, perWorld: number, start: number, end: number): void {
  if (start % perWorld !== 0 || (end % perWorld !== 0 && end !== batch.count)) {
    throw new RangeError(`applyDownwash: slice [${start}, ${end}) must hold whole worlds of ${perWorld} drones`);
  }
  const { state, params, status } = batch;
  const n = batch.stride, row = K.downwashThrust * n;
  for (let world = start; world < end; world += perWorld) {
    const last = Math.min(world + perWorld, end);
    for (let i = world; i < last; i++) {
      let force = 0;
      if (status[i] === VEHICLE_STATUS.ok) {
        const x = state[S.px * n + i], y = state[S.py * n + i], z = state[S.pz * n + i];
        for (let j = world; j < last; j++) {
          if (j === i || status[j] !== VEHICLE_STATUS.ok) continue;
          force += downwashForce(state[S.pz * n + j] - z, Math.hypot(state[S.px * n + j] - x, state[S.py * n + j] - y), option);
        }
      }
      params[row + i] = -force;
    }
  }
}
