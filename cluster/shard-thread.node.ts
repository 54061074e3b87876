/**
 * One shard thread: runs shards one at a time, off the worker's main thread, so that the main
 * thread stays free to renew BullMQ's job locks (a busy main thread would let a lock lapse and
 * the shard be handed to another worker while it still runs).
 */
import { parentPort } from 'node:worker_threads';
import { runShard } from './shard-runner.ts';
import type { ShardThreadRequest, ShardThreadReply } from './shard-thread-pool.node.ts';

if (!parentPort) throw new Error('shard-thread.node.ts runs as a worker thread');
const port = parentPort;
port.on('message', (request: ShardThreadRequest) => {
  runShard(request.job, { threads: request.threads, worker: request.worker }).then(
    (result) => port.postMessage({ ok: true, result } satisfies ShardThreadReply),
    (error: unknown) => port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error), badInput: error instanceof RangeError } satisfies ShardThreadReply),
  );
});
