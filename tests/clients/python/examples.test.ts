/**
 * The Python examples run as a user runs them (random policy, numpy PPO sketch, a policy file
 * flown from Python), and skylinesim's forward pass of a policy file gives Node's commands.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BatchEnv, NetworkPolicy, serializePolicyFile, type PolicyFile } from '../../../sim/index.ts';
import { PYTHON_WITH_NUMPY, REPOSITORY_DIR, NUMPY_HINT } from './python-with-numpy.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'skylinesim-examples-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function python(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(PYTHON_WITH_NUMPY!, args, { cwd: REPOSITORY_DIR, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' }, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }));
  });
}

/** A small hover/motors policy with seeded weights (the shape `skyline train` writes: 17 → 8 → 4, tanh). */
function seededPolicy(): PolicyFile {
  let state = 12345;
  const next = (): number => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  const numbers = (n: number, scale: number): Float32Array => Float32Array.from({ length: n }, () => Math.fround(scale * next()));
  return {
    format: 'skyline-policy', version: 1, task: 'hover', rung: 'motors', paramSet: 'cf2x', spawn: 'gentle', randomize: 0, algorithm: 'ppo', seed: 0,
    observation: { size: 17, mean: numbers(17, 0.1), std: Float32Array.from({ length: 17 }, () => Math.fround(0.5 + 0.4 * Math.abs(next()))), clip: 5 },
    layers: [
      { input: 17, output: 8, activation: 'tanh', weights: numbers(17 * 8, 0.6), bias: numbers(8, 0.1) },
      { input: 8, output: 4, activation: 'linear', weights: numbers(8 * 4, 0.6), bias: numbers(4, 0.1) },
    ],
    action: { size: 4, squash: 'tanh', offset: new Float32Array(4).fill(0.6), scale: new Float32Array(4).fill(0.4) },
    metrics: { environment_steps: 0 },
  };
}

describe.runIf(PYTHON_WITH_NUMPY !== null)('Python examples', () => {
  it('the random-policy loop prints drone-steps/s and the autoreset mode', async () => {
    const run = await python(['clients/python/examples/random_policy.py', '--num-envs', '64', '--seconds', '1', '--workers', '1']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^64 drones, task hover, observations \(64, 17\) float32, actions \(64, 4\) in 0\.0\.\.1\.0 \(motors\), autoreset SAME_STEP$/m);
    const done = /^done: (\d+) drone-steps in [\d.]+ s = ([\d.e+]+) drone-steps\/s$/m.exec(run.stdout);
    expect(done).not.toBeNull();
    expect(Number(done![1]) % 64).toBe(0);
    expect(Number(done![2])).toBeGreaterThan(0);
  }, 60_000);

  it('the numpy PPO sketch runs its iterations', async () => {
    const run = await python(['clients/python/examples/ppo_numpy.py', '--iterations', '2', '--num-envs', '32', '--steps', '16', '--workers', '1']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.length).toBe(2);
    expect(lines[1]).toMatch(/^iteration {3}2 {2}mean reward\/step [+-][\d.]+ {2}episodes ended +\d+ {2}position gain [+-][\d.]+/);
  }, 60_000);

  it('reads a policy file and computes the commands Node computes, then flies it from Python', async () => {
    const file = seededPolicy();
    const policyPath = path.join(work, 'policy.json');
    writeFileSync(policyPath, serializePolicyFile(file));
    const env = await BatchEnv.create({ task: 'hover', worlds: 64, rung: 'motors', seed: 9 });
    const obs = env.reset({ seed: 9 }).obs.slice();
    await env.close();
    writeFileSync(path.join(work, 'obs.bin'), obs);
    const run = await python(['tests/clients/python/policy_checks.py', policyPath, path.join(work, 'obs.bin'), path.join(work, 'actions.bin')]);
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout);
    expect(out.repr).toBe("SkylinePolicy(task='hover', rung='motors', layers=[8, 4])");
    expect(out.errors.format).toContain("format = 'onnx'; accepted: 'skyline-policy'");
    expect(out.errors.not_json).toContain('cannot read a policy from it');
    const bytes = readFileSync(path.join(work, 'actions.bin'));
    const fromPython = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    const fromNode = new Float32Array(64 * 4);
    new NetworkPolicy(file).act(obs, 64, fromNode);
    expect(fromPython.length).toBe(fromNode.length);
    let worst = 0;
    for (let i = 0; i < fromNode.length; i++) worst = Math.max(worst, Math.abs(fromPython[i] - fromNode[i]));
    expect(worst).toBeLessThan(1e-6);
    expect(new Set(Array.from(fromNode)).size).toBeGreaterThan(100); // the network does depend on the observation

    const fly = await python(['clients/python/examples/fly_trained_policy.py', policyPath, '--num-envs', '16', '--steps', '50', '--workers', '1']);
    expect(fly.stderr).toBe('');
    expect(fly.code).toBe(0);
    expect(fly.stdout).toMatch(/^SkylinePolicy\(task='hover', rung='motors', layers=\[8, 4\]\) trained for 0 steps$/m);
    expect(fly.stdout).toMatch(/^\d+ episodes ended in 50 steps: success rate [\d.]+ %, mean final error ([\d.]+|nan) m$/m);
  }, 90_000);
});

if (PYTHON_WITH_NUMPY === null) {
  describe('Python examples', () => {
    it.skip(NUMPY_HINT, () => {});
  });
}
