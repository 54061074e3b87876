import { hashTypedArrays } from '../physics/index.ts';
import { parsePolicyFile, runRolloutParts, type SpawnSpread } from '../sim/index.ts';
import type { WorldSpec } from '../worlds/index.ts';
import { SHARD_PROTOCOL, type ShardJob } from './shard-job.ts';
import { SHARD_RESULT_FORMAT, encodeDroneOutcomes, type ShardResult } from './shard-result.ts';
import { shardRange } from './shard-plan.ts';

export interface RunShardOptions {
  /** Threads that step this shard's batch (results do not depend on it). */
  threads?: number;
  /** Who runs it, as the summary counts worker processes (host:pid). */
  worker: string;
  onProgress?: (stepsDone: number, stepsTotal: number) => void;
}

/** Runs one shard: the worlds of its range, placed at their global index, so it matches the run in one piece. */
export async function runShard(job: ShardJob, options: RunShardOptions): Promise<ShardResult> {
  const { rollout } = job;
  const range = shardRange(rollout.worlds, job.shard.index, job.shard.count);
  const parts = await runRolloutParts({
    task: rollout.task, worlds: range.worlds, dronesPerWorld: rollout.dronesPerWorld, steps: rollout.steps,
    seed: rollout.seed, policy: rollout.policy, rung: rollout.rung, paramSet: rollout.paramSet, kernel: rollout.kernel,
    dt: rollout.dt, maxEpisodeSteps: rollout.maxEpisodeSteps, randomization: rollout.randomization,
    spawn: rollout.spawn as SpawnSpread, world: rollout.world as unknown as WorldSpec | null, worldIndexOffset: range.worldStart,
    network: rollout.network === null ? undefined : parsePolicyFile(rollout.network, 'rollout.network'),
    workers: options.threads ?? 1, backend: 'cpu', onProgress: options.onProgress,
  });
  return {
    format: SHARD_RESULT_FORMAT, protocol: SHARD_PROTOCOL, skyline: job.skyline, runId: job.runId, shard: job.shard,
    worldStart: range.worldStart, worlds: range.worlds, drones: parts.summary.drones,
    // The city and the network are named by fingerprints: a result stays small.
    rollout: { ...rollout, world: null, network: null },
    worldDigest: rollout.world ? digestOf(JSON.stringify(rollout.world)) : null,
    networkDigest: rollout.network === null ? null : digestOf(rollout.network),
    hashPart: parts.hashPart, outcomes: encodeDroneOutcomes(parts.outcomes),
    kernel: parts.summary.kernel, city: parts.summary.city, wallS: parts.summary.wall_s, worker: options.worker,
  };
}

function digestOf(text: string): string {
  return hashTypedArrays([new TextEncoder().encode(text)]);
}
