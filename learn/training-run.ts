import { mixSeeds } from '../physics/index.ts';
import { BatchEnv, type PolicyFile, type SpawnSpread } from '../sim/index.ts';
import { FastNetworkPolicy } from './network/fast-network-policy.ts';
import { PpoTrainer, type PpoSettings } from './ppo/ppo-trainer.ts';
import { Td3Trainer, type Td3Settings } from './td3/td3-trainer.ts';
import { randomizationFor, type TrainIterationStats, type TrainOptions, type Trainer } from './trainer.ts';
import type { LearningCurvePoint } from './curve/learning-curve-svg.ts';

export const TRAIN_ALGORITHMS = ['ppo', 'td3'] as const;
export type TrainAlgorithm = (typeof TRAIN_ALGORITHMS)[number];

export interface TrainingRunOptions extends TrainOptions {
  algorithm?: TrainAlgorithm;
  /** Stop after this many environment steps at most. */
  maxSteps?: number;
  /**
   * Stop early once the deterministic policy succeeds this often on a probe of unseen episodes
   * (`probeWorlds` worlds, the task's full episode length), checked every `probeEvery` iterations; 0 = never.
   */
  targetSuccess?: number;
  probeEvery?: number;
  probeWorlds?: number;
  /** Probes start once the training episodes' success rate first reaches this (default 0.1). */
  probeFrom?: number;
  /**
   * Consecutive probes at or above the target before stopping (default 3): the first crossing
   * often has drones a few cm inside the success radius; more training moves them in.
   */
  probeStreak?: number;
  ppo?: Partial<PpoSettings>;
  td3?: Partial<Td3Settings>;
  onIteration?: (stats: TrainIterationStats) => void;
  /** Polled between iterations: true stops the run (Ctrl-C), keeping the latest policy. */
  shouldStop?: () => boolean;
}

export interface TrainingRunResult {
  policy: PolicyFile;
  curve: LearningCurvePoint[];
  last: TrainIterationStats;
  stoppedBy: 'target' | 'steps' | 'interrupt';
  wallSeconds: number;
  /** The last probe's success rate (NaN when none ran). */
  probeSuccess: number;
}

export async function createTrainer(options: TrainingRunOptions): Promise<Trainer> {
  const algorithm = options.algorithm ?? 'ppo';
  if (algorithm === 'ppo') return PpoTrainer.create(options, options.ppo);
  if (algorithm === 'td3') return Td3Trainer.create(options, options.td3);
  throw new RangeError(`algorithm "${String(algorithm)}" is unknown; accepted: ${TRAIN_ALGORITHMS.join(', ')}`);
}

/** Trains until the step budget, the target success or a stop request; the result's policy is the latest. */
export async function runTraining(options: TrainingRunOptions): Promise<TrainingRunResult> {
  const maxSteps = options.maxSteps ?? 3_000_000;
  const target = options.targetSuccess ?? 0.97;
  const probeEvery = options.probeEvery ?? 5;
  const probeWorlds = options.probeWorlds ?? 256;
  const started = performance.now();
  const trainer = await createTrainer(options);
  const curve: LearningCurvePoint[] = [];
  let last: TrainIterationStats | null = null;
  let stoppedBy: TrainingRunResult['stoppedBy'] = 'steps';
  let probeSuccess = NaN;
  let probing = false;
  let streak = 0;
  const probeStreak = options.probeStreak ?? 3;
  const probeFrom = options.probeFrom ?? 0.1;
  try {
    while (trainer.environmentSteps < maxSteps) {
      last = await trainer.iterate();
      // Probes cost rollouts: start them once some training episodes (noisy as they are) succeed.
      if (Number.isFinite(last.successRate) && last.successRate >= probeFrom) probing = true;
      if (target > 0 && probing && last.iteration % probeEvery === 0) {
        // Probe episodes are unseen (their own seed) and flown without exploration noise, like the final evaluation.
        probeSuccess = (await evaluatePolicy(trainer.policyFile(), { worlds: probeWorlds, seed: mixSeeds(trainer.options.seed, 0x9e0be, last.iteration) })).successRate;
        last.probeSuccess = probeSuccess;
        streak = probeSuccess >= target ? streak + 1 : 0;
      }
      // Wall time of the whole run so far: set-up, rollouts, updates and probes.
      last.wallSeconds = (performance.now() - started) / 1000;
      curve.push({
        environmentSteps: last.environmentSteps, wallSeconds: last.wallSeconds, meanReturn: last.meanReturn, successRate: last.successRate,
        probeSuccess: last.probeSuccess,
      });
      options.onIteration?.(last);
      if (target > 0 && streak >= probeStreak) {
        stoppedBy = 'target';
        break;
      }
      // A macrotask turn, so a Ctrl-C (a signal handler) or a page's events get to run: the
      // iterations themselves only await microtasks.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (options.shouldStop?.()) {
        stoppedBy = 'interrupt';
        break;
      }
    }
    if (!last) last = await trainer.iterate();
    const metrics: Record<string, number | string> = {
      environment_steps: last.environmentSteps, gradient_steps: last.gradientSteps, iterations: last.iteration,
      wall_s: Number(last.wallSeconds.toFixed(3)), train_success_rate: Number((last.successRate || 0).toFixed(4)),
      train_mean_return: Number((last.meanReturn || 0).toFixed(3)), stopped_by: stoppedBy,
    };
    if (Number.isFinite(probeSuccess)) metrics.probe_success_rate = probeSuccess;
    return { policy: trainer.policyFile(metrics), curve, last, stoppedBy, wallSeconds: last.wallSeconds, probeSuccess };
  } finally {
    await trainer.close();
  }
}

export interface EvaluationOptions {
  worlds?: number;
  steps?: number;
  seed?: number;
  spawn?: SpawnSpread;
  randomize?: number;
  workers?: number;
}

export interface EvaluationResult {
  episodes: number;
  successRate: number;
  meanFinalError: number;
  /** Mean undiscounted return of the episodes (the task's reward summed over each). */
  meanReturn: number;
  crashes: number;
}

/**
 * Flies a policy deterministically on unseen episodes (another seed than training's): one episode
 * per world, `steps` long (the task's default length), counted when it ends or at the last step.
 */
export async function evaluatePolicy(policy: PolicyFile, options: EvaluationOptions = {}): Promise<EvaluationResult> {
  const env = await BatchEnv.create({
    task: policy.task, rung: policy.rung, paramSet: policy.paramSet,
    worlds: options.worlds ?? 4096, seed: options.seed ?? mixSeeds(policy.seed, 0x5eed),
    spawn: options.spawn ?? (policy.spawn === 'wide' ? 'wide' : 'gentle'), randomization: randomizationFor(options.randomize ?? 0),
    workers: options.workers ?? 1, autoreset: false,
  });
  try {
    const steps = options.steps ?? env.config.maxEpisodeSteps;
    const network = new FastNetworkPolicy(policy);
    const actions = new Float32Array(env.numDrones * 4);
    let observations = env.reset().obs;
    for (let s = 0; s < steps; s++) {
      network.act(observations, env.numDrones, actions);
      observations = env.step(actions).obs;
    }
    const core = env.core;
    let successes = 0, errorSum = 0, crashes = 0, returnSum = 0;
    for (let i = 0; i < env.numDrones; i++) {
      returnSum += core.episodeReturn[i];
      if (!(core.terminated[i] | core.truncated[i])) core.recordEpisodeEnd(i);
      successes += core.statsSuccesses[i];
      errorSum += core.statsErrorSum[i];
      crashes += core.statsCrashes[i];
    }
    return { episodes: env.numDrones, successRate: successes / env.numDrones, meanFinalError: errorSum / env.numDrones, meanReturn: returnSum / env.numDrones, crashes };
  } finally {
    await env.close();
  }
}
