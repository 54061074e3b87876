import { describe, expect, it } from 'vitest';
import { FleetEnv } from '../../../sim/index.ts';
import { generateWorld } from '../../../worlds/index.ts';

describe('parked drones', () => {
  it('stay where they stand in the wind: under 1 mm of drift in 10 simulated minutes (static friction on the ground)', () => {
    const world = generateWorld(7, { size: 1000, windSpeed: 8 });
    const env = FleetEnv.create({ seed: 7, world, drones: 4, robots: 0, delivery: { initialOrders: 0, orderRatePerHour: 0 } });
    const ids = env.vehicleIds();
    const start = ids.map((id) => env.vehicle(id).position);
    env.advance(60_000);
    ids.forEach((id, k) => {
      const state = env.vehicle(id);
      expect(state.status).toBe('ok');
      expect(state.landed).toBe(true);
      expect(Math.hypot(state.position[0] - start[k][0], state.position[1] - start[k][1])).toBeLessThan(1e-3);
    });
  });
});
