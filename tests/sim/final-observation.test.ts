import { describe, expect, it } from 'vitest';
import { BatchEnv } from '../../sim/index.ts';

describe('BatchEnv keepFinalObservation', () => {
  it('keeps the observation an ended episode ended with, equal to a batch without autoreset, and changes no trajectory', async () => {
    const options = { task: 'hover', worlds: 6, rung: 'motors' as const, maxEpisodeSteps: 30 };
    const kept = await BatchEnv.create({ ...options, keepFinalObservation: true });
    const plain = await BatchEnv.create(options);
    const stopped = await BatchEnv.create({ ...options, autoreset: false });
    try {
      kept.reset({ seed: 4 }); plain.reset({ seed: 4 }); stopped.reset({ seed: 4 });
      // Motors off for drones 0..2 (they fall and crash), hover-ish for 3..5 (truncated at 30 steps).
      const actions = new Float32Array(6 * 4);
      for (let d = 3; d < 6; d++) actions.fill(0.6, 4 * d, 4 * d + 4);
      const endedAt = new Map<number, number[]>();
      for (let step = 0; step < 30; step++) {
        const a = kept.step(actions), b = plain.step(actions), c = stopped.step(actions);
        expect(Array.from(a.obs)).toEqual(Array.from(b.obs));
        for (let d = 0; d < 6; d++) {
          if ((a.terminated[d] | a.truncated[d]) && !endedAt.has(d)) {
            const final = Array.from(a.info.finalObservation!.subarray(17 * d, 17 * d + 17));
            expect(final).toEqual(Array.from(c.obs.subarray(17 * d, 17 * d + 17)));
            expect(final).not.toEqual(Array.from(a.obs.subarray(17 * d, 17 * d + 17)));
            endedAt.set(d, final);
          }
        }
      }
      expect([...endedAt.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5]);
      expect(kept.stateHash()).toBe(plain.stateHash());
      expect(plain.step(actions).info.finalObservation).toBeUndefined();
    } finally {
      await Promise.all([kept.close(), plain.close(), stopped.close()]);
    }
  });
});
