import { QUADROTOR_STATE as S, VEHICLE_STATUS, type ArenaField, type SeededRng } from '../../physics/index.ts';
import type { BatchCore } from '../batch/batch-core.ts';
import { VEHICLE_OBSERVATION_TAIL, type DroneTask } from './drone-task.ts';
import { writeVehicleObservationTail } from './vehicle-observation.ts';

/** Hover: start up to 1 m from a setpoint, reach it and stay. Success: within 10 cm at the end. */
const SUCCESS_RADIUS = 0.1; // m
const SPAWN_RADIUS = 1; // m
export const FLY_AWAY_DISTANCE = 5; // m: farther than this from the setpoint ends the episode
export const CRASH_PENALTY = 10;
const HOVER_ALTITUDE = 1.5; // m
const OBSERVATION_SIZE = 17;
const WIDE_POSITION = 1; // m per axis
const WIDE_SPEED = 1; // m/s per axis
const WIDE_TILT = Math.PI / 6; // rad: largest rotation away from level
const WIDE_RATE = 1; // rad/s per axis

export const hoverTask: DroneTask = {
  name: 'hover',
  description: 'Reach a setpoint up to 1 m away and hold it; success when within 10 cm at the end of the episode.',
  observationSize: OBSERVATION_SIZE,
  observationLayout: [
    { name: 'position_error', size: 3, unit: 'm', description: 'setpoint minus position (world frame)' },
    ...VEHICLE_OBSERVATION_TAIL,
  ],
  defaultMaxEpisodeSteps: 1000,

  extraFields(): ArenaField[] {
    return []; // the setpoint is the core's goal
  },

  resetDrone(core: BatchCore, i: number, rng: SeededRng): void {
    const n = core.stride, goal = core.goal;
    let tx: number, ty: number, tz: number;
    if (core.world) {
      // In a city: a seeded setpoint with clear air all around the spawn ball.
      const reach = (core.config.spawn === 'wide' ? Math.sqrt(3) * WIDE_POSITION : SPAWN_RADIUS) + 0.5;
      [tx, ty, tz] = core.world.clearSpot(rng, reach, reach, reach, 3, 40);
    } else {
      // Drones of one world hover at points of a 2 m grid so that they never share a setpoint.
      const k = core.globalIndex(i) % core.config.dronesPerWorld;
      tx = 2 * (k % 8); ty = 2 * Math.floor(k / 8); tz = HOVER_ALTITUDE;
    }
    goal[i] = tx;
    goal[n + i] = ty;
    goal[2 * n + i] = tz;
    const state = core.quad.state;
    if (core.config.spawn === 'wide') {
      spawnWide(core, i, rng, tx, ty, tz);
      return;
    }
    // A uniform point in the ball of radius SPAWN_RADIUS around the setpoint.
    let ox = 0, oy = 0, oz = 0;
    do {
      ox = rng.uniform(-1, 1); oy = rng.uniform(-1, 1); oz = rng.uniform(-1, 1);
    } while (ox * ox + oy * oy + oz * oz > 1);
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

  evaluateSlice(core: BatchCore, start: number, end: number): void {
    const n = core.stride, state = core.quad.state, status = core.quad.status, goal = core.goal;
    const { reward, ended } = core;
    for (let i = start; i < end; i++) {
      if (status[i] !== VEHICLE_STATUS.ok) {
        reward[i] = -CRASH_PENALTY;
        ended[i] = 1;
        continue;
      }
      const ex = goal[i] - state[S.px * n + i], ey = goal[n + i] - state[S.py * n + i], ez = goal[2 * n + i] - state[S.pz * n + i];
      const error = Math.sqrt(ex * ex + ey * ey + ez * ez);
      const vx = state[S.vx * n + i], vy = state[S.vy * n + i], vz = state[S.vz * n + i];
      const wx = state[S.wx * n + i], wy = state[S.wy * n + i], wz = state[S.wz * n + i];
      const speed = Math.sqrt(vx * vx + vy * vy + vz * vz), spin = Math.sqrt(wx * wx + wy * wy + wz * wz);
      reward[i] = 1 - (error < 2 ? error : 2) / 2 - 0.05 * speed - 0.01 * spin;
      ended[i] = error > FLY_AWAY_DISTANCE ? 1 : 0;
    }
  },

  observeSlice(core: BatchCore, start: number, end: number): void {
    const n = core.stride, state = core.quad.state, goal = core.goal, obs = core.observation;
    for (let i = start; i < end; i++) {
      const o = i * OBSERVATION_SIZE;
      obs[o] = goal[i] - state[S.px * n + i];
      obs[o + 1] = goal[n + i] - state[S.py * n + i];
      obs[o + 2] = goal[2 * n + i] - state[S.pz * n + i];
      writeVehicleObservationTail(core, i, o + 3);
    }
  },

  finalError: distanceToGoal,

  succeeded(core: BatchCore, i: number): boolean {
    return core.quad.status[i] === VEHICLE_STATUS.ok && distanceToGoal(core, i) < SUCCESS_RADIUS;
  },
};

/**
 * The 'wide' spawn of RL benchmarks (RLtools' Learning to Fly): position ±1 m and velocity ±1 m/s
 * per axis, attitude a rotation of up to 30° about a uniformly drawn axis, body rates ±1 rad/s.
 */
function spawnWide(core: BatchCore, i: number, rng: SeededRng, tx: number, ty: number, tz: number): void {
  const n = core.stride, state = core.quad.state;
  state[S.px * n + i] = tx + rng.uniform(-WIDE_POSITION, WIDE_POSITION);
  state[S.py * n + i] = ty + rng.uniform(-WIDE_POSITION, WIDE_POSITION);
  state[S.pz * n + i] = tz + rng.uniform(-WIDE_POSITION, WIDE_POSITION);
  for (let c = 0; c < 3; c++) state[(S.vx + c) * n + i] = rng.uniform(-WIDE_SPEED, WIDE_SPEED);
  let ux = 0, uy = 0, uz = 0, length = 0;
  do {
    ux = rng.uniform(-1, 1); uy = rng.uniform(-1, 1); uz = rng.uniform(-1, 1);
    length = Math.sqrt(ux * ux + uy * uy + uz * uz);
  } while (length > 1 || length < 1e-3);
  const half = 0.5 * rng.uniform(0, WIDE_TILT), s = Math.sin(half) / length;
  state[S.qw * n + i] = Math.cos(half);
  state[S.qx * n + i] = ux * s;
  state[S.qy * n + i] = uy * s;
  state[S.qz * n + i] = uz * s;
  for (let c = 0; c < 3; c++) state[(S.wx + c) * n + i] = rng.uniform(-WIDE_RATE, WIDE_RATE);
}

export function distanceToGoal(core: BatchCore, i: number): number {
  const n = core.stride, state = core.quad.state, goal = core.goal;
  const ex = goal[i] - state[S.px * n + i], ey = goal[n + i] - state[S.py * n + i], ez = goal[2 * n + i] - state[S.pz * n + i];
  return Math.sqrt(ex * ex + ey * ey + ez * ez);
}
