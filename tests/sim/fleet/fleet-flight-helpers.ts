import type { FleetEnv } from '../../../sim/index.ts';

/** Commands a goto and steps until the drone is within `tolerance` m and slow, or `maxSeconds` pass; returns the seconds used. */
export function flyTo(env: FleetEnv, id: string, x: number, y: number, z: number, maxSeconds = 120, tolerance = 0.15): number {
  env.setCommand(id, { rung: 'goto', x, y, z, yaw: 0 });
  const start = env.t;
  while (env.t - start < maxSeconds) {
    env.advance(25);
    const state = env.vehicle(id);
    if (state.status !== 'ok') break;
    const error = Math.hypot(state.position[0] - x, state.position[1] - y, state.position[2] - z);
    if (error < tolerance && Math.hypot(...state.velocity) < 0.1) break;
  }
  return env.t - start;
}

/** Climbs to `cruise`, crosses to above (x, y), then descends to z: clear of buildings lower than `cruise`. */
export function flyOver(env: FleetEnv, id: string, x: number, y: number, z: number, cruise: number): void {
  const [x0, y0] = env.vehicle(id).position;
  flyTo(env, id, x0, y0, cruise, 120, 0.5);
  flyTo(env, id, x, y, cruise, 400, 0.5);
  flyTo(env, id, x, y, z);
}

/** Drives a robot toward (x, y) with goto until it is within `tolerance` m or stops moving. */
export function driveTo(env: FleetEnv, id: string, x: number, y: number, maxSeconds = 120, tolerance = 0.3): void {
  env.setCommand(id, { rung: 'goto', x, y });
  const start = env.t;
  while (env.t - start < maxSeconds) {
    env.advance(25);
    const [px, py] = env.vehicle(id).position;
    if (Math.hypot(px - x, py - y) < tolerance) break;
  }
}
