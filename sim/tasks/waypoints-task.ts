import { QUADROTOR_STATE as S, VEHICLE_STATUS, type ArenaField, type SeededRng } from '../../physics/index.ts';
import type { BatchCore } from '../batch/batch-core.ts';
import { VEHICLE_OBSERVATION_TAIL, type DroneTask } from './drone-task.ts';
import { distanceToGoal } from './hover-task.ts';
import { writeVehicleObservationTail } from './vehicle-observation.ts';

/** Waypoints: visit four seeded points in order; each counts when the drone comes within 25 cm. */
const WAYPOINTS = 4;
const REACH_RADIUS = 0.25; // m
const CRASH_PENALTY = 10;
const REACH_BONUS = 1;
const OBSERVATION_SIZE = 20;

export const waypointsTask: DroneTask = {
  name: 'waypoints',
  description: 'Visit four seeded waypoints in order (within 25 cm each); success when all are reached.',
  observationSize: OBSERVATION_SIZE,
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
    let cx: number, cy: number, base: number;
    if (core.world) {
      // In a city: a seeded 10 m cell of clear air from 1 m below the start to 3 m above it.
      [cx, cy, base] = core.world.clearSpot(rng, 5, 1, 3, 3, 40);
    } else {
      // Each drone of a world gets its own 10 m cell so that routes never cross.
      const k = core.globalIndex(i) % core.config.dronesPerWorld;
      cx = 10 * (k % 8); cy = 10 * Math.floor(k / 8); base = 1;
    }
    for (let w = 0; w < WAYPOINTS; w++) {
      points[3 * (WAYPOINTS * i + w)] = cx + rng.uniform(-4, 4);
      points[3 * (WAYPOINTS * i + w) + 1] = cy + rng.uniform(-4, 4);
      points[3 * (WAYPOINTS * i + w) + 2] = base + rng.uniform(0, 2);
    }
    const state = core.quad.state;
    state[S.px * n + i] = cx;
    state[S.py * n + i] = cy;
    state[S.pz * n + i] = base;
    core.taskArrays['waypoints.index'][i] = 0;
    setGoal(core, i, 0);
    core.taskArrays['waypoints.previousDistance'][i] = distanceToGoal(core, i);
  },

  evaluateSlice(core: BatchCore, start: number, end: number): void {
    const index = core.taskArrays['waypoints.index'], previous = core.taskArrays['waypoints.previousDistance'];
    const { reward, ended } = core, status = core.quad.status;
    for (let i = start; i < end; i++) {
      if (status[i] !== VEHICLE_STATUS.ok) {
        reward[i] = -CRASH_PENALTY;
        ended[i] = 1;
        continue;
      }
      const distance = distanceToGoal(core, i);
      // Progress toward the current waypoint, plus a bonus for each one reached.
      let gained = previous[i] - distance;
      ended[i] = 0;
      if (distance < REACH_RADIUS) {
        gained += REACH_BONUS;
        index[i]++;
        if (index[i] >= WAYPOINTS) {
          ended[i] = 1;
          previous[i] = 0;
        } else {
          setGoal(core, i, index[i]);
          previous[i] = distanceToGoal(core, i);
        }
      } else {
        previous[i] = distance;
      }
      reward[i] = gained;
    }
  },

  observeSlice(core: BatchCore, start: number, end: number): void {
    const n = core.stride, state = core.quad.state, points = core.taskArrays['waypoints.points'];
    const index = core.taskArrays['waypoints.index'], goal = core.goal, obs = core.observation;
    for (let i = start; i < end; i++) {
      const current = Math.min(index[i], WAYPOINTS - 1);
      const o = i * OBSERVATION_SIZE;
      const px = state[S.px * n + i], py = state[S.py * n + i], pz = state[S.pz * n + i];
      obs[o] = goal[i] - px;
      obs[o + 1] = goal[n + i] - py;
      obs[o + 2] = goal[2 * n + i] - pz;
      if (current + 1 < WAYPOINTS) {
        const a = 3 * (WAYPOINTS * i + current + 1);
        obs[o + 3] = points[a] - px;
        obs[o + 4] = points[a + 1] - py;
        obs[o + 5] = points[a + 2] - pz;
      } else {
        obs[o + 3] = 0;
        obs[o + 4] = 0;
        obs[o + 5] = 0;
      }
      writeVehicleObservationTail(core, i, o + 6);
    }
  },

  finalError(core: BatchCore, i: number): number {
    return core.taskArrays['waypoints.index'][i] >= WAYPOINTS ? 0 : distanceToGoal(core, i);
  },

  succeeded(core: BatchCore, i: number): boolean {
    return core.quad.status[i] === VEHICLE_STATUS.ok && core.taskArrays['waypoints.index'][i] >= WAYPOINTS;
  },
};

function setGoal(core: BatchCore, i: number, w: number): void {
  const n = core.stride, points = core.taskArrays['waypoints.points'], a = 3 * (WAYPOINTS * i + w);
  core.goal[i] = points[a];
  core.goal[n + i] = points[a + 1];
  core.goal[2 * n + i] = points[a + 2];
}
