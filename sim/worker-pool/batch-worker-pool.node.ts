/**
 * Worker threads for a batch. The main thread works on slice 0 itself and W − 1 workers take
 * the other slices; all of them read and write the same shared arena, synchronised through a
 * small Int32 control block with Atomics (no message per step). Node only.
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { BatchCore } from '../batch/batch-core.ts';
import { CONTROL } from '../batch/batch-core.ts';
import { BATCH_COMMAND, runBatchCommand, sliceBounds, type BatchCommandArgs } from './batch-commands.ts';

export class BatchWorkerPool {
  private readonly core: BatchCore;
  private readonly workers: Worker[];
  private readonly errorPorts: MessagePort[];
  private readonly mainSlice: [number, number];
  private closed = false;

  private constructor(core: BatchCore, workers: Worker[], errorPorts: MessagePort[], mainSlice: [number, number]) {
    this.core = core;
    this.workers = workers;
    this.errorPorts = errorPorts;
    this.mainSlice = mainSlice;
  }

  /** Starts `threads − 1` workers; resolves when each has attached to the arena. */
  static async start(core: BatchCore, threads: number): Promise<BatchWorkerPool> {
    if (!core.arena.isShared) throw new Error('a worker pool needs a batch in shared memory');
    // Whole SIMD vectors and whole worlds per slice: drones of a world interact (downwash) within one thread.
    const bounds = sliceBounds(core.stride, threads, leastCommonMultiple(4, core.config.dronesPerWorld));
    const workers: Worker[] = [];
    const ports: MessagePort[] = [];
    const ready: Promise<void>[] = [];
    for (let w = 1; w < threads; w++) {
      const channel = new MessageChannel();
      const worker = new Worker(new URL('./batch-worker-entry.mjs', import.meta.url), {
        workerData: {
          config: core.config, memory: core.arena.memory, fields: core.arena.fields,
          start: bounds[w][0], end: bounds[w][1], errorPort: channel.port2,
        },
        transferList: [channel.port2],
      });
      ready.push(new Promise<void>((resolve, reject) => {
        channel.port1.once('message', () => resolve());
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`batch worker ${w} exited with code ${code} before it was ready`)));
      }));
      workers.push(worker);
      ports.push(channel.port1);
    }
    try {
      await Promise.all(ready);
    } catch (error) {
      await Promise.all(workers.map((worker) => worker.terminate()));
      throw error;
    }
    for (const worker of workers) worker.removeAllListeners('exit');
    return new BatchWorkerPool(core, workers, ports, bounds[0]);
  }

  /** Runs one command on every slice and returns when all threads are done. */
  run(args: BatchCommandArgs): void {
    if (this.closed) throw new Error('the batch worker pool is closed');
    const control = this.core.control;
    Atomics.store(control, CONTROL.done, 0);
    Atomics.store(control, CONTROL.error, 0);
    Atomics.store(control, CONTROL.command, args.command);
    Atomics.store(control, CONTROL.seed, args.seed | 0);
    Atomics.store(control, CONTROL.steps, args.steps);
    Atomics.store(control, CONTROL.policy, args.policyIndex);
    Atomics.store(control, CONTROL.stepCounter, args.stepCounter);
    Atomics.add(control, CONTROL.generation, 1);
    Atomics.notify(control, CONTROL.generation);
    let mainError: unknown = null;
    try {
      runBatchCommand(this.core, args, this.mainSlice[0], this.mainSlice[1]);
    } catch (error) {
      mainError = error;
    }
    const expected = this.workers.length;
    for (let done = Atomics.load(control, CONTROL.done); done < expected; done = Atomics.load(control, CONTROL.done)) {
      Atomics.wait(control, CONTROL.done, done, 1000);
    }
    if (mainError) throw mainError;
    if (Atomics.load(control, CONTROL.error)) {
      for (const port of this.errorPorts) {
        const message = receiveMessageOnPort(port)?.message as { error?: string } | undefined;
        if (message?.error) throw new Error(`a batch worker failed: ${message.error}`);
      }
      throw new Error('a batch worker failed');
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const control = this.core.control;
    Atomics.store(control, CONTROL.command, BATCH_COMMAND.exit);
    Atomics.add(control, CONTROL.generation, 1);
    Atomics.notify(control, CONTROL.generation);
    await Promise.all(this.workers.map((worker) => new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
    })));
    for (const port of this.errorPorts) port.close();
  }
}

function leastCommonMultiple(a: number, b: number): number {
  let x = a, y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return (a / x) * b;
}
