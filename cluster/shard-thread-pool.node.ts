import { Worker } from 'node:worker_threads';
import type { ShardJob } from './shard-job.ts';
import type { ShardResult } from './shard-result.ts';

export interface ShardThreadRequest {
  job: ShardJob;
  threads: number;
  worker: string;
}

/** `badInput`: the shard's options were refused (a RangeError), so retrying cannot help. */
export type ShardThreadReply = { ok: true; result: ShardResult } | { ok: false; message: string; badInput: boolean };

/** Threads that run shards, started on first use and kept for the next shard; the pool owns and closes them. */
export class ShardThreadPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Set<Worker>();
  private closed = false;

  run(request: ShardThreadRequest): Promise<ShardResult> {
    if (this.closed) return Promise.reject(new Error('the shard thread pool is closed'));
    const thread = this.idle.pop() ?? new Worker(new URL('./shard-thread-entry.mjs', import.meta.url));
    this.busy.add(thread);
    return new Promise<ShardResult>((resolve, reject) => {
      const finish = (): void => {
        thread.off('message', onMessage);
        thread.off('error', onError);
        thread.off('exit', onExit);
        this.busy.delete(thread);
      };
      const onMessage = (reply: ShardThreadReply): void => {
        finish();
        if (this.closed) void thread.terminate(); else this.idle.push(thread);
        if (reply.ok) resolve(reply.result); else reject(reply.badInput ? new RangeError(reply.message) : new Error(reply.message));
      };
      const onError = (error: Error): void => {
        finish();
        void thread.terminate();
        reject(error);
      };
      const onExit = (code: number): void => {
        finish();
        reject(new Error(`the shard thread stopped (exit code ${code}) before the shard finished`));
      };
      thread.on('message', onMessage);
      thread.on('error', onError);
      thread.on('exit', onExit);
      thread.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.idle.splice(0), ...this.busy].map((thread) => thread.terminate()));
  }
}
