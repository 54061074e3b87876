import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Job, Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRollout, type RolloutOptions } from '../../sim/index.ts';
import {
  ROLLOUT_QUEUE_NAME, SHARD_JOB_FORMAT, SHARD_PROTOCOL, rolloutSpecOf, runRolloutOnQueue, shardJobId, skylineVersion,
} from '../../cluster/index.node.ts';
import { startRedisTestServer, type RedisTestServer } from './redis-test-server.ts';
import { skylineBin, startWorkerProcess, type WorkerProcess } from './worker-processes.ts';

const small: RolloutOptions = {
  task: 'hover', worlds: 43, dronesPerWorld: 2, steps: 160, seed: 11, policy: 'random', rung: 'motors', randomization: { mass: 0.1 },
};
const quiet = (): void => {};

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [skylineBin, ...args], { timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('rollouts on a BullMQ queue in a real redis-server, served by real worker processes', () => {
  let redis: RedisTestServer;
  let workers: WorkerProcess[] = [];
  let queue: Queue;

  beforeAll(async () => {
    redis = await startRedisTestServer();
    // The third runs two shards at once, on two shard threads.
    workers = [[], [], ['--concurrency', '2']].map((extra) => startWorkerProcess(redis.url, extra));
    await Promise.all(workers.map((worker) => worker.waitForLine(/serving skyline-rollout/)));
    queue = new Queue(ROLLOUT_QUEUE_NAME, { connection: { url: redis.url, maxRetriesPerRequest: null } });
  });

  afterAll(async () => {
    await queue?.close().catch(() => {});
    await Promise.all(workers.map((worker) => worker.stop()));
    await redis?.stop();
  });

  it('merges 1 and 3 shards (library) and 7 shards (skyline rollout --queue) to the in-process hash', async () => {
    const single = await runRollout(small);
    for (const shards of [1, 3]) {
      const merged = await runRolloutOnQueue({ url: redis.url, rollout: rolloutSpecOf(small), shards, log: quiet });
      expect([merged.state_hash, merged.episodes, merged.crashes, merged.mean_final_error]).toEqual([single.state_hash, single.episodes, single.crashes, single.mean_final_error]);
      expect([merged.shards, merged.duplicates_ignored]).toEqual([shards, 0]);
    }
    const command = await run(['rollout', '--worlds', '43', '--drones-per-world', '2', '--steps', '160', '--seed', '11', '--policy', 'random', '--action', 'motors',
      '--queue', redis.url, '--shards', '7', '--json', '--no-progress']);
    expect(command.stderr).toBe('');
    const cli = JSON.parse(command.stdout);
    const inProcess = await run(['rollout', '--worlds', '43', '--drones-per-world', '2', '--steps', '160', '--seed', '11', '--policy', 'random', '--action', 'motors', '--json']);
    expect(cli.state_hash).toBe(JSON.parse(inProcess.stdout).state_hash);
    expect(cli.shards).toBe(7);
    expect(cli.drones).toBe(86);
  });

  it('retries the shard of a worker SIGKILLed mid-shard on another worker: same hash, every shard counted once', async () => {
    const rollout: RolloutOptions = { task: 'hover', worlds: 2400, steps: 2000, seed: 5, policy: 'random', rung: 'motors' };
    const pending = runRolloutOnQueue({ url: redis.url, rollout: rolloutSpecOf(rollout), shards: 6, log: quiet });
    const started = await workers[0].waitForLine(/run \S+ shard \d+\/6 started/);
    workers[0].child.kill('SIGKILL');
    const [, runId, killedShard] = /run (\S+) shard (\d+)\/6 started/.exec(started)!;
    const merged = await pending;
    const single = await runRollout(rollout);
    expect(merged.run_id).toBe(runId);
    expect([merged.state_hash, merged.episodes, merged.crashes, merged.mean_final_error]).toEqual([single.state_hash, single.episodes, single.crashes, single.mean_final_error]);
    expect([merged.shards, merged.duplicates_ignored, merged.drones]).toEqual([6, 0, 2400]);
    expect(workers[0].lines.some((line) => line.includes(`shard ${killedShard}/6 done`))).toBe(false);
    const rerun = workers.slice(1).flatMap((worker) => worker.lines).filter((line) => line.includes(`run ${runId} shard ${killedShard}/6 started`));
    expect(rerun.length).toBe(1);
    const job = await Job.fromId(queue, shardJobId(runId, Number(killedShard)));
    expect(await job!.getState()).toBe('completed');
    expect(job!.stalledCounter).toBeGreaterThanOrEqual(1);
  });

  it('fails malformed jobs and jobs of another version at once, with the reason', async () => {
    const valid = { format: SHARD_JOB_FORMAT, protocol: SHARD_PROTOCOL, skyline: skylineVersion(), runId: 'bad-run', shard: { index: 0, count: 1 }, rollout: rolloutSpecOf(small) };
    const jobs = await Promise.all([
      queue.add('shard', { format: SHARD_JOB_FORMAT, rollout: { steps: 'many' } }, { jobId: 'bad-run-shard-0', attempts: 5 }),
      queue.add('shard', { ...valid, runId: 'old-run', skyline: '0.0.1-old' }, { jobId: 'old-run-shard-0', attempts: 5 }),
      queue.add('explode', { hello: 1 }, { jobId: 'odd-job', attempts: 5 }),
    ]);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (await Promise.all(jobs.map((job) => job.getState()))).some((state) => state !== 'failed')) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const [malformed, old, odd] = await Promise.all(jobs.map((job) => Job.fromId(queue, job.id!)));
    expect(malformed!.failedReason).toMatch(/^malformed shard job: protocol: .*; accepted: a job made by `skyline rollout --queue`/);
    expect(old!.failedReason).toContain(`shard job made by skyline 0.0.1-old; this worker runs skyline ${skylineVersion()}`);
    expect(odd!.failedReason).toBe('job name "explode"; accepted: shard, merge');
    for (const job of [malformed, old, odd]) expect(job!.attemptsMade).toBe(1);
  });

  it('fails with a clear error, and prints no summary, when Redis restarts empty mid-run', async () => {
    const command = run(['rollout', '--worlds', '3000', '--steps', '3000', '--queue', redis.url, '--shards', '12', '--json', '--no-progress']);
    await Promise.race(workers.slice(1).map((worker) => worker.waitForLine(/run \S+ shard \d+\/12 started/)));
    await redis.kill();
    await redis.restart();
    const result = await command;
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/skyline: error: Redis at redis:\/\/127\.0\.0\.1:\d+ no longer holds run \S+ \(it restarted without persistence/);
  });
});

describe('a rollout on a Redis that keeps an append-only file', () => {
  let redis: RedisTestServer | undefined;
  let worker: WorkerProcess | undefined;
  let dir = '';

  afterAll(async () => {
    await worker?.stop();
    await redis?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('resumes after Redis is SIGKILLed and restarted mid-run, and prints the in-process hash', async () => {
    dir = await mkdtemp(join(tmpdir(), 'skyline-aof-'));
    redis = await startRedisTestServer(['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir]);
    worker = startWorkerProcess(redis.url);
    await worker.waitForLine(/serving skyline-rollout/);
    const args = ['rollout', '--worlds', '2400', '--steps', '2000', '--seed', '3', '--json', '--no-progress'];
    const command = run([...args, '--queue', redis.url, '--shards', '12']);
    await worker.waitForLine(/run \S+ shard 1\/12 done/);
    await redis.kill();
    await redis.restart();
    const [queued, single] = await Promise.all([command, run(args)]);
    expect(queued.code).toBe(0);
    const merged = JSON.parse(queued.stdout), alone = JSON.parse(single.stdout);
    expect([merged.state_hash, merged.episodes, merged.mean_final_error]).toEqual([alone.state_hash, alone.episodes, alone.mean_final_error]);
    expect([merged.shards, merged.duplicates_ignored]).toEqual([12, 0]);
    expect(worker.lines.some((line) => /shard 11\/12 done/.test(line))).toBe(true);
  });
});
