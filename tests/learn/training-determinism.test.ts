import { describe, expect, it } from 'vitest';
import { serializePolicyFile } from '../../sim/index.ts';
import { PpoTrainer, Td3Trainer } from '../../learn/index.ts';

async function trainBriefly(seed: number, workers: number): Promise<string> {
  const trainer = await PpoTrainer.create({ seed, workers, rung: 'motors', hidden: [16, 16], envs: 64 }, { horizon: 8, minibatches: 2, epochs: 2 });
  try {
    for (let k = 0; k < 3; k++) await trainer.iterate();
    return serializePolicyFile(trainer.policyFile());
  } finally {
    await trainer.close();
  }
}

describe('training determinism', () => {
  it('gives the same policy bytes for the same seed, whatever the number of env threads, and other bytes for another seed', async () => {
    const first = await trainBriefly(11, 1);
    expect(await trainBriefly(11, 1)).toBe(first);
    // The env threads only step physics; every draw and all network maths happen on one thread in a fixed order.
    expect(await trainBriefly(11, 2)).toBe(first);
    expect(await trainBriefly(12, 1)).not.toBe(first);
  });
});

describe('TD3 determinism', () => {
  it('gives the same policy bytes for the same seed', async () => {
    const run = async (): Promise<string> => {
      const trainer = await Td3Trainer.create({ seed: 5, rung: 'motors', hidden: [16, 16], envs: 16 }, { warmup: 256, stepsPerIteration: 8, bufferSize: 4096, batch: 32 });
      try {
        for (let k = 0; k < 6; k++) await trainer.iterate();
        expect(trainer.environmentSteps).toBe(6 * 8 * 16);
        return serializePolicyFile(trainer.policyFile());
      } finally {
        await trainer.close();
      }
    };
    const first = await run();
    expect(JSON.parse(first).algorithm).toBe('td3');
    expect(await run()).toBe(first);
  });
});
