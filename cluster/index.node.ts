/**
 * cluster/'s Node face: the queue (BullMQ on Redis), the worker and the commands, with the plain
 * face re-exported. Imported by Node programs only (cli/, tests, benches). BullMQ loads on first
 * use (half a second), so commands that do not queue anything start as fast as before.
 */
import type { QueueRolloutOptions } from './rollout-queue.node.ts';
import type { RolloutWorker, RolloutWorkerOptions } from './rollout-worker.node.ts';
import type { MergedRolloutSummary } from './shard-merge.ts';

export * from './index.ts';
export { ROLLOUT_QUEUE_NAME, shardJobId, mergeJobId, checkRedisUrl, redactRedisUrl } from './queue-address.ts';
export { rolloutScaleOut } from './rollout-scale-out.node.ts';
export { skylineVersion } from './skyline-version.node.ts';
export { createWorkerCommand } from './cli/worker-command.node.ts';
export { createMergeCommand } from './cli/merge-command.node.ts';
export type { QueueRolloutOptions, RolloutWorker, RolloutWorkerOptions };

/** Enqueues a rollout as a BullMQ flow of shards and waits for the merged summary. */
export async function runRolloutOnQueue(options: QueueRolloutOptions): Promise<MergedRolloutSummary> {
  return (await import('./rollout-queue.node.ts')).runRolloutOnQueue(options);
}

/** Starts a worker of the rollout queue in this process. */
export async function startRolloutWorker(options: RolloutWorkerOptions): Promise<RolloutWorker> {
  return (await import('./rollout-worker.node.ts')).startRolloutWorker(options);
}
