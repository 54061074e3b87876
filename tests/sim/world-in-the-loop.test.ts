import { afterAll, describe, expect, it } from 'vitest';
import { generateWorld, WorldIndex } from '../../worlds/index.ts';
import { BatchEnv, Env, runRollout } from '../../sim/index.ts';
import { QUADROTOR_STATE as S } from '../../physics/index.ts';

const city = generateWorld(7, { size: 600 });
const index = new WorldIndex(city);
const envs: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(envs.map((env) => env.close()));
});

describe('a city in the loop', () => {
  it('spawns every hover drone in clear air, inside the city', async () => {
    const env = await BatchEnv.create({ task: 'hover', worlds: 300, world: city });
    envs.push(env);
    env.reset({ seed: 4 });
    const { state } = env.core.quad, n = env.core.stride;
    for (let i = 0; i < 300; i++) {
      const x = state[S.px * n + i], y = state[S.py * n + i], z = state[S.pz * n + i];
      expect(index.collideSphere(x, y, z, 0.5)).toBe(-1);
      expect(x).toBeGreaterThan(city.bounds.minX);
      expect(x).toBeLessThan(city.bounds.maxX);
    }
  });

  /** Puts the drone (and its hover setpoint, so the task does not end it first) at a point. */
  function placeDrone(env: Env, x: number, y: number, z: number): void {
    const core = env.batch.core, n = core.stride;
    core.quad.state[S.px * n] = x;
    core.quad.state[S.py * n] = y;
    core.quad.state[S.pz * n] = z;
    core.goal[0] = x;
    core.goal[n] = y;
    core.goal[2 * n] = z;
  }

  it('crashes a drone flown into a building wall, with the reason in info', async () => {
    const target = city.buildings.find((b) => b.height > 12)!;
    const env = await Env.create({ task: 'hover', rung: 'velocity', world: city });
    envs.push(env);
    env.reset({ seed: 1 });
    const cy = (target.minY + target.maxY) / 2;
    placeDrone(env, target.minX - 2, cy, target.height / 2); // 2 m west of the west wall
    expect(index.collideSphere(target.minX - 2, cy, target.height / 2, 0.5)).toBe(-1);
    let last = env.step([1, 0, 0, 0]);
    for (let t = 0; t < 1000 && !last.terminated; t++) last = env.step([1, 0, 0, 0]);
    expect(last.terminated).toBe(true);
    expect(last.info.reason).toBe('crashed_building');
    expect(last.reward).toBe(-10);
    const x = env.batch.core.quad.state[S.px * env.batch.core.stride];
    expect(x).toBeGreaterThan(target.minX - 0.2); // it got to the wall, not stopped short
  });

  it('ends the episode of a drone that leaves the world', async () => {
    const env = await Env.create({ task: 'hover', rung: 'velocity', world: city });
    envs.push(env);
    env.reset({ seed: 2 });
    const z = index.grid.maxHeight + 5; // above every roof
    placeDrone(env, city.bounds.maxX - 1, (city.bounds.minY + city.bounds.maxY) / 2, z);
    let last = env.step([2, 0, 0, 0]);
    for (let t = 0; t < 1000 && !last.terminated; t++) last = env.step([2, 0, 0, 0]);
    expect(last.terminated).toBe(true);
    expect(last.info.reason).toBe('out_of_bounds');
  });

  it('keeps determinism in a city: same hash for the same seed and for 1 and 2 workers', async () => {
    const base = { task: 'waypoints', worlds: 64, steps: 300, policy: 'pid', seed: 9, world: city };
    const [a, b, c] = [await runRollout(base), await runRollout(base), await runRollout({ ...base, workers: 2 })];
    expect(b.state_hash).toBe(a.state_hash);
    expect(c.state_hash).toBe(a.state_hash);
    expect(a.city).toBe(city.name);
    const open = await runRollout({ ...base, world: null });
    expect(open.state_hash).not.toBe(a.state_hash);
  });

  it('rejects an invalid WorldSpec with the JSON path of the problem', async () => {
    const broken = { ...city, buildings: [{ ...city.buildings[0], height: -3 }] };
    await expect(BatchEnv.create({ world: broken })).rejects.toThrow(/buildings\[0\]\.height/);
  });
});
