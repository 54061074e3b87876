import { describe, expect, it } from 'vitest';
import { generateWorld, WorldIndex } from '../../worlds/index.ts';
import { BatchEnv } from '../../sim/index.ts';
import { QUADROTOR_STATE as S, SeededRng, VEHICLE_STATUS } from '../../physics/index.ts';

/**
 * A city in the loop skips the building check of a drone still within a margin of where it was
 * last found clear by radius + margin. The skip must never change a result: drones wandering
 * along building walls crash exactly where a check at every step says they touch.
 */
describe('the collision cache of a city in the loop', () => {
  it('marks exactly the drones a full check at every step marks, for drones wandering along walls', async () => {
    const city = generateWorld(5, { size: 500 });
    const index = new WorldIndex(city);
    const count = 256;
    const env = await BatchEnv.create({ task: 'hover', worlds: count, world: city });
    try {
      env.reset({ seed: 1 });
      const core = env.core, n = core.stride, state = core.quad.state, status = core.quad.status, world = core.world!;
      const rng = new SeededRng(3);
      // Each drone starts 0.2..1.5 m off a building's wall, below its roof.
      for (let i = 0; i < count; i++) {
        const b = city.buildings[i % city.buildings.length];
        state[S.px * n + i] = rng.uniform(b.minX, b.maxX);
        state[S.py * n + i] = b.minY - rng.uniform(0.2, 1.5);
        state[S.pz * n + i] = rng.uniform(1, Math.max(1.5, b.height - 1));
      }
      let crashes = 0, checks = 0;
      for (let step = 0; step < 300; step++) {
        for (let i = 0; i < count; i++) {
          if (status[i] !== VEHICLE_STATUS.ok) continue;
          // A random walk of up to 4 cm per axis and step, drifting toward the wall.
          state[S.px * n + i] += rng.uniform(-0.04, 0.04);
          state[S.py * n + i] += rng.uniform(-0.03, 0.05);
          state[S.pz * n + i] += rng.uniform(-0.04, 0.04);
        }
        const before = status.slice(0, count);
        world.afterPhysics(0, count);
        for (let i = 0; i < count; i++) {
          if (before[i] !== VEHICLE_STATUS.ok) continue;
          checks++;
          const x = state[S.px * n + i], y = state[S.py * n + i], z = state[S.pz * n + i];
          const touches = index.collideSphere(x, y, z, 0.06) >= 0;
          expect(status[i] === VEHICLE_STATUS.crashedBuilding).toBe(touches);
          if (touches) crashes++;
        }
      }
      expect(crashes).toBeGreaterThan(50);
      expect(checks).toBeGreaterThan(20_000);
    } finally {
      await env.close();
    }
  });
});
