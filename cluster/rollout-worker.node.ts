import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { ShardJobRejected, parseMergeJob, parseShardJob } from './shard-job.ts';
import { decodeShardResult, type ShardResult } from './shard-result.ts';
import { mergeShardResults, type MergedRolloutSummary } from './shard-merge.ts';
import { ShardThreadPool } from './shard-thread-pool.node.ts';
import { ROLLOUT_QUEUE_NAME, mergeJobId, redactRedisUrl, shardJobId } from './queue-address.ts';
import { openRedis } from './redis-connection.node.ts';
import { skylineVersion } from './skyline-version.node.ts';

export interface RolloutWorkerOptions {
  /** redis://host:port of the queue. */
  url: string;
  /** Shards run at once, each on its own thread. */
  concurrency?: number;
  /** Threads that step each shard's batch. */
  threads?: number;
  /** How long a job's lock lasts without renewal; a killed worker's shard is retried this long after. */
  lockDurationMs?: number;
  /** How often this worker looks for stalled jobs (locks that lapsed) to hand them out again. */
  stalledIntervalMs?: number;
  /** Times a shard may stall (its worker died) before it fails. */
  maxStalledCount?: number;
  log?: (line: string) => void;
}

export interface RolloutWorker {
  /** host:pid, as shard results name their worker. */
  readonly name: string;
  /** Stops taking jobs; waits for running shards unless `force`. */
  close(force?: boolean): Promise<void>;
}

/**
 * A worker of the rollout queue: runs shard jobs on threads and merges a run when its shards are
 * done (the flow's parent job). A job that fails validation is failed at once with the reason,
 * without retries; a shard that stalls (its worker died) goes back to the queue.
 */
export async function startRolloutWorker(options: RolloutWorkerOptions): Promise<RolloutWorker> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const name = `${hostname()}:${process.pid}`;
  const skyline = skylineVersion();
  const concurrency = options.concurrency ?? 1;
  const threads = options.threads ?? 1;
  const connection = await openRedis(options.url, log);
  const pool = new ShardThreadPool();

  const processShard = async (job: Job): Promise<ShardResult> => {
    const shard = parseShardJob(job.data, skyline);
    if (job.id !== shardJobId(shard.runId, shard.shard.index)) {
      throw new ShardJobRejected(`job id "${String(job.id)}" does not name shard ${shard.shard.index} of run ${shard.runId}; accepted: "${shardJobId(shard.runId, shard.shard.index)}" (ids keep shards idempotent)`);
    }
    const label = `run ${shard.runId} shard ${shard.shard.index}/${shard.shard.count}`;
    log(`worker ${name}: ${label} started (attempt ${job.attemptsStarted})`);
    const result = await pool.run({ job: shard, threads, worker: name });
    log(`worker ${name}: ${label} done in ${result.wallS.toFixed(2)} s`);
    return result;
  };

  const processMerge = async (job: Job): Promise<MergedRolloutSummary> => {
    const merge = parseMergeJob(job.data, skyline);
    if (job.id !== mergeJobId(merge.runId)) {
      throw new ShardJobRejected(`merge job id "${String(job.id)}" does not name run ${merge.runId}; accepted: "${mergeJobId(merge.runId)}"`);
    }
    const values = await job.getChildrenValues<unknown>();
    const results = Object.entries(values).map(([key, value]) => {
      const result = decodeShardResult(value, `child job ${key}`);
      if (!key.endsWith(`:${shardJobId(merge.runId, result.shard.index)}`)) {
        throw new ShardJobRejected(`child job ${key} carries shard ${result.shard.index} of run ${result.runId}; accepted: each child under its own shard's id`);
      }
      return result;
    });
    if (results.some((result) => result.shard.count !== merge.shards)) {
      throw new ShardJobRejected(`run ${merge.runId}: children cut into another shard count than the run's ${merge.shards}`);
    }
    const summary = mergeShardResults(results);
    log(`worker ${name}: run ${merge.runId} merged (${merge.shards} shards, state hash ${summary.state_hash})`);
    return summary;
  };

  const worker = new Worker(ROLLOUT_QUEUE_NAME, async (job: Job) => {
    try {
      if (job.name === 'shard') return await processShard(job);
      if (job.name === 'merge') return await processMerge(job);
      throw new ShardJobRejected(`job name "${job.name}"; accepted: shard, merge`);
    } catch (error) {
      // A job that can never succeed fails now, with its reason, instead of being retried.
      if (error instanceof ShardJobRejected || error instanceof RangeError) {
        log(`worker ${name}: job ${String(job.id)} rejected: ${error.message}`);
        throw new UnrecoverableError(error.message);
      }
      throw error;
    }
  }, {
    connection,
    concurrency,
    name,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 3,
  });
  // While Redis is away every reconnection attempt fails the same way: say it once.
  let lastError = '';
  worker.on('error', (error) => {
    if (error.message !== lastError) log(`worker ${name}: ${error.message}`);
    lastError = error.message;
  });
  connection.on('ready', () => { lastError = ''; });
  await worker.waitUntilReady();
  log(`worker ${name}: serving ${ROLLOUT_QUEUE_NAME} at ${redactRedisUrl(options.url)} (${concurrency} shard${concurrency > 1 ? 's' : ''} at once, ${threads} thread${threads > 1 ? 's' : ''} each, skyline ${skyline})`);

  return {
    name,
    async close(force = false) {
      await worker.close(force);
      await pool.close();
      connection.disconnect();
    },
  };
}
