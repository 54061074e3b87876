import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { writeFile } from 'node:fs/promises';
import cliProgress from 'cli-progress';
import type { RolloutOptions, RolloutScaleOut, RolloutSummary } from '../sim/index.ts';
import { SHARD_JOB_FORMAT, SHARD_PROTOCOL, rolloutSpecOf, type RolloutSpec } from './shard-job.ts';
import { defaultShardCount, parseShardSpec } from './shard-plan.ts';
import { runShard } from './shard-runner.ts';
import { checkRedisUrl } from './queue-address.ts';
import { skylineVersion } from './skyline-version.node.ts';

/** `skyline rollout`'s --queue/--shards and --shard/--out, as the rollout command calls them. */
export const rolloutScaleOut: RolloutScaleOut = {
  async run(request) {
    const spec = rolloutSpecOf(request.rollout);
    if (request.shard !== undefined || request.out !== undefined) {
      if (request.queue !== undefined || request.shards !== undefined) {
        throw new RangeError('--shard/--out run one shard without a queue, --queue/--shards run every shard on one; accepted: one pair or the other');
      }
      if (request.shard === undefined || request.out === undefined) {
        throw new RangeError('--shard i/n and --out <file> go together; accepted: both, e.g. --shard 0/4 --out part-0.json');
      }
      await runShardToFile(spec, request.rollout, request.shard, request.out, request.progress);
      return null;
    }
    if (request.queue === undefined) {
      throw new RangeError('--shards cuts a rollout for a queue; accepted: --queue redis://host:port with it (or --shard i/n --out file without a queue)');
    }
    const shards = request.shards ?? defaultShardCount(spec.worlds);
    const bar = request.progress
      ? new cliProgress.SingleBar({ format: 'rollout {run} |{bar}| {value}/{total} shards {eta_formatted} left', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
      : null;
    bar?.start(shards, 0, { run: '(queueing)' });
    try {
      checkRedisUrl(request.queue);
      // BullMQ takes half a second to load: only a queued rollout pays for it.
      const { runRolloutOnQueue } = await import('./rollout-queue.node.ts');
      return await runRolloutOnQueue({
        url: request.queue, rollout: spec, shards,
        onQueued: (runId) => bar?.update(0, { run: runId }),
        onProgress: (done) => bar?.update(done),
      }) satisfies RolloutSummary;
    } finally {
      bar?.stop();
    }
  },
};

/** One shard of a run into a JSON file; every part of one command line carries the same run id. */
async function runShardToFile(spec: RolloutSpec, rollout: RolloutOptions, shardText: string, out: string, progress: boolean): Promise<void> {
  const { index, count } = parseShardSpec(shardText);
  const skyline = skylineVersion();
  const runId = `f${createHash('sha256').update(JSON.stringify({ skyline, spec, count })).digest('hex').slice(0, 16)}`;
  const bar = progress
    ? new cliProgress.SingleBar({ format: `shard ${index}/${count} |{bar}| {percentage}% {value}/{total} steps {eta_formatted} left`, stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
    : null;
  bar?.start(spec.steps, 0);
  const result = await runShard(
    { format: SHARD_JOB_FORMAT, protocol: SHARD_PROTOCOL, skyline, runId, shard: { index, count }, rollout: spec },
    { threads: rollout.workers ?? 1, worker: `${hostname()}:${process.pid}`, onProgress: (done) => bar?.update(done) },
  ).finally(() => bar?.stop());
  await writeFile(out, `${JSON.stringify(result)}\n`).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`--out ${out}: cannot write the file (${error.code ?? error.message}); accepted: a writable path`);
  });
  process.stderr.write(`shard ${index}/${count}: worlds ${result.worldStart}..${result.worldStart + result.worlds - 1} written to ${out} (${result.wallS.toFixed(2)} s); join every part with \`skyline merge\`\n`);
}
