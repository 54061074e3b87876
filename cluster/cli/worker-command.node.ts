import { Command } from 'commander';
import { untilStopped, wholeNumber } from '../../sim/index.ts';

interface WorkerFlags {
  queue: string;
  concurrency: number;
  threads: number;
  lockDuration: number;
  stalledInterval: number;
}

export function createWorkerCommand(): Command {
  return new Command('worker')
    .description('Serve rollout shards from a BullMQ queue in Redis (run one or more on every machine); stops on Ctrl-C.')
    .requiredOption('--queue <url>', 'the queue\'s Redis: redis://host:port[/db], rediss:// for TLS')
    .option('--concurrency <c>', 'shards at once, each on its own thread', wholeNumber(1, 256), 1)
    .option('--threads <t>', 'threads stepping each shard (results do not depend on it)', wholeNumber(1, 64), 1)
    .option('--lock-duration <ms>', 'a shard\'s lock; a worker that dies is noticed this long after', wholeNumber(1000, 3_600_000), 30_000)
    .option('--stalled-interval <ms>', 'how often to look for shards whose worker died', wholeNumber(500, 3_600_000), 30_000)
    .addHelpText('after', `
Examples:
  $ npx skyline worker --queue redis://127.0.0.1:6379 --concurrency 2
  $ npx skyline worker --queue redis://queue.internal:6379 --concurrency 8 --threads 2
  (then, anywhere: npx skyline rollout --worlds 65536 --steps 1000 --queue redis://queue.internal:6379 --shards 64)`)
    .action(async (flags: WorkerFlags) => {
      const { startRolloutWorker } = await import('../rollout-worker.node.ts');
      const worker = await startRolloutWorker({
        url: flags.queue, concurrency: flags.concurrency, threads: flags.threads,
        lockDurationMs: flags.lockDuration, stalledIntervalMs: flags.stalledInterval,
      });
      await untilStopped();
      process.stderr.write(`worker ${worker.name}: stopping after the shards it runs (Ctrl-C again to drop them; they go back to the queue)\n`);
      const force = untilStopped().then(() => worker.close(true));
      await Promise.race([worker.close(), force]);
    });
}
