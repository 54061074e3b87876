import { QUADROTOR_RUNG_NAMES, quadrotorParamsByName, type QuadrotorRandomization, type QuadrotorRung } from '../physics/index.ts';
import { DRONE_TASK_NAMES, SPAWN_SPREADS, taskByName, type PolicyFile, type SpawnSpread } from '../sim/index.ts';

/** What every trainer accepts; algorithm-specific settings sit beside it. */
export interface TrainOptions {
  task?: string;
  rung?: QuadrotorRung;
  paramSet?: string;
  seed?: number;
  /** Threads that step the BatchEnv; the policy does not depend on it (the maths runs on one thread). */
  workers?: number;
  /** Domain randomisation: ± this fraction on mass, thrust, yaw torque, inertia and motor lag per episode. */
  randomize?: number;
  spawn?: SpawnSpread;
  hidden?: number[];
  /** Training episode length in steps (shorter than a rollout's: more starts per second of training). */
  maxEpisodeSteps?: number;
  /** Parallel drones (PPO) or environments (off-policy). */
  envs?: number;
}

export interface ResolvedTrainOptions {
  task: string;
  rung: QuadrotorRung;
  paramSet: string;
  seed: number;
  workers: number;
  randomize: number;
  spawn: SpawnSpread;
  hidden: number[];
  maxEpisodeSteps: number;
}

/** Figures of one training iteration (a rollout and its update). */
export interface TrainIterationStats {
  iteration: number;
  environmentSteps: number;
  gradientSteps: number;
  /** Episodes that ended during this iteration, their mean return and success rate (NaN when none ended). */
  episodes: number;
  meanReturn: number;
  successRate: number;
  wallSeconds: number;
  policyLoss: number;
  valueLoss: number;
  actionStd: number;
  /** Success of the deterministic policy on unseen probe episodes, when a probe ran after this iteration. */
  probeSuccess?: number;
}

export interface Trainer {
  readonly options: ResolvedTrainOptions;
  readonly environmentSteps: number;
  iterate(): Promise<TrainIterationStats>;
  policyFile(metrics?: Record<string, number | string>): PolicyFile;
  close(): Promise<void>;
}

export function resolveTrainOptions(options: TrainOptions): ResolvedTrainOptions {
  const task = options.task ?? 'hover';
  if (!DRONE_TASK_NAMES.includes(task)) throw new RangeError(`task "${task}" is unknown; accepted: ${DRONE_TASK_NAMES.join(', ')}`);
  const rung = options.rung ?? 'motors';
  if (!QUADROTOR_RUNG_NAMES.includes(rung)) throw new RangeError(`rung "${String(rung)}" is unknown; accepted: ${QUADROTOR_RUNG_NAMES.join(', ')}`);
  const paramSet = options.paramSet ?? 'cf2x';
  quadrotorParamsByName(paramSet);
  const randomize = options.randomize ?? 0;
  if (!Number.isFinite(randomize) || randomize < 0 || randomize > 0.5) throw new RangeError(`randomize = ${randomize}; accepted: a fraction from 0 to 0.5`);
  const spawn = options.spawn ?? (task === 'hover' ? 'wide' : 'gentle');
  if (!SPAWN_SPREADS.includes(spawn)) throw new RangeError(`spawn "${String(spawn)}" is unknown; accepted: ${SPAWN_SPREADS.join(', ')}`);
  const hidden = options.hidden ?? [32, 32];
  if (hidden.length === 0 || hidden.some((h) => !Number.isInteger(h) || h < 1 || h > 1024)) {
    throw new RangeError(`hidden = [${hidden.join(', ')}]; accepted: one or more layer widths, whole numbers from 1 to 1024`);
  }
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed = ${seed}; accepted: a whole number from 0 to 4294967295`);
  return {
    task, rung, paramSet, seed, randomize, spawn, hidden,
    workers: options.workers ?? 1,
    // Hover: 2 s episodes give more starts per second (a time-limit end bootstraps); waypoints
    // need time to reach four points, so half the task's 20 s.
    maxEpisodeSteps: options.maxEpisodeSteps ?? (task === 'hover' ? 200 : Math.min(1000, taskByName(task).defaultMaxEpisodeSteps)),
  };
}

/** The randomisation a `--randomize F` asks for, as rollouts interpret it. */
export function randomizationFor(fraction: number): QuadrotorRandomization {
  return fraction > 0 ? { mass: fraction, thrust: fraction, yawTorque: fraction, inertia: fraction, motorTimeConstant: fraction } : {};
}
