import { describe, expect, it } from 'vitest';
import { QUADROTOR_STATE as S } from '../../physics/index.ts';
import { BatchEnv } from '../../sim/index.ts';

describe("hover's wide spawn (RL benchmarks' random initial states)", () => {
  it('starts drones within ±1 m, ±1 m/s, 30° and ±1 rad/s of the setpoint at rest, and fills those ranges', async () => {
    const env = await BatchEnv.create({ task: 'hover', worlds: 2048, rung: 'motors', spawn: 'wide', seed: 3 });
    try {
      env.reset();
      const n = env.core.stride, state = env.core.quad.state, goal = env.core.goal;
      let position = 0, speed = 0, tilt = 0, rate = 0;
      for (let i = 0; i < env.numDrones; i++) {
        for (let c = 0; c < 3; c++) {
          position = Math.max(position, Math.abs(state[(S.px + c) * n + i] - goal[c * n + i]));
          speed = Math.max(speed, Math.abs(state[(S.vx + c) * n + i]));
          rate = Math.max(rate, Math.abs(state[(S.wx + c) * n + i]));
        }
        tilt = Math.max(tilt, 2 * Math.acos(Math.min(1, state[S.qw * n + i])));
      }
      expect(position).toBeLessThanOrEqual(1 + 1e-6);
      expect(position).toBeGreaterThan(0.99);
      expect(speed).toBeLessThanOrEqual(1);
      expect(speed).toBeGreaterThan(0.99);
      expect(rate).toBeLessThanOrEqual(1);
      expect(rate).toBeGreaterThan(0.99);
      expect(tilt).toBeLessThanOrEqual(Math.PI / 6 + 1e-6);
      expect(tilt).toBeGreaterThan(0.95 * (Math.PI / 6));
    } finally {
      await env.close();
    }
  });

  it('leaves the default spawn as it was (gentle: the same first observations with and without naming it)', async () => {
    const plain = await BatchEnv.create({ task: 'hover', worlds: 64, seed: 9 });
    const named = await BatchEnv.create({ task: 'hover', worlds: 64, seed: 9, spawn: 'gentle' });
    const wide = await BatchEnv.create({ task: 'hover', worlds: 64, seed: 9, spawn: 'wide' });
    try {
      const a = Array.from(plain.reset().obs), b = Array.from(named.reset().obs), c = Array.from(wide.reset().obs);
      expect(b).toEqual(a);
      expect(c).not.toEqual(a);
    } finally {
      await Promise.all([plain.close(), named.close(), wide.close()]);
    }
  });
});
