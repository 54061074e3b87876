import { SeededRng } from '../math/seeded-rng.ts';
import type { QuadrotorParams } from './quadrotor-params.ts';

/**
 * Domain randomisation: each quantity is scaled by a factor drawn uniformly from
 * [1 − fraction, 1 + fraction]. A fraction of 0 leaves the quantity as it is.
 */
export interface QuadrotorRandomization {
  mass?: number;
  thrust?: number; // scales c0, c1 and c2 together
  yawTorque?: number;
  inertia?: number; // each diagonal entry independently
  motorTimeConstant?: number; // rise and fall together
}

const FIELDS: (keyof QuadrotorRandomization)[] = ['mass', 'thrust', 'yawTorque', 'inertia', 'motorTimeConstant'];

export function validateRandomization(randomization: QuadrotorRandomization): void {
  for (const [key, value] of Object.entries(randomization)) {
    if (!FIELDS.includes(key as keyof QuadrotorRandomization)) {
      throw new RangeError(`randomization.${key}: unknown field; accepted: ${FIELDS.join(', ')}`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value >= 1) {
      throw new RangeError(`randomization.${key}: must be a fraction in [0, 1) (got ${String(value)})`);
    }
  }
}

/** A randomised copy of `base`, drawn from `seed` alone (so it does not depend on batch order). */
export function randomizeQuadrotorParams(base: QuadrotorParams, randomization: QuadrotorRandomization, seed: number): QuadrotorParams {
  const rng = new SeededRng(seed);
  const factor = (fraction: number | undefined): number => (fraction ? 1 + fraction * (2 * rng.next() - 1) : 1);
  const thrust = factor(randomization.thrust);
  const motor = factor(randomization.motorTimeConstant);
  return {
    ...base,
    mass: base.mass * factor(randomization.mass),
    thrustCurve: { c0: base.thrustCurve.c0 * thrust, c1: base.thrustCurve.c1 * thrust, c2: base.thrustCurve.c2 * thrust },
    yawTorquePerThrust: base.yawTorquePerThrust * factor(randomization.yawTorque),
    inertia: {
      xx: base.inertia.xx * factor(randomization.inertia),
      yy: base.inertia.yy * factor(randomization.inertia),
      zz: base.inertia.zz * factor(randomization.inertia),
    },
    motorTimeConstant: { rise: base.motorTimeConstant.rise * motor, fall: base.motorTimeConstant.fall * motor },
  };
}
