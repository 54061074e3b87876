/**
 * Turns on the one event loop, shared fairly by every session (docs/protocol.md, "Fair
 * scheduling"). Work runs in slices, and a slice waits for its turn in one first-in-first-out
 * line: a session that wants many slices (a long env.step, a batch) queues each after the one
 * before has run, so every other waiting session's slice runs in between. The loop gets control
 * back (setImmediate) at least every `yieldMs`, so new messages are read while long work runs.
 */
interface Slice {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Longest stretch of slices between two returns to the event loop. */
export const DEFAULT_YIELD_MS = 2;

export class FairScheduler {
  private readonly line: Slice[] = [];
  private running = false;
  private drainScheduled = false;
  private lastYield = performance.now();
  slicesRun = 0;

  constructor(private readonly yieldMs = DEFAULT_YIELD_MS) {}

  /** Slices waiting for their turn. */
  get waiting(): number {
    return this.line.length;
  }

  /**
   * Runs `slice` (synchronous work, or the synchronous part of an async function) when its turn
   * comes and resolves with what it returned. An idle loop runs it at once.
   */
  run<T>(slice: () => T): Promise<Awaited<T>> {
    if (!this.running && !this.drainScheduled && this.line.length === 0 && performance.now() - this.lastYield < this.yieldMs) {
      try {
        return Promise.resolve(this.runNow(slice)) as Promise<Awaited<T>>;
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return new Promise<Awaited<T>>((resolve, reject) => {
      this.line.push({ run: slice, resolve: resolve as (value: unknown) => void, reject });
      this.scheduleDrain();
    });
  }

  private runNow<T>(slice: () => T): T {
    this.running = true;
    try {
      this.slicesRun++;
      return slice();
    } finally {
      this.running = false;
    }
  }

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    setImmediate(() => {
      this.drainScheduled = false;
      this.lastYield = performance.now();
      this.drain();
    });
  }

  /** Runs the slices in line, in order, until the line is empty or the loop is owed a turn. */
  private drain(): void {
    while (this.line.length > 0 && performance.now() - this.lastYield < this.yieldMs) {
      const slice = this.line.shift()!;
      try {
        slice.resolve(this.runNow(slice.run));
      } catch (error) {
        slice.reject(error);
      }
    }
    if (this.line.length > 0) this.scheduleDrain();
  }
}
