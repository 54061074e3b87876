import {
  combineWorldStateHashParts, concatDroneOutcomes, formatWorldStateHash, summarizeDroneOutcomes, type RolloutSummary,
} from '../sim/index.ts';
import { shardRange } from './shard-plan.ts';
import type { DecodedShardResult } from './shard-result.ts';

/** The merged rollout: `skyline rollout`'s summary, plus how the run was cut and served. */
export interface MergedRolloutSummary extends RolloutSummary {
  run_id: string;
  shards: number;
  /** Distinct worker processes (host:pid) whose results were merged. */
  worker_processes: number;
  /** Seconds the shards' rollouts took, added up over shards. */
  shard_seconds: number;
  /** Results of a shard that came back more than once (at-least-once delivery); each shard counts once. */
  duplicates_ignored: number;
}

/**
 * Merges the results of every shard of one run. Shards are keyed by index: a shard that came back
 * twice with the same hash counts once; with different hashes, or with any shard missing or from
 * another run, the merge refuses rather than print a wrong result.
 */
export function mergeShardResults(results: readonly DecodedShardResult[], timing: { wallS?: number } = {}): MergedRolloutSummary {
  if (results.length === 0) throw new RangeError('no shard results to merge; accepted: the parts of one run, every shard once or more');
  const first = results[0];
  const count = first.shard.count, spec = JSON.stringify(first.rollout);
  const byIndex = new Map<number, DecodedShardResult>();
  let duplicates = 0;
  for (const result of results) {
    const sameRollout = JSON.stringify(result.rollout) === spec && result.worldDigest === first.worldDigest && result.networkDigest === first.networkDigest;
    if (result.runId === first.runId && !sameRollout) {
      throw new RangeError(`shard ${result.shard.index}/${result.shard.count} of run ${result.runId} ran other rollout options or another city than shard ${first.shard.index}; accepted: parts of one run`);
    }
    if (result.runId !== first.runId || result.shard.count !== count || result.skyline !== first.skyline) {
      throw new RangeError(`shard ${result.shard.index}/${result.shard.count} belongs to run ${result.runId} (skyline ${result.skyline}), not to run ${first.runId} of ${count} shards (skyline ${first.skyline}); accepted: parts of one run`);
    }
    const expected = shardRange(first.rollout.worlds, result.shard.index, count);
    if (result.worldStart !== expected.worldStart || result.worlds !== expected.worlds) {
      throw new RangeError(`shard ${result.shard.index}/${count} holds worlds ${result.worldStart}+${result.worlds}; accepted: ${expected.worldStart}+${expected.worlds}`);
    }
    const seen = byIndex.get(result.shard.index);
    if (seen) {
      if (seen.hash.a !== result.hash.a || seen.hash.b !== result.hash.b) {
        throw new RangeError(`shard ${result.shard.index}/${count} came back twice with different state hashes; refusing to merge (the workers disagree: mixed versions or hardware faults)`);
      }
      duplicates++;
      continue;
    }
    byIndex.set(result.shard.index, result);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length) {
    throw new RangeError(`run ${first.runId} misses ${missing.length} of ${count} shards (${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}); accepted: every shard 0 to ${count - 1}`);
  }
  const ordered = [...byIndex.values()].sort((a, b) => a.shard.index - b.shard.index);
  const totals = summarizeDroneOutcomes(concatDroneOutcomes(ordered.map((r) => r.decoded)));
  const hash = combineWorldStateHashParts(ordered.map((r) => r.hash));
  const rollout = first.rollout;
  const drones = rollout.worlds * rollout.dronesPerWorld;
  const shardSeconds = ordered.reduce((sum, r) => sum + r.wallS, 0);
  const wall = timing.wallS ?? shardSeconds;
  const kernels = new Set(ordered.map((r) => r.kernel));
  const workerProcesses = new Set(ordered.map((r) => r.worker)).size;
  return {
    task: rollout.task, policy: rollout.policy, rung: rollout.rung, backend: 'cpu',
    kernel: kernels.size === 1 ? first.kernel : [...kernels].sort().join('+'),
    worlds: rollout.worlds, drones_per_world: rollout.dronesPerWorld, drones, steps: rollout.steps,
    workers: workerProcesses, seed: rollout.seed, ...totals, wall_s: wall, city: first.city,
    steps_per_s: (drones * rollout.steps) / wall, sim_seconds_per_s: (drones * rollout.steps * rollout.dt) / wall,
    state_hash: formatWorldStateHash(hash),
    run_id: first.runId, shards: count, worker_processes: workerProcesses, shard_seconds: shardSeconds, duplicates_ignored: duplicates,
  };
}
