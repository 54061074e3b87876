import { describe, expect, it } from 'vitest';
import { NetworkPolicy, PolicyFileError, parsePolicyFile, runRollout, serializePolicyFile, POLICY_FILE_VERSION } from '../../sim/index.ts';
import { PpoTrainer } from '../../learn/index.ts';

/** A small untrained policy with non-trivial weights (a seeded network, no training needed). */
async function samplePolicyText(): Promise<string> {
  const trainer = await PpoTrainer.create({ seed: 5, rung: 'motors', hidden: [8, 8], envs: 8 }, { horizon: 4, minibatches: 1, epochs: 1 });
  try {
    await trainer.iterate(); // moves the normalisation and weights away from their initial values
    return serializePolicyFile(trainer.policyFile({ note: 'test' }));
  } finally {
    await trainer.close();
  }
}

describe('policy files', () => {
  it('round-trips: parse then serialise gives the same bytes, and the parsed network flies the same commands', async () => {
    const text = await samplePolicyText();
    const parsed = parsePolicyFile(text);
    expect(serializePolicyFile(parsed)).toBe(text);
    expect(parsed.version).toBe(POLICY_FILE_VERSION);
    expect(parsed.layers.map((l) => [l.input, l.output, l.activation])).toEqual([[17, 8, 'tanh'], [8, 8, 'tanh'], [8, 4, 'linear']]);
    const observations = Float32Array.from({ length: 3 * 17 }, (_, k) => Math.sin(k));
    const a = new Float32Array(12), b = new Float32Array(12);
    new NetworkPolicy(parsed).act(observations, 3, a);
    new NetworkPolicy(parsePolicyFile(serializePolicyFile(parsed))).act(observations, 3, b);
    expect(Array.from(a)).toEqual(Array.from(b));
    for (const command of a) expect(command >= 0 && command <= 1).toBe(true);
  });

  it('rejects a truncated file, saying it is not complete JSON', async () => {
    const text = await samplePolicyText();
    expect(() => parsePolicyFile(text.slice(0, text.length / 2), 'h.json')).toThrow(/h\.json: not valid JSON .*truncated/);
  });

  it('rejects a wrong version, naming the field and the version it reads', async () => {
    const json = JSON.parse(await samplePolicyText());
    json.version = 7;
    expect(() => parsePolicyFile(JSON.stringify(json))).toThrow(PolicyFileError);
    expect(() => parsePolicyFile(JSON.stringify(json))).toThrow(/version is 7; accepted: 1/);
  });

  it('rejects wrong shapes, naming the layer field and the size it needs', async () => {
    const json = JSON.parse(await samplePolicyText());
    json.network.layers[1].weights.pop();
    expect(() => parsePolicyFile(JSON.stringify(json))).toThrow(/network\.layers\[1\]\.weights has 63 numbers; accepted: 64 \(output × input = 8 × 8/);
    const chained = JSON.parse(await samplePolicyText());
    chained.network.layers[1].input = 9;
    expect(() => parsePolicyFile(JSON.stringify(chained))).toThrow(/network\.layers\[1\]\.input is 9; accepted: 8 \(the output of layer 0\)/);
    const observation = JSON.parse(await samplePolicyText());
    observation.observation.std[3] = 0;
    expect(() => parsePolicyFile(JSON.stringify(observation))).toThrow(/observation\.std\[3\] is 0; accepted: a number > 0/);
    const rung = JSON.parse(await samplePolicyText());
    rung.rung = 'thrust';
    expect(() => parsePolicyFile(JSON.stringify(rung))).toThrow(/rung is "thrust"; accepted: motors, rates, velocity, goto/);
  });

  it('flies in a rollout: the same file twice gives the same state hash, the zero policy another', async () => {
    const policy = parsePolicyFile(await samplePolicyText());
    const options = { task: 'hover', rung: policy.rung, paramSet: policy.paramSet, worlds: 16, steps: 40, policy: 'sample.json' } as const;
    const a = await runRollout({ ...options, network: policy });
    const b = await runRollout({ ...options, network: parsePolicyFile(serializePolicyFile(policy)) });
    const zero = await runRollout({ ...options, policy: 'zero' });
    expect(a.drones).toBe(16);
    expect(a.episodes).toBeGreaterThanOrEqual(16);
    expect(b.state_hash).toBe(a.state_hash);
    expect(zero.state_hash).not.toBe(a.state_hash);
  });
});
