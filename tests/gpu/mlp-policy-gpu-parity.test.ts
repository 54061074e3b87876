import { describe, expect, it } from 'vitest';
import { GpuMlpPolicy } from '../../physics/index.ts';
import { NetworkPolicy, parsePolicyFile, serializePolicyFile } from '../../sim/index.ts';
import { PpoTrainer } from '../../learn/index.ts';
import { testGpu } from './gpu-test-device.ts';

describe('a policy file on WebGPU (WGSL inference)', () => {
  it('gives the CPU commands within 1e-5 for 1,000 drones', async () => {
    const gpu = await testGpu();
    if (!gpu.handle) {
      console.warn(gpu.skipReason);
      return;
    }
    const trainer = await PpoTrainer.create({ seed: 6, rung: 'motors', hidden: [32, 32], envs: 16 }, { horizon: 4, minibatches: 1, epochs: 1 });
    let text: string;
    try {
      await trainer.iterate();
      text = serializePolicyFile(trainer.policyFile());
    } finally {
      await trainer.close();
    }
    const file = parsePolicyFile(text);
    for (const k of file.layers[2].weights.keys()) file.layers[2].weights[k] *= 300; // commands across the whole range, clipped at both ends
    const cpu = new NetworkPolicy(file);
    const count = 1000;
    const observations = Float32Array.from({ length: count * 17 }, (_, k) => 2 * Math.sin(1.7 * k) + Math.cos(0.3 * k));
    const expected = new Float32Array(count * 4), actual = new Float32Array(count * 4);
    cpu.act(observations, count, expected);
    const policy = await GpuMlpPolicy.create(gpu.handle.device, cpu.gpuDefinition(), count);
    try {
      await policy.act(observations, count, actual);
    } finally {
      policy.destroy();
    }
    let worst = 0, clipped = 0;
    for (let k = 0; k < expected.length; k++) {
      worst = Math.max(worst, Math.abs(actual[k] - expected[k]));
      if (expected[k] === 0 || expected[k] === 1) clipped++;
    }
    expect(worst).toBeLessThan(1e-5);
    expect(clipped).toBeGreaterThan(0);
    expect(clipped).toBeLessThan(expected.length);
  }, 120_000);
});
