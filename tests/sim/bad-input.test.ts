import { describe, expect, it } from 'vitest';
import { BatchEnv, runRollout } from '../../sim/index.ts';

async function withEnv(test: (env: BatchEnv) => void, rung: 'velocity' | 'motors' = 'velocity'): Promise<void> {
  const env = await BatchEnv.create({ task: 'hover', worlds: 2, rung });
  try {
    env.reset({ seed: 1 });
    test(env);
  } finally {
    await env.close();
  }
}

describe('bad input gets an error naming the field and what is accepted', () => {
  it('rejects NaN and infinite actions', async () => {
    await withEnv((env) => {
      expect(() => env.step([0, 0, 0, 0, 0, NaN, 0, 0])).toThrow('actions[5] (vehicle 1, velocity.vy): NaN is not a finite number; accepted: -8..8 m/s (world, north)');
      expect(() => env.step([Infinity, 0, 0, 0, 0, 0, 0, 0])).toThrow(/actions\[0\] \(vehicle 0, velocity\.vx\): Infinity is not a finite number/);
    });
  });

  it('rejects a wrong number of actions', async () => {
    await withEnv((env) => {
      expect(() => env.step([0, 0, 0])).toThrow('actions: expected 2 × 4 = 8 numbers (one velocity command [vx, vy, vz, yaw_rate] per vehicle); got 3');
    });
  });

  it('rejects out-of-range commands, and leaves the batch usable', async () => {
    await withEnv((env) => {
      expect(() => env.step([0, 0, 0, 0, 0.5, 0.5, 1.5, 0.5])).toThrow('actions[6] (vehicle 1, motors.m2): 1.5 is out of range; accepted: 0..1 normalised motor speed');
      const before = env.stepsTaken;
      const result = env.step([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
      expect(env.stepsTaken).toBe(before + 1);
      expect(result.info.episodeStep[1]).toBe(1);
    }, 'motors');
  });

  it('rejects unknown task, policy, rung and parameter set names', async () => {
    await expect(BatchEnv.create({ task: 'loop-the-loop' })).rejects.toThrow('task "loop-the-loop" is unknown; accepted: hover, waypoints');
    await expect(BatchEnv.create({ rung: 'thrust' as never })).rejects.toThrow('rung "thrust" is unknown; accepted: motors, rates, velocity, goto');
    await expect(BatchEnv.create({ paramSet: 'mavic' })).rejects.toThrow('unknown quadrotor parameter set "mavic"; accepted: cf2x, crazyflie-l2f');
    await expect(runRollout({ steps: 5, policy: 'genius', worlds: 1 })).rejects.toThrow('policy "genius" is unknown; accepted: pid, random, zero');
    await expect(runRollout({ steps: 5, policy: 'pid', worlds: 1, rung: 'motors' })).rejects.toThrow(/policy "pid" commands the velocity or goto rung/);
  });

  it('rejects out-of-range sizes, seeds and randomisation', async () => {
    await expect(BatchEnv.create({ worlds: 0 })).rejects.toThrow('worlds = 0; accepted: a whole number from 1 to 16777216');
    await expect(BatchEnv.create({ workers: 1.5 })).rejects.toThrow('workers = 1.5; accepted: a whole number from 1 to 64');
    await expect(BatchEnv.create({ randomization: { mass: 2 } })).rejects.toThrow('randomization.mass: must be a fraction in [0, 1) (got 2)');
    await expect(BatchEnv.create({ dt: Number.NaN })).rejects.toThrow(/dt = NaN s; accepted/);
  });

  it('refuses to step before reset', async () => {
    const env = await BatchEnv.create({ worlds: 1 });
    try {
      expect(() => env.step([0, 0, 0, 0])).toThrow('call reset() before step(): the episode has not started');
    } finally {
      await env.close();
    }
  });
});
