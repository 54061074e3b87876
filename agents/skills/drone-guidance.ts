/**
 * Drone guidance shared by the flight skills: a position loop on top of the velocity rung with
 * a braking-distance speed profile, so drones cruise fast and still stop on a point.
 */
import type { FleetEnv } from '../../sim/index.ts';
import type { Vec3 } from './skill.ts';

export interface GuidanceLimits {
  horizontalSpeed: number; // m/s
  climbSpeed: number; // m/s up
  descentSpeed: number; // m/s down
}

export const CRUISE_LIMITS: GuidanceLimits = { horizontalSpeed: 6, climbSpeed: 3.5, descentSpeed: 3 };
export const HOLD_LIMITS: GuidanceLimits = { horizontalSpeed: 2, climbSpeed: 1.5, descentSpeed: 1 };
/** Brakes at this deceleration, m/s² (well inside the controller's 0.6 rad tilt limit). */
const BRAKING = 2.2;
const POSITION_GAIN = 1.2; // 1/s near the point
/** Touch-down speed: far below the 3 m/s crash speed. */
export const TOUCHDOWN_SPEED = 0.5;

function profile(distance: number, limit: number): number {
  return Math.min(limit, Math.sqrt(2 * BRAKING * distance), POSITION_GAIN * distance);
}

/** Commands the velocity rung toward `point`; returns the remaining 3D distance. */
export function steerDroneTo(env: FleetEnv, id: string, point: Vec3, limits: GuidanceLimits = CRUISE_LIMITS): number {
  const [x, y, z] = env.vehicle(id).position;
  const dx = point[0] - x, dy = point[1] - y, dz = point[2] - z;
  const horizontal = Math.hypot(dx, dy);
  const speed = profile(horizontal, limits.horizontalSpeed);
  const vx = horizontal > 1e-6 ? (dx / horizontal) * speed : 0;
  const vy = horizontal > 1e-6 ? (dy / horizontal) * speed : 0;
  const vz = dz >= 0 ? profile(dz, limits.climbSpeed) : -profile(-dz, limits.descentSpeed);
  env.setCommand(id, { rung: 'velocity', vx, vy, vz, yawRate: 0 });
  return Math.hypot(horizontal, dz);
}

/** Sinks straight down at touch-down speed over (x, y); motors stop once landed. Returns true when landed. */
export function descendToLand(env: FleetEnv, id: string, x: number, y: number, surface: number): boolean {
  const state = env.vehicle(id);
  if (state.landed) {
    env.setCommand(id, { rung: 'idle' });
    return true;
  }
  const [px, py, pz] = state.position;
  const height = pz - surface;
  const vz = -Math.max(TOUCHDOWN_SPEED, Math.min(CRUISE_LIMITS.descentSpeed, 0.8 * height));
  const vx = Math.max(-1, Math.min(1, POSITION_GAIN * (x - px)));
  const vy = Math.max(-1, Math.min(1, POSITION_GAIN * (y - py)));
  env.setCommand(id, { rung: 'velocity', vx, vy, vz, yawRate: 0 });
  return false;
}

/** Height of the surface under (x, y): a roof or the ground. */
export function surfaceBelow(env: FleetEnv, x: number, y: number): number {
  const building = env.world.buildingFootprintAt(x, y, 0);
  return building >= 0 ? env.spec.buildings[building].height : 0;
}
