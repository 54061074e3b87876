/**
 * The committed reference trajectories (tests/physics/fixtures/reference-trajectories/*.csv; how they
 * were made: docs/physics.md) and how Skyline replays them: the same initial state (f32) and the same
 * motor setpoints per step, with the parameter set of the model that made them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  CF2X_PARAMS, CRAZYFLIE_L2F_PARAMS, QUADROTOR_STATE_NAMES, QUADROTOR_STATE_SIZE, type QuadrotorParams,
} from '../../physics/index.ts';

const FOLDER = fileURLToPath(new URL('./fixtures/reference-trajectories/', import.meta.url));

export interface ReferenceTrajectory {
  name: string;
  description: string;
  source: string;
  params: QuadrotorParams;
  /** Initial state, 17 numbers in QUADROTOR_STATE order. */
  initial: number[];
  /** Motor setpoints of steps 1..N. */
  commands: number[][];
  /** States after steps 1..N (f64 as the reference computed them). */
  states: number[][];
}

/** The parameters each reference model corresponds to. cf2x: gym-pybullet-drones' explicit model has no drag. */
function paramsFor(name: string): QuadrotorParams {
  if (name.startsWith('l2f-')) return CRAZYFLIE_L2F_PARAMS;
  const cf2x: QuadrotorParams = { ...CF2X_PARAMS, drag: { xy: 0, z: 0 } };
  return name === 'cf2x-ground-effect' ? { ...cf2x, groundEffect: { ...cf2x.groundEffect, enabled: true } } : cf2x;
}

export function loadReferenceTrajectories(): ReferenceTrajectory[] {
  return readdirSync(FOLDER).filter((file) => file.endsWith('.csv')).sort().map((file) => {
    const lines = readFileSync(FOLDER + file, 'utf8').trim().split('\n');
    const comments = lines.filter((line) => line.startsWith('#')).map((line) => line.slice(2));
    const [header, ...rows] = lines.filter((line) => !line.startsWith('#'));
    const columns = header.split(',');
    const stateColumns = QUADROTOR_STATE_NAMES.map((name) => columns.indexOf(name));
    const commandColumns = ['u0', 'u1', 'u2', 'u3'].map((name) => columns.indexOf(name));
    if (stateColumns.includes(-1) || commandColumns.includes(-1) || stateColumns.length !== QUADROTOR_STATE_SIZE) throw new Error(`${file}: unexpected columns ${header}`);
    const cells = rows.map((row) => row.split(','));
    const name = file.replace(/\.csv$/, '');
    return {
      name,
      description: comments[0],
      source: comments[1].replace(/^source: /, ''),
      params: paramsFor(name),
      initial: stateColumns.map((c) => Number(cells[0][c])),
      commands: cells.slice(1).map((row) => commandColumns.map((c) => Number(row[c]))),
      states: cells.slice(1).map((row) => stateColumns.map((c) => Number(row[c]))),
    };
  });
}

/** Largest position (m), attitude (rad), velocity (m/s), body rate (rad/s) and motor speed differences to a reference state. */
export interface TrajectoryError { position: number; attitude: number; velocity: number; rate: number; motor: number }

export function stateError(state: ArrayLike<number>, reference: readonly number[]): TrajectoryError {
  const d = (c: number): number => state[c] - reference[c];
  // Angle of the relative rotation conj(reference)·state from its vector part (acos of the dot product loses half the digits).
  const [aw, ax, ay, az] = [reference[6], -reference[7], -reference[8], -reference[9]];
  const [bw, bx, by, bz] = [state[6], state[7], state[8], state[9]];
  const vx = aw * bx + ax * bw + ay * bz - az * by, vy = aw * by - ax * bz + ay * bw + az * bx, vz = aw * bz + ax * by - ay * bx + az * bw;
  return {
    position: Math.hypot(d(0), d(1), d(2)),
    velocity: Math.hypot(d(3), d(4), d(5)),
    attitude: 2 * Math.asin(Math.min(1, Math.hypot(vx, vy, vz))),
    rate: Math.hypot(d(10), d(11), d(12)),
    motor: Math.max(Math.abs(d(13)), Math.abs(d(14)), Math.abs(d(15)), Math.abs(d(16))),
  };
}

export function worst(a: TrajectoryError, b: TrajectoryError): TrajectoryError {
  return {
    position: Math.max(a.position, b.position), attitude: Math.max(a.attitude, b.attitude), velocity: Math.max(a.velocity, b.velocity),
    rate: Math.max(a.rate, b.rate), motor: Math.max(a.motor, b.motor),
  };
}

export const NO_ERROR: TrajectoryError = { position: 0, attitude: 0, velocity: 0, rate: 0, motor: 0 };

/**
 * The agreement each fixture must reach over its whole 1 s horizon (f32 kernel against an f64
 * reference; measured figures in docs/physics.md). Learning-to-Fly steps RK4 at the same 10 ms as
 * Skyline, so only f32 rounding separates them. The cf2x references are converged solutions (1 ms),
 * so the random cf2x flights, spinning up to tens of rad/s, also measure Skyline's RK4 truncation.
 */
export function toleranceFor(name: string): TrajectoryError {
  if (name.startsWith('cf2x-random')) return { position: 3e-4, attitude: 2e-3, velocity: 1.5e-3, rate: 2e-2, motor: 1e-6 };
  if (name.includes('random')) return { position: 5e-5, attitude: 1e-4, velocity: 1e-4, rate: 5e-4, motor: 1e-6 };
  return { position: 5e-5, attitude: 5e-5, velocity: 5e-5, rate: 2e-4, motor: 1e-6 };
}
