import { BatchEnv, type BatchEnvOptions } from '../batch-env.ts';
import type { PolicyFile } from '../policies/policy-file.ts';
import { collectDroneOutcomes, summarizeDroneOutcomes, type DroneOutcomes } from './drone-outcomes.ts';
import { formatWorldStateHash, worldStateHashPart, type WorldStateHashPart } from './world-state-hash.ts';

export interface RolloutOptions extends BatchEnvOptions {
  steps: number;
  policy: string;
  /** A trained network to fly instead of a built-in policy (`policy` then names it in the summary). */
  network?: PolicyFile;
  /** Steps per dispatch to the threads; progress is reported between chunks. */
  chunk?: number;
  onProgress?: (stepsDone: number, stepsTotal: number) => void;
}

export interface RolloutSummary {
  task: string;
  policy: string;
  rung: string;
  backend: string;
  kernel: string;
  worlds: number;
  drones_per_world: number;
  drones: number;
  steps: number;
  workers: number;
  seed: number;
  episodes: number;
  success_rate: number;
  mean_final_error: number;
  crashes: number;
  wall_s: number;
  /** The city's name when flying in one, else null. */
  city: string | null;
  steps_per_s: number;
  sim_seconds_per_s: number;
  state_hash: string;
}

/** A rollout's summary with what a shard of a larger run hands on: each drone's outcome and its worlds' hash part. */
export interface RolloutParts {
  summary: RolloutSummary;
  outcomes: DroneOutcomes;
  hashPart: WorldStateHashPart;
}

/**
 * Runs a built-in policy over a batch and summarises it. Episodes still running at the last step
 * are counted as ending there, so `success_rate` covers every drone even in short rollouts.
 */
export async function runRollout(options: RolloutOptions): Promise<RolloutSummary> {
  return (await runRolloutParts(options)).summary;
}

/** `runRollout`, also returning the per-drone outcomes and hash part that shards of a run merge from. */
export async function runRolloutParts(options: RolloutOptions): Promise<RolloutParts> {
  if (!Number.isInteger(options.steps) || options.steps < 1) {
    throw new RangeError(`steps = ${String(options.steps)}; accepted: a whole number ≥ 1`);
  }
  const env = await BatchEnv.create(options);
  try {
    env.reset({ seed: env.config.seed });
    const chunk = Math.max(1, options.chunk ?? 50);
    const started = performance.now();
    const network = options.network ?? null;
    for (let done = 0; done < options.steps; ) {
      const steps = Math.min(chunk, options.steps - done);
      // A network flies in the GPU's step loop on the webgpu backend (hover), else on the CPU between steps.
      if (network) await env.runNetworkAsync(network, steps);
      else await env.runPolicyAsync(options.policy, steps);
      done += steps;
      options.onProgress?.(done, options.steps);
    }
    const wall = (performance.now() - started) / 1000;
    const core = env.core;
    // Count episodes still running as ending now, unless they ended at the very last step.
    for (let i = 0; i < env.numDrones; i++) {
      if (core.episodeStep[i] > 0) core.recordEpisodeEnd(i);
    }
    const outcomes = collectDroneOutcomes(core, env.numDrones);
    const hashPart = worldStateHashPart(core);
    const { episodes, success_rate, mean_final_error, crashes } = summarizeDroneOutcomes(outcomes);
    const droneSteps = env.numDrones * options.steps;
    const summary: RolloutSummary = {
      task: env.config.task,
      policy: options.policy,
      rung: env.config.rung,
      backend: env.backend,
      kernel: env.backend === 'webgpu' ? (network && env.networkOnGpu(network) ? 'wgsl + network in the loop' : 'wgsl') : core.stepper.kernel,
      worlds: env.config.worlds,
      drones_per_world: env.config.dronesPerWorld,
      drones: env.numDrones,
      steps: options.steps,
      workers: env.workers,
      seed: env.config.seed,
      episodes,
      success_rate,
      mean_final_error,
      crashes,
      wall_s: wall,
      city: env.config.world?.name ?? null,
      steps_per_s: droneSteps / wall,
      sim_seconds_per_s: (droneSteps * env.config.dt) / wall,
      // One digest per world, added up, so a run sharded by world index hashes the same.
      state_hash: formatWorldStateHash(hashPart),
    };
    return { summary, outcomes, hashPart };
  } finally {
    await env.close();
  }
}
