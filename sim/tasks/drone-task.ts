import type { ArenaField, SeededRng } from '../../physics/index.ts';
import type { BatchCore } from '../batch/batch-core.ts';

/** One named slice of an observation vector, for documentation and for users building networks. */
export interface ObservationField {
  name: string;
  size: number;
  unit: string;
  description: string;
}

/**
 * A task is a small contract: how a drone's episode starts, what it observes, how it is
 * rewarded and when it ends. Batching, autoreset, workers and recording are the core's job.
 * Every function works on one drone `i` of the core; all state lives in the core's arena.
 */
export interface DroneTask {
  readonly name: string;
  readonly description: string;
  readonly observationSize: number;
  readonly observationLayout: readonly ObservationField[];
  readonly defaultMaxEpisodeSteps: number;
  /** Extra per-drone arrays the task keeps in the arena. */
  extraFields(stride: number): ArenaField[];
  /** Places drone `i` for a new episode (pose, velocity, targets, core.goal); draws only from `rng`. */
  resetDrone(core: BatchCore, i: number, rng: SeededRng): void;
  /**
   * After a physics step, for drones [start, end): sets core.reward[i] and core.ended[i] (1 when
   * the task ended: success, crash or failure), and keeps core.goal (where a position controller
   * should send the drone now, world frame) up to date.
   */
  evaluateSlice(core: BatchCore, start: number, end: number): void;
  /** Writes the observations of drones [start, end) at core.observation[i * observationSize]. */
  observeSlice(core: BatchCore, start: number, end: number): void;
  /** Distance to the task's goal at the end of an episode, m. */
  finalError(core: BatchCore, i: number): number;
  /** Whether drone `i`'s episode, ending now, counts as a success. */
  succeeded(core: BatchCore, i: number): boolean;
}

/** Shared observation tail: velocity, attitude, body rates, motor speeds (14 numbers). */
export const VEHICLE_OBSERVATION_TAIL: readonly ObservationField[] = [
  { name: 'velocity', size: 3, unit: 'm/s', description: 'world-frame velocity (east, north, up)' },
  { name: 'attitude', size: 4, unit: '', description: 'unit quaternion body→world (w, x, y, z)' },
  { name: 'angular_velocity', size: 3, unit: 'rad/s', description: 'body-frame rates (roll, pitch, yaw)' },
  { name: 'motor_speeds', size: 4, unit: '0..1', description: 'normalised rotor speeds in the Crazyflie order M1..M4 (front-right, back-right, back-left, front-left)' },
];
