import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { NetworkPolicy, parsePolicyFile, serializePolicyFile } from '../../sim/index.ts';
import { PpoTrainer, exportPolicyToOnnx } from '../../learn/index.ts';

describe('ONNX export', () => {
  it('runs in onnxruntime and gives the in-project commands within 1e-5', async () => {
    const trainer = await PpoTrainer.create({ seed: 8, rung: 'motors', hidden: [16, 16], envs: 16 }, { horizon: 4, minibatches: 1, epochs: 1 });
    let text: string;
    try {
      await trainer.iterate();
      text = serializePolicyFile(trainer.policyFile());
    } finally {
      await trainer.close();
    }
    const policy = parsePolicyFile(text);
    // Larger output weights than a fresh network's, so the commands spread over the motor range and clip at both ends.
    for (const k of policy.layers[2].weights.keys()) policy.layers[2].weights[k] *= 300;
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(exportPolicyToOnnx(policy));
    const count = 64;
    const observations = Float32Array.from({ length: count * 17 }, (_, k) => 2 * Math.sin(1.3 * k) + Math.cos(0.7 * k));
    const result = await session.run({ observation: new ort.Tensor('float32', observations, [count, 17]) });
    const theirs = result.action.data as Float32Array;
    const ours = new Float32Array(count * 4);
    new NetworkPolicy(policy).act(observations, count, ours);
    expect(result.action.dims).toEqual([count, 4]);
    let worst = 0, low = 0, high = 0, between = 0;
    for (let k = 0; k < ours.length; k++) {
      worst = Math.max(worst, Math.abs(theirs[k] - ours[k]));
      if (ours[k] === 0) low++; else if (ours[k] === 1) high++; else between++;
    }
    expect(worst).toBeLessThan(1e-5);
    expect(Math.min(low, high, between)).toBeGreaterThan(0);
  });
});
