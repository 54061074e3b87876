import { describe, expect, it } from 'vitest';
import { generateWorld, WorldIndex } from '../../../worlds/index.ts';
import { FleetEnv } from '../../../sim/index.ts';
import { flyOver, flyTo } from './fleet-flight-helpers.ts';

const city = generateWorld(3, { size: 600, maxHeight: 30, depots: 1 });
const index = new WorldIndex(city);
const depot = city.depots[0];

/** The building whose nearest footprint point is closest to the depot's centre, among those at least `minHeight` tall. */
function buildingNearDepot(minHeight: number) {
  const distance = (b: (typeof city.buildings)[number]): number =>
    Math.hypot(Math.max(b.minX - depot.x, 0, depot.x - b.maxX), Math.max(b.minY - depot.y, 0, depot.y - b.maxY));
  return city.buildings.filter((b) => b.height >= minHeight).sort((a, b) => distance(a) - distance(b))[0];
}

describe('fleet flight', () => {
  it('starts every drone landed at its depot and every robot in the yard, clear of each other', () => {
    const env = FleetEnv.create({ seed: 1, world: city, drones: 8, robots: 4 });
    const positions = env.vehicleIds().map((id) => env.vehicle(id).position);
    for (const id of env.vehicleIds()) {
      const state = env.vehicle(id);
      expect(state.landed).toBe(true);
      expect(env.homeOf(id)).toBe(depot.name);
      expect(state.position[0]).toBeGreaterThanOrEqual(depot.minX);
      expect(state.position[0]).toBeLessThanOrEqual(depot.maxX);
      expect(state.position[1]).toBeGreaterThanOrEqual(depot.minY);
      expect(state.position[1]).toBeLessThanOrEqual(depot.maxY);
    }
    for (let a = 0; a < positions.length; a++) {
      for (let b = a + 1; b < positions.length; b++) {
        expect(Math.hypot(positions[a][0] - positions[b][0], positions[a][1] - positions[b][1])).toBeGreaterThan(1);
      }
    }
  });

  it('flies a drone by goto to a point 20 m away and 10 m up, arriving within 0.5 m in 12 s', () => {
    const env = FleetEnv.create({ seed: 1, world: city, drones: 1, robots: 0 });
    const [x, y] = env.vehicle('drone-1').position;
    env.setCommand('drone-1', { rung: 'goto', x: x + 20, y, z: 10 });
    env.advance(1200);
    const state = env.vehicle('drone-1');
    expect(state.status).toBe('ok');
    expect(Math.hypot(state.position[0] - x - 20, state.position[1] - y, state.position[2] - 10)).toBeLessThan(0.5);
    expect(state.landed).toBe(false);
  });

  it('crashes a drone flown into a building with reason crashed_building and counts the collision', () => {
    const env = FleetEnv.create({ seed: 1, world: city, drones: 1, robots: 0 });
    const target = buildingNearDepot(8);
    const [x, y] = env.vehicle('drone-1').position;
    flyTo(env, 'drone-1', x, y, 4);
    const events = [];
    env.setCommand('drone-1', { rung: 'goto', x: (target.minX + target.maxX) / 2, y: (target.minY + target.maxY) / 2, z: 4 });
    for (let s = 0; s < 120 && env.vehicle('drone-1').status === 'ok'; s++) events.push(...env.advance(100));
    expect(env.vehicle('drone-1').status).toBe('crashed_building');
    const crash = events.find((event) => event.kind === 'crash');
    expect(crash?.data?.reason).toBe('crashed_building');
    expect(env.metrics().collisions).toBe(1);
    // A crashed drone stays crashed and where it crashed.
    const where = env.vehicle('drone-1').position;
    env.setCommand('drone-1', { rung: 'goto', x, y, z: 4 });
    env.advance(200);
    expect(env.vehicle('drone-1').status).toBe('crashed_building');
    expect(env.vehicle('drone-1').position).toEqual(where);
  });

  it('lands a drone gently on a roof, resting 6 cm above it, landed and unharmed', () => {
    const env = FleetEnv.create({ seed: 1, world: city, drones: 1, robots: 0 });
    const roof = buildingNearDepot(8);
    const cx = (roof.minX + roof.maxX) / 2, cy = (roof.minY + roof.maxY) / 2;
    flyOver(env, 'drone-1', cx, cy, roof.height + 1, index.grid.maxHeight + 5);
    flyTo(env, 'drone-1', cx, cy, roof.height, 30);
    env.setCommand('drone-1', { rung: 'idle' });
    env.advance(200);
    const state = env.vehicle('drone-1');
    expect(state.status).toBe('ok');
    expect(state.landed).toBe(true);
    expect(state.position[2] - roof.height).toBeGreaterThan(0.05);
    expect(state.position[2] - roof.height).toBeLessThan(0.08);
  });

  it('crashes two drones that fly into each other with crashed_vehicle', () => {
    const env = FleetEnv.create({ seed: 1, world: city, drones: 2, robots: 0 });
    const [x, y] = env.vehicle('drone-1').position;
    env.setCommand('drone-1', { rung: 'goto', x, y, z: 2 });
    env.setCommand('drone-2', { rung: 'goto', x, y, z: 2 });
    const events = env.advance(1000);
    expect(env.vehicle('drone-1').status).toBe('crashed_vehicle');
    expect(env.vehicle('drone-2').status).toBe('crashed_vehicle');
    expect(events.filter((event) => event.kind === 'crash')).toHaveLength(2);
    expect(env.metrics().collisions).toBe(2);
  });

  it('marks a drone that climbs above the ceiling out_of_bounds', () => {
    const env = FleetEnv.create({ seed: 1, world: city, drones: 1, robots: 0 });
    const [x, y] = env.vehicle('drone-1').position;
    env.setCommand('drone-1', { rung: 'goto', x, y, z: city.bounds.ceiling + 20 });
    env.advance(Math.ceil(((city.bounds.ceiling + 10) / 1.5) * 100));
    expect(env.vehicle('drone-1').status).toBe('out_of_bounds');
  });

  it('stops a robot driven into a building at the footprint edge, outside it', () => {
    const env = FleetEnv.create({ seed: 1, world: city, drones: 0, robots: 1 });
    const target = buildingNearDepot(1);
    const cx = (target.minX + target.maxX) / 2, cy = (target.minY + target.maxY) / 2;
    const start = env.vehicle('robot-1').position;
    env.setCommand('robot-1', { rung: 'goto', x: cx, y: cy });
    env.advance(12000);
    const state = env.vehicle('robot-1');
    const [x, y] = state.position;
    expect(index.isInsideBuildingFootprint(x, y, 0.4)).toBe(false);
    // It got somewhere: at a footprint's edge (within 5 cm), closer to the goal than it started, and stopped.
    expect(index.isInsideBuildingFootprint(x, y, 0.45)).toBe(true);
    expect(Math.hypot(x - cx, y - cy)).toBeLessThan(Math.hypot(start[0] - cx, start[1] - cy) - 1);
    expect(Math.hypot(...state.velocity)).toBeLessThan(0.05);
  });
});
