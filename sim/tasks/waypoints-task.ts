import { QUADROTOR_STATE as S, VEHICLE_STATUS, type ArenaField, type SeededRng } from '../../physics/index.ts';
import type { BatchCore } from '../batch/batch-core.ts';
import { VEHICLE_OBSERVATION_TAIL, type DroneTask } from './drone-task.ts';
import { writeVehicleObservationTail } from './vehicle-observation.ts';

/** Waypoints: visit four seeded points in order; each counts when the drone comes within 25 cm. */
const WAYPOINTS = 4;
const REACH_RADIUS = 0.25; // m
const CRASH_PENALTY = 10;
const REACH_BONUS = 1;

export const waypointsTask: DroneTask = {
  name: 'waypoints',
  description: 'Visit four seeded waypoints in order (within 25 cm each); success when all are reached.',
  observationSize: 20,
  observationLayout: [
    { name: 'waypoint_error', size: 3, unit: 'm', description: 'current waypoint minus position (world frame)' },
    { name: 'next_waypoint_error', size: 3, unit: 'm', description: 'the waypoint after it minus position; zeros at the last one' },
    ...VEHICLE_OBSERVATION_TAIL,
  ],
  defaultMaxEpisodeSteps: 2000,

  extraFields(stride: number): ArenaField[] {
    return [
      { name: 'waypoints.points', kind: 'f32', length: 3 * WAYPOINTS * stride },
      { name: 'waypoints.index', kind: 'u32', length: stride },
      { name: 'waypoints.previousDistance', kind: 'f32', length: stride },
    ];
  },

  resetDrone(core: BatchCore, i: number, rng: SeededRng): void {
    const n = core.stride, points = core.taskArrays['waypoints.points'];
    const k = core.globalIndex(i) % core.config.dronesPerWorld;
    // Each drone of a world gets its own 10 m cell so that routes never cross.
    const cx = 10 * (k % 8), cy = 10 * Math.floor(k / 8);
    for (let w = 0; w < WAYPOINTS; w++) {
      points[3 * (WAYPOINTS * i + w)] = cx + rng.uniform(-4, 4);
      points[3 * (WAYPOINTS * i + w) + 1] = cy + rng.uniform(-4, 4);
      points[3 * (WAYPOINTS * i + w) + 2] = rng.uniform(1, 3);
    }
    const state = core.quad.state;
    state[S.px * n + i] = cx;
    state[S.py * n + i] = cy;
    state[S.pz * n + i] = 1;
    core.taskArrays['waypoints.index'][i] = 0;
    core.taskArrays['waypoints.previousDistance'][i] = distanceToWaypoint(core, i, 0);
  },

  evaluate(core: BatchCore, i: number): boolean {
    if (core.quad.status[i] !== VEHICLE_STATUS.ok) {
      core.reward[i] = -CRASH_PENALTY;
      return true;
    }
    const index = core.taskArrays['waypoints.index'];
    const previous = core.taskArrays['waypoints.previousDistance'];
    const distance = distanceToWaypoint(core, i, index[i]);
    // Progress toward the current waypoint, plus a bonus for each one reached.
    let reward = previous[i] - distance;
    if (distance < REACH_RADIUS) {
      reward += REACH_BONUS;
      index[i]++;
      if (index[i] >= WAYPOINTS) {
        core.reward[i] = reward;
        previous[i] = 0;
        return true;
      }
      previous[i] = distanceToWaypoint(core, i, index[i]);
    } else {
      previous[i] = distance;
    }
    core.reward[i] = reward;
    return false;
  },

  observe(core: BatchCore, i: number): void {
    const n = core.stride, state = core.quad.state, points = core.taskArrays['waypoints.points'];
    const current = Math.min(core.taskArrays['waypoints.index'][i], WAYPOINTS - 1);
    const o = i * 20, obs = core.observation;
    const px = state[S.px * n + i], py = state[S.py * n + i], pz = state[S.pz * n + i];
    const a = 3 * (WAYPOINTS * i + current);
    obs[o] = points[a] - px;
    obs[o + 1] = points[a + 1] - py;
    obs[o + 2] = points[a + 2] - pz;
    if (current + 1 < WAYPOINTS) {
      obs[o + 3] = points[a + 3] - px;
      obs[o + 4] = points[a + 4] - py;
      obs[o + 5] = points[a + 5] - pz;
    } else {
      obs[o + 3] = 0;
      obs[o + 4] = 0;
      obs[o + 5] = 0;
    }
    writeVehicleObservationTail(core, i, o + 6);
  },

  goal(core: BatchCore, i: number, out: Float64Array): void {
    const points = core.taskArrays['waypoints.points'];
    const current = Math.min(core.taskArrays['waypoints.index'][i], WAYPOINTS - 1);
    const a = 3 * (WAYPOINTS * i + current);
    out[0] = points[a];
    out[1] = points[a + 1];
    out[2] = points[a + 2];
  },

  finalError(core: BatchCore, i: number): number {
    const index = core.taskArrays['waypoints.index'][i];
    return index >= WAYPOINTS ? 0 : distanceToWaypoint(core, i, index);
  },

  succeeded(core: BatchCore, i: number): boolean {
    return core.quad.status[i] === VEHICLE_STATUS.ok && core.taskArrays['waypoints.index'][i] >= WAYPOINTS;
  },
};

function distanceToWaypoint(core: BatchCore, i: number, w: number): number {
  const n = core.stride, state = core.quad.state, points = core.taskArrays['waypoints.points'];
  const a = 3 * (WAYPOINTS * i + Math.min(w, WAYPOINTS - 1));
  return Math.hypot(points[a] - state[S.px * n + i], points[a + 1] - state[S.py * n + i], points[a + 2] - state[S.pz * n + i]);
}
