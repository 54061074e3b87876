/**
 * The server's small parts on their own, with injected clocks: the per-session token bucket and
 * the real-time clock that advances worlds by elapsed time and skips ahead after a long stall.
 */
import { describe, expect, it } from 'vitest';
import { SkylineClient, SkylineConnectionError } from '../../../agents/index.ts';
import { RealtimeClock } from '../../../agents/server/realtime-clock.ts';
import { TokenBucket } from '../../../agents/server/token-bucket.ts';

describe('TokenBucket', () => {
  it('allows a burst, then refills at its rate and never beyond the burst', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 3, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now += 100; // 0.1 s at 10/s: one token
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now += 60_000;
    expect(bucket.take(3)).toBe(true);
    expect(bucket.take(1)).toBe(false);
    expect(bucket.take(5)).toBe(false);
  });
});

describe('RealtimeClock', () => {
  it('advances each world by the steps its elapsed time is worth', () => {
    let now = 0;
    const clock = new RealtimeClock(100, () => now);
    const advanced: number[] = [];
    clock.add({ advance: (steps) => advanced.push(steps) });
    now = 25;
    clock.tick();
    now = 40;
    clock.tick();
    now = 40;
    clock.tick();
    expect(advanced).toEqual([2, 2]);
    clock.stop();
  });

  it('makes up at most a quarter second after a stall and drops the rest', () => {
    let now = 0;
    const clock = new RealtimeClock(200, () => now);
    const advanced: number[] = [];
    clock.add({ advance: (steps) => advanced.push(steps) });
    now = 10_000;
    clock.tick();
    now = 10_010;
    clock.tick();
    expect(advanced).toEqual([50, 2]);
    clock.stop();
  });
});

describe('SkylineClient without a WebSocket implementation', () => {
  it('rejects with a connection error that says how to supply one', async () => {
    const saved = (globalThis as { WebSocket?: unknown }).WebSocket;
    delete (globalThis as { WebSocket?: unknown }).WebSocket;
    try {
      const error = await SkylineClient.connect('ws://127.0.0.1:1/').then(() => null, (reason: unknown) => reason);
      expect(error).toBeInstanceOf(SkylineConnectionError);
      expect((error as Error).message).toMatch(/options.WebSocket/);
    } finally {
      if (saved !== undefined) (globalThis as { WebSocket?: unknown }).WebSocket = saved;
    }
  });
});
