import { randomBytes } from 'node:crypto';
import { FlowProducer, Job, Queue } from 'bullmq';
import { MERGE_JOB_FORMAT, SHARD_JOB_FORMAT, SHARD_PROTOCOL, type MergeJob, type RolloutSpec, type ShardJob } from './shard-job.ts';
import type { MergedRolloutSummary } from './shard-merge.ts';
import { planShards } from './shard-plan.ts';
import { ROLLOUT_QUEUE_NAME, mergeJobId, redactRedisUrl, shardJobId } from './queue-address.ts';
import { openRedis } from './redis-connection.node.ts';
import { skylineVersion } from './skyline-version.node.ts';

export interface QueueRolloutOptions {
  /** redis://host:port of the queue. */
  url: string;
  rollout: RolloutSpec;
  shards: number;
  /** Called once the flow is in the queue, with its run id (the jobs are `<run id>-shard-<i>` and `<run id>-merge`). */
  onQueued?: (runId: string) => void;
  /** Called as shards finish: (shards done, shards in all). */
  onProgress?: (done: number, total: number) => void;
  /** Give up when Redis stays unreachable this long (default 60 s). */
  unreachableLimitMs?: number;
  /** Attempts of a shard that fails with an error (a stall is counted apart, by the workers). */
  attempts?: number;
  log?: (line: string) => void;
}

/**
 * Enqueues a rollout as one BullMQ flow: a merge job (the parent) with one child per shard, with
 * job ids of run id + shard index so that a shard is stored, retried and merged once. Waits for
 * the merge and returns its summary, timed from enqueue to merged result.
 */
export async function runRolloutOnQueue(options: QueueRolloutOptions): Promise<MergedRolloutSummary> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const skyline = skylineVersion();
  const plan = planShards(options.rollout.worlds, options.shards);
  const runId = `r${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  const connection = await openRedis(options.url, log);
  const queue = new Queue(ROLLOUT_QUEUE_NAME, { connection });
  const flows = new FlowProducer({ connection });
  // The connection already says once that Redis is away; without listeners BullMQ would print every retry.
  queue.on('error', () => {});
  flows.on('error', () => {});
  const started = performance.now();
  try {
    const keep = { age: 24 * 3600 };
    const origin = { protocol: SHARD_PROTOCOL, skyline, runId } as const;
    const mergeJob: MergeJob = { format: MERGE_JOB_FORMAT, ...origin, shards: plan.length, rollout: options.rollout };
    await flows.add({
      name: 'merge', queueName: ROLLOUT_QUEUE_NAME, data: mergeJob,
      opts: { jobId: mergeJobId(runId), attempts: 3, removeOnComplete: keep, removeOnFail: keep },
      children: plan.map((range) => ({
        name: 'shard', queueName: ROLLOUT_QUEUE_NAME,
        data: { format: SHARD_JOB_FORMAT, ...origin, shard: { index: range.index, count: range.count }, rollout: options.rollout } satisfies ShardJob,
        opts: {
          jobId: shardJobId(runId, range.index), attempts: options.attempts ?? 3, backoff: { type: 'fixed', delay: 1000 },
          failParentOnFailure: true, removeOnComplete: keep, removeOnFail: keep,
        },
      })),
    });
    options.onQueued?.(runId);
    const summary = await waitForMerge(queue, runId, plan.length, options, connection);
    const wall = (performance.now() - started) / 1000;
    const droneSteps = summary.drones * summary.steps;
    return { ...summary, wall_s: wall, steps_per_s: droneSteps / wall, sim_seconds_per_s: (droneSteps * options.rollout.dt) / wall };
  } finally {
    await Promise.allSettled([flows.close(), queue.close()]);
    connection.disconnect();
  }
}

async function waitForMerge(
  queue: Queue, runId: string, shards: number, options: QueueRolloutOptions, connection: { status: string },
): Promise<MergedRolloutSummary> {
  const limit = options.unreachableLimitMs ?? 60_000;
  const address = redactRedisUrl(options.url);
  let unreachableSince: number | null = null;
  let reported = -1;
  for (;;) {
    // Three small reads every 50 ms: cheap for Redis, and the merged result shows up within 50 ms.
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (connection.status !== 'ready') {
      unreachableSince ??= Date.now();
      if (Date.now() - unreachableSince > limit) {
        throw new Error(`lost Redis at ${address} for ${Math.round(limit / 1000)} s; run ${runId} was not merged and nothing is printed. Restart Redis and run the command again (results are deterministic)`);
      }
      continue;
    }
    unreachableSince = null;
    const parent = await Job.fromId<MergeJob, MergedRolloutSummary>(queue, mergeJobId(runId));
    if (!parent) {
      throw new Error(`Redis at ${address} no longer holds run ${runId} (it restarted without persistence, or its keys were removed); nothing was merged. Run the command again (results are deterministic), or run Redis with --appendonly yes so a restart keeps the queue`);
    }
    const state = await parent.getState();
    if (state === 'completed') {
      // The job read above may predate its completion: read it again for the return value.
      const finished = await Job.fromId<MergeJob, MergedRolloutSummary>(queue, mergeJobId(runId));
      if (!finished?.returnvalue) throw new Error(`run ${runId} completed without a merged summary in Redis at ${address}; run the command again`);
      options.onProgress?.(shards, shards);
      return finished.returnvalue;
    }
    if (state === 'failed') throw new Error(`run ${runId} failed: ${await failureReason(queue, parent)}`);
    const counts = await parent.getDependenciesCount({ processed: true });
    const done = counts.processed ?? 0;
    if (done !== reported) options.onProgress?.(done, shards);
    reported = done;
  }
}

/** The failed shard's own reason where the parent only says which child failed. */
async function failureReason(queue: Queue, parent: Job): Promise<string> {
  const child = /child [^:\s]+:[^:\s]+:(\S+) failed/.exec(parent.failedReason ?? '');
  if (child) {
    const job = await Job.fromId(queue, child[1]);
    if (job?.failedReason) return `shard job ${child[1]}: ${job.failedReason}`;
  }
  return parent.failedReason ?? 'no reason recorded';
}
