/**
 * The real-time clock: one interval that advances every real-time world (each realtime session's
 * own world and the shared world) to where `rate` steps per second says it should be. A world
 * that fell behind (a long pause, a slow step) skips ahead instead of racing to catch up.
 */
export interface RealtimeWorld {
  /** Advance `steps` steps now; must not throw. */
  advance(steps: number): void;
}

interface ClockEntry {
  world: RealtimeWorld;
  origin: number;
  done: number;
}

const TICK_MS = 10;
/** At most this many seconds of steps are made up in one tick; the rest of a lag is dropped. */
const MAX_CATCH_UP_S = 0.25;

export class RealtimeClock {
  private readonly entries = new Map<RealtimeWorld, ClockEntry>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    readonly stepsPerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Starts (or restarts, after a reset) advancing `world` from now. */
  add(world: RealtimeWorld): void {
    this.entries.set(world, { world, origin: this.now(), done: 0 });
    if (!this.timer) this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  remove(world: RealtimeWorld): void {
    this.entries.delete(world);
    if (this.entries.size === 0) this.stop();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  tick(): void {
    const now = this.now();
    const maxCatchUp = Math.max(1, Math.round(this.stepsPerSecond * MAX_CATCH_UP_S));
    for (const entry of this.entries.values()) {
      const target = Math.floor(((now - entry.origin) / 1000) * this.stepsPerSecond);
      const due = target - entry.done;
      if (due <= 0) continue;
      entry.done = target;
      entry.world.advance(Math.min(due, maxCatchUp));
    }
  }
}
