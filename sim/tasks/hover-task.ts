import { QUADROTOR_STATE as S, VEHICLE_STATUS, type ArenaField, type SeededRng } from '../../physics/index.ts';
import type { BatchCore } from '../batch/batch-core.ts';
import { VEHICLE_OBSERVATION_TAIL, type DroneTask } from './drone-task.ts';
import { writeVehicleObservationTail } from './vehicle-observation.ts';

/** Hover: start up to 1 m from a setpoint, reach it and stay. Success: within 10 cm at the end. */
const SUCCESS_RADIUS = 0.1; // m
const SPAWN_RADIUS = 1; // m
const FLY_AWAY_DISTANCE = 5; // m: farther than this from the setpoint ends the episode
const CRASH_PENALTY = 10;
const HOVER_ALTITUDE = 1.5; // m

export const hoverTask: DroneTask = {
  name: 'hover',
  description: 'Reach a setpoint up to 1 m away and hold it; success when within 10 cm at the end of the episode.',
  observationSize: 17,
  observationLayout: [
    { name: 'position_error', size: 3, unit: 'm', description: 'setpoint minus position (world frame)' },
    ...VEHICLE_OBSERVATION_TAIL,
  ],
  defaultMaxEpisodeSteps: 1000,

  extraFields(stride: number): ArenaField[] {
    return [{ name: 'hover.target', kind: 'f32', length: 3 * stride }];
  },

  resetDrone(core: BatchCore, i: number, rng: SeededRng): void {
    const n = core.stride;
    const target = core.taskArrays['hover.target'];
    // Drones of one world hover at points of a 2 m grid so that they never share a setpoint.
    const k = core.globalIndex(i) % core.config.dronesPerWorld;
    const tx = 2 * (k % 8), ty = 2 * Math.floor(k / 8), tz = HOVER_ALTITUDE;
    target[i] = tx;
    target[n + i] = ty;
    target[2 * n + i] = tz;
    // A uniform point in the ball of radius SPAWN_RADIUS around the setpoint.
    let ox = 0, oy = 0, oz = 0;
    do {
      ox = rng.uniform(-1, 1); oy = rng.uniform(-1, 1); oz = rng.uniform(-1, 1);
    } while (ox * ox + oy * oy + oz * oz > 1);
    const state = core.quad.state;
    state[S.px * n + i] = tx + SPAWN_RADIUS * ox;
    state[S.py * n + i] = ty + SPAWN_RADIUS * oy;
    state[S.pz * n + i] = tz + SPAWN_RADIUS * oz;
    state[S.vx * n + i] = rng.uniform(-0.2, 0.2);
    state[S.vy * n + i] = rng.uniform(-0.2, 0.2);
    state[S.vz * n + i] = rng.uniform(-0.2, 0.2);
    // A small random tilt (±0.1 rad about x and y).
    const ax = rng.uniform(-0.05, 0.05), ay = rng.uniform(-0.05, 0.05);
    const norm = Math.sqrt(1 + ax * ax + ay * ay);
    state[S.qw * n + i] = 1 / norm;
    state[S.qx * n + i] = ax / norm;
    state[S.qy * n + i] = ay / norm;
    state[S.qz * n + i] = 0;
  },

  evaluate(core: BatchCore, i: number): boolean {
    const error = distanceToTarget(core, i);
    if (core.quad.status[i] !== VEHICLE_STATUS.ok) {
      core.reward[i] = -CRASH_PENALTY;
      return true;
    }
    const n = core.stride, state = core.quad.state;
    const speed = Math.hypot(state[S.vx * n + i], state[S.vy * n + i], state[S.vz * n + i]);
    const spin = Math.hypot(state[S.wx * n + i], state[S.wy * n + i], state[S.wz * n + i]);
    core.reward[i] = 1 - Math.min(error, 2) / 2 - 0.05 * speed - 0.01 * spin;
    return error > FLY_AWAY_DISTANCE;
  },

  observe(core: BatchCore, i: number): void {
    const n = core.stride, state = core.quad.state, target = core.taskArrays['hover.target'];
    const o = i * 17, obs = core.observation;
    obs[o] = target[i] - state[S.px * n + i];
    obs[o + 1] = target[n + i] - state[S.py * n + i];
    obs[o + 2] = target[2 * n + i] - state[S.pz * n + i];
    writeVehicleObservationTail(core, i, o + 3);
  },

  goal(core: BatchCore, i: number, out: Float64Array): void {
    const n = core.stride, target = core.taskArrays['hover.target'];
    out[0] = target[i];
    out[1] = target[n + i];
    out[2] = target[2 * n + i];
  },

  finalError: distanceToTarget,

  succeeded(core: BatchCore, i: number): boolean {
    return core.quad.status[i] === VEHICLE_STATUS.ok && distanceToTarget(core, i) < SUCCESS_RADIUS;
  },
};

function distanceToTarget(core: BatchCore, i: number): number {
  const n = core.stride, state = core.quad.state, target = core.taskArrays['hover.target'];
  return Math.hypot(target[i] - state[S.px * n + i], target[n + i] - state[S.py * n + i], target[2 * n + i] - state[S.pz * n + i]);
}
