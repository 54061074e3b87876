import { describe, expect, it } from 'vitest';
import { PpoTrainer, evaluatePolicy, type PpoSettings } from '../../learn/index.ts';

/** Pinned here, so a change of the defaults does not silently change what this test measures. */
const SETTINGS: PpoSettings = {
  envs: 256, horizon: 32, epochs: 4, minibatches: 16, learningRate: 1e-3, gamma: 0.99, lambda: 0.95, clip: 0.2,
  maxGradNorm: 1, initialLogStd: -2.3, rewardScale: 0.1, valueCoefficient: 0.5, normalizerIterations: 1e9, noiseHold: 1, kernel: 'auto',
};

describe('PPO on hover at the motors rung', () => {
  it('raises the mean return of unseen episodes by more than half after 330k environment steps (seeded, 2×16 networks)', async () => {
    const trainer = await PpoTrainer.create({ seed: 4, rung: 'motors', spawn: 'wide', hidden: [16, 16] }, SETTINGS);
    const meanReturn = async (): Promise<number> => (await evaluatePolicy(trainer.policyFile(), { worlds: 128, steps: 200, seed: 99 })).meanReturn;
    try {
      const untrained = await meanReturn();
      for (let k = 0; k < 40; k++) await trainer.iterate();
      expect(trainer.environmentSteps).toBe(40 * 256 * 32);
      const trained = await meanReturn();
      // Measured: 20.4 untrained (most drones fall from the wide spawn), 34.5 trained.
      expect(trained).toBeGreaterThan(1.5 * untrained);
      expect(untrained).toBeGreaterThan(5);
    } finally {
      await trainer.close();
    }
  }, 240_000);
});
