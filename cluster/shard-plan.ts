/**
 * Cutting a rollout into shards by global world index. Shard i of n holds worlds
 * [floor(i·W/n), floor((i+1)·W/n)): contiguous, in order, sizes differing by at most one.
 */
export interface ShardRange {
  index: number;
  count: number;
  /** Global index of the shard's first world (the batch's `worldIndexOffset`). */
  worldStart: number;
  worlds: number;
}

export function shardRange(totalWorlds: number, index: number, count: number): ShardRange {
  checkShardCount(totalWorlds, count);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`shard index ${String(index)} of ${count}; accepted: a whole number from 0 to ${count - 1}`);
  }
  const worldStart = Math.floor((index * totalWorlds) / count);
  const worldEnd = Math.floor(((index + 1) * totalWorlds) / count);
  return { index, count, worldStart, worlds: worldEnd - worldStart };
}

export function planShards(totalWorlds: number, count: number): ShardRange[] {
  checkShardCount(totalWorlds, count);
  return Array.from({ length: count }, (_, index) => shardRange(totalWorlds, index, count));
}

/** Without --shards: about 64 worlds a shard, at most 64 shards. */
export function defaultShardCount(totalWorlds: number): number {
  return Math.max(1, Math.min(64, Math.ceil(totalWorlds / 64)));
}

/** `--shard i/n` (0-based i, as Kubernetes' JOB_COMPLETION_INDEX and Slurm's array index from 0). */
export function parseShardSpec(text: string): { index: number; count: number } {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = match ? Number(match[1]) : NaN, count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index >= count) {
    throw new RangeError(`--shard "${text}"; accepted: i/n with 0 ≤ i < n, e.g. 0/4 … 3/4`);
  }
  return { index, count };
}

function checkShardCount(totalWorlds: number, count: number): void {
  if (!Number.isInteger(count) || count < 1 || count > totalWorlds) {
    throw new RangeError(`${String(count)} shards of ${totalWorlds} worlds; accepted: 1 to ${totalWorlds} shards (each shard holds at least one world)`);
  }
}
