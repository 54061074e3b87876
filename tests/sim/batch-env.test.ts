import { afterEach, describe, expect, it } from 'vitest';
import { BatchEnv, Env } from '../../sim/index.ts';

const open: { close(): Promise<void> }[] = [];
async function make<T extends { close(): Promise<void> }>(env: Promise<T>): Promise<T> {
  const value = await env;
  open.push(value);
  return value;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((env) => env.close()));
});

describe('BatchEnv contract', () => {
  it('returns observations of the documented size and layout on reset and step', async () => {
    const env = await make(BatchEnv.create({ task: 'hover', worlds: 5 }));
    const { obs } = env.reset({ seed: 1 });
    expect(env.observationSize).toBe(17);
    expect(env.observationLayout.reduce((sum, field) => sum + field.size, 0)).toBe(17);
    expect(obs.length).toBe(5 * 17);
    // position_error is the setpoint minus the position: the spawn is at most 1 m away.
    for (let d = 0; d < 5; d++) expect(Math.hypot(obs[17 * d], obs[17 * d + 1], obs[17 * d + 2])).toBeLessThanOrEqual(1.0001);
    const result = env.step(new Float32Array(5 * 4));
    expect(result.reward.length).toBe(5);
    expect(result.terminated.length).toBe(5);
    expect(Array.from(result.info.episodeStep)).toEqual([1, 1, 1, 1, 1]);
  });

  it('truncates at maxEpisodeSteps and autoresets in the same step', async () => {
    const env = await make(BatchEnv.create({ task: 'hover', worlds: 3, maxEpisodeSteps: 20 }));
    env.reset({ seed: 2 });
    let result = env.runPolicy('pid', 19);
    expect(Array.from(result.truncated)).toEqual([0, 0, 0]);
    result = env.runPolicy('pid', 1);
    expect(Array.from(result.truncated)).toEqual([1, 1, 1]);
    expect(Array.from(result.info.episodeStep)).toEqual([0, 0, 0]);
    expect(Array.from(env.core.episodeIndex.subarray(0, 3))).toEqual([1, 1, 1]);
  });

  it('terminates a drone that crashes, with a penalty, and starts its next episode', async () => {
    const env = await make(BatchEnv.create({ task: 'hover', worlds: 2, rung: 'motors' }));
    env.reset({ seed: 3 });
    let crashedAt = -1;
    for (let t = 0; t < 300 && crashedAt < 0; t++) {
      const result = env.step(new Float32Array(8)); // motors off: both drones fall
      if (result.terminated[0]) {
        crashedAt = t;
        expect(result.reward[0]).toBe(-10);
        expect(result.info.success[0]).toBe(0);
      }
    }
    expect(crashedAt).toBeGreaterThan(20); // ~0.5 s to fall 1.5 m
    expect(env.core.statsCrashes[0]).toBe(1);
  });

  it('flies the waypoints task to success with the pid policy', async () => {
    const env = await make(BatchEnv.create({ task: 'waypoints', worlds: 16 }));
    env.reset({ seed: 4 });
    env.runPolicy('pid', 1500);
    let successes = 0;
    for (let i = 0; i < 16; i++) successes += env.core.statsSuccesses[i];
    expect(successes).toBeGreaterThanOrEqual(15);
  });

  it('flies the Learning-to-Fly Crazyflie with its own gains: hover success ≥ 95 %', async () => {
    const env = await make(BatchEnv.create({ task: 'hover', worlds: 64, paramSet: 'crazyflie-l2f', maxEpisodeSteps: 600 }));
    env.reset({ seed: 5 });
    env.runPolicy('pid', 600);
    let successes = 0;
    for (let i = 0; i < 64; i++) successes += env.core.statsSuccesses[i];
    expect(successes / 64).toBeGreaterThanOrEqual(0.95);
  });
});

describe('Env (one world, no autoreset)', () => {
  it('ends an episode and refuses to step until reset', async () => {
    const env = await make(Env.create({ task: 'hover', maxEpisodeSteps: 5 }));
    env.reset({ seed: 9 });
    let last = env.step([0, 0, 0, 0]);
    for (let t = 1; t < 5; t++) last = env.step([0, 0, 0, 0]);
    expect(last.truncated).toBe(true);
    expect(typeof last.info.finalError).toBe('number');
    expect(() => env.step([0, 0, 0, 0])).toThrow(/call reset\(\)/);
    env.reset({ seed: 9 });
    expect(env.step([0, 0, 0, 0]).info.episodeStep).toBe(1);
  });
});
