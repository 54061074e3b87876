import { describe, expect, it } from 'vitest';
import { BatchEnv, Env, runRollout } from '../../sim/index.ts';
import { QUADROTOR_STATE as S } from '../../physics/index.ts';

const randomization = { mass: 0.1, thrust: 0.05, inertia: 0.1, motorTimeConstant: 0.2 };

async function hashAfter(options: Parameters<typeof BatchEnv.create>[0], policy: string, steps: number, seed: number): Promise<string> {
  const env = await BatchEnv.create(options);
  try {
    env.reset({ seed });
    env.runPolicy(policy, steps);
    return env.stateHash();
  } finally {
    await env.close();
  }
}

describe('determinism', () => {
  it('gives the same state hash for the same seed, and a different one for another seed', async () => {
    const options = { task: 'hover', worlds: 200, randomization, maxEpisodeSteps: 150 };
    const a = await hashAfter(options, 'random', 400, 11);
    const b = await hashAfter(options, 'random', 400, 11);
    const c = await hashAfter(options, 'random', 400, 12);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it('gives the same hash with 1 and 2 workers (random policy, randomised parameters, autoresets)', async () => {
    const options = { task: 'waypoints', worlds: 203, randomization, maxEpisodeSteps: 120 };
    const one = await hashAfter({ ...options, workers: 1 }, 'random', 300, 5);
    const two = await hashAfter({ ...options, workers: 2 }, 'random', 300, 5);
    const three = await hashAfter({ ...options, workers: 3 }, 'random', 300, 5);
    expect(two).toBe(one);
    expect(three).toBe(one);
  });

  it('flies drone k of a batch of 1,000 exactly as the same drone alone', async () => {
    const k = 617;
    const batch = await BatchEnv.create({ task: 'hover', worlds: 1000, randomization });
    const alone = await Env.create({ task: 'hover', randomization, worldIndexOffset: k });
    try {
      batch.reset({ seed: 21 });
      alone.reset({ seed: 21 });
      const n = batch.core.stride, m = alone.batch.core.stride;
      for (let t = 0; t < 300; t++) {
        batch.runPolicy('pid', 1);
        alone.batch.runPolicy('pid', 1);
        for (const c of [S.px, S.py, S.pz, S.qw, S.qx, S.wz, S.r2]) {
          expect(alone.batch.core.quad.state[c * m]).toBe(batch.core.quad.state[c * n + k]);
        }
      }
    } finally {
      await batch.close();
      await alone.close();
    }
  });

  it('reports the same rollout summary for any worker count', async () => {
    const base = { task: 'hover', worlds: 96, steps: 200, policy: 'pid', seed: 3 };
    const one = await runRollout({ ...base, workers: 1 });
    const two = await runRollout({ ...base, workers: 2 });
    expect(two.state_hash).toBe(one.state_hash);
    expect(two.mean_final_error).toBe(one.mean_final_error);
    expect(two.success_rate).toBe(one.success_rate);
  });
});
