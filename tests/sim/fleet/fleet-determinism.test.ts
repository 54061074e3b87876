import { describe, expect, it } from 'vitest';
import { generateWorld } from '../../../worlds/index.ts';
import { FleetEnv } from '../../../sim/index.ts';

const city = generateWorld(9, { size: 600, maxHeight: 30 });

/** A fixed script: drones climb and cross, robots drive, with pick-ups tried along the way. */
function run(seed: number): FleetEnv {
  const env = FleetEnv.create({ seed, world: city, drones: 3, robots: 2, delivery: { orderRatePerHour: 600 } });
  env.vehicleIds().forEach((id, k) => {
    const [x, y] = env.vehicle(id).position;
    if (id.startsWith('drone')) env.setCommand(id, { rung: 'goto', x: x + 3 * k, y: y - 2, z: 2 + k });
    else env.setCommand(id, { rung: 'velocity', v: 1, w: 0.2 * k });
  });
  for (let s = 0; s < 20; s++) {
    env.advance(50);
    for (const id of env.vehicleIds()) env.pickUp(id);
  }
  return env;
}

describe('fleet determinism', () => {
  it('gives the same state hash for the same seed and commands, and a different one for another seed', () => {
    const a = run(11), b = run(11), c = run(12);
    expect(a.step).toBe(1000);
    expect(b.stateHash()).toBe(a.stateHash());
    expect(b.frame()).toEqual(a.frame());
    expect(c.stateHash()).not.toBe(a.stateHash());
  });

  it('changes the hash when one vehicle is commanded differently', () => {
    const a = run(11), b = run(11);
    b.setCommand('drone-1', { rung: 'goto', x: 0, y: 0, z: 1 });
    a.advance(10);
    b.advance(10);
    expect(b.stateHash()).not.toBe(a.stateHash());
  });
});
