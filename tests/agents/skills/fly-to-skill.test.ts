import { describe, expect, it } from 'vitest';
import { FleetEnv, type FleetEvent } from '../../../sim/index.ts';
import { generateWorld } from '../../../worlds/index.ts';
import { SkillRunner } from '../../../agents/skills/skill-runner.ts';
import { highestSurfaceAlong, planFlightRoute, ROOF_CLEARANCE } from '../../../agents/skills/flight-route.ts';

const spec = generateWorld(7, { size: 1000 });

function fleet(drones = 1, robots = 0): { env: FleetEnv; events: FleetEvent[]; runner: (id: string) => SkillRunner; run: (steps: number, each?: () => void) => void } {
  const env = FleetEnv.create({ seed: 7, world: spec, drones, robots, delivery: { initialOrders: 0, orderRatePerHour: 0 } });
  const events: FleetEvent[] = [];
  const runners = new Map(env.vehicleIds().map((id) => [id, new SkillRunner(env, id, events)]));
  return {
    env, events, runner: (id) => runners.get(id)!,
    run: (steps, each) => {
      for (let s = 0; s < steps; s++) {
        for (const runner of runners.values()) runner.update();
        events.push(...env.advance(1));
        each?.();
      }
    },
  };
}

describe('fly_to', () => {
  it('flies drone-1 from Depot 1 to Depot 2, lands within 1 m of its spot, and never comes lower than 5 m above a roof it passes', () => {
    const { env, events, runner, run } = fleet();
    runner('drone-1').start([{ verb: 'fly_to', args: { place: 'Depot 2' } }]);
    const target = runner('drone-1').target!;
    const depot = spec.depots[1];
    expect(target[0]).toBeGreaterThanOrEqual(depot.minX);
    expect(target[0]).toBeLessThanOrEqual(depot.maxX);
    expect(target[1]).toBeGreaterThanOrEqual(depot.minY);
    expect(target[1]).toBeLessThanOrEqual(depot.maxY);
    let minClearance = Infinity, roofsPassed = 0;
    run(30_000, () => {
      const [x, y, z] = env.vehicle('drone-1').position;
      const building = env.world.buildingFootprintAt(x, y, 0.5);
      if (building >= 0) {
        roofsPassed++;
        minClearance = Math.min(minClearance, z - spec.buildings[building].height);
      }
    });
    const state = env.vehicle('drone-1');
    expect(events.some((e) => e.kind === 'skill_done' && e.agent === 'drone-1')).toBe(true);
    expect(state.status).toBe('ok');
    expect(state.landed).toBe(true);
    expect(Math.hypot(state.position[0] - target[0], state.position[1] - target[1])).toBeLessThan(1);
    expect(state.position[2]).toBeLessThan(0.05);
    expect(roofsPassed).toBeGreaterThan(100);
    expect(minClearance).toBeGreaterThan(5);
    const started = events.find((e) => e.kind === 'skill_started')!;
    expect(Number(started.data!.cruiseAltitude)).toBeGreaterThanOrEqual(Number(started.data!.highestRoof) + ROOF_CLEARANCE);
  });

  it('climbs on the way to a tall tower instead of straight up first, and lands on its roof without touching a wall', () => {
    const { env, events, runner, run } = fleet();
    const tallest = [...spec.buildings].sort((a, b) => b.height - a.height || a.id - b.id)[0];
    runner('drone-1').start([{ verb: 'fly_to', args: { place: tallest.name ?? `${tallest.address.number} ${tallest.address.street}` } }]);
    const started = events.find((e) => e.kind === 'skill_started')!;
    const cruise = Number(started.data!.cruiseAltitude);
    const [x0, y0] = env.vehicle('drone-1').position;
    let altitudeWhenUnderway: number | null = null;
    let minClearance = Infinity;
    run(30_000, () => {
      const [x, y, z] = env.vehicle('drone-1').position;
      if (altitudeWhenUnderway === null && Math.hypot(x - x0, y - y0) > 20) altitudeWhenUnderway = z;
      const building = env.world.buildingFootprintAt(x, y, 0.5);
      if (building >= 0 && building !== tallest.id) minClearance = Math.min(minClearance, z - spec.buildings[building].height);
    });
    const state = env.vehicle('drone-1');
    expect(cruise).toBeGreaterThan(tallest.height);
    // Underway 20 m from the start while still more than 20 m below the cruise altitude the tower needs.
    expect(altitudeWhenUnderway).not.toBeNull();
    expect(altitudeWhenUnderway!).toBeLessThan(cruise - 20);
    expect(state.status).toBe('ok');
    expect(state.landed).toBe(true);
    expect(Math.abs(state.position[2] - tallest.height)).toBeLessThan(0.1);
    expect(minClearance).toBeGreaterThan(5);
  });

  it('plans a cruise altitude at least the clearance above the tallest roof under the straight route', () => {
    const { env } = fleet();
    const from: [number, number, number] = [spec.depots[0].x, spec.depots[0].y, 0];
    const to: [number, number, number] = [spec.depots[1].x, spec.depots[1].y, 0];
    const planned = planFlightRoute(env.world, from, to);
    expect(planned.ok).toBe(true);
    if (!planned.ok) return;
    const highest = highestSurfaceAlong(env.world, from[0], from[1], to[0], to[1]);
    expect(highest).toBeGreaterThan(20);
    expect(planned.route.cruiseAltitude).toBeGreaterThanOrEqual(highest + ROOF_CLEARANCE);
  });

  it('goes around a no-fly zone the straight line crosses, and refuses a destination inside one with its name', () => {
    const { env } = fleet();
    const zone = spec.noFlyZones.find((z) => z.shape === 'cylinder')!;
    if (zone.shape !== 'cylinder') throw new Error('fixture: expected a cylinder zone');
    const from: [number, number, number] = [zone.x - zone.radius - 60, zone.y, 0];
    const to: [number, number, number] = [zone.x + zone.radius + 60, zone.y, 0];
    const detour = planFlightRoute(env.world, from, to);
    expect(detour.ok).toBe(true);
    if (detour.ok) {
      expect(detour.route.detourAround).toBe(zone.name);
      const [waypoint] = detour.route.waypoints;
      expect(Math.hypot(waypoint[0] - zone.x, waypoint[1] - zone.y)).toBeGreaterThan(zone.radius);
    }
    const inside = planFlightRoute(env.world, from, [zone.x, zone.y, 0]);
    expect(inside.ok).toBe(false);
    if (!inside.ok) expect(inside.reason).toContain(zone.name);
  });
});

describe('holding when no skill runs', () => {
  it('keeps a drone within 0.3 m of where its takeoff ended for 30 s with nobody sending anything', () => {
    const { env, events, runner, run } = fleet();
    runner('drone-1').start([{ verb: 'takeoff', args: { altitude: 10 } }]);
    run(1500);
    expect(events.some((e) => e.kind === 'skill_done')).toBe(true);
    expect(runner('drone-1').skillLabel).toBeNull();
    const held = env.vehicle('drone-1').position;
    expect(Math.abs(held[2] - 10)).toBeLessThan(0.3);
    let worst = 0;
    run(3000, () => {
      const p = env.vehicle('drone-1').position;
      worst = Math.max(worst, Math.hypot(p[0] - held[0], p[1] - held[1], p[2] - held[2]));
    });
    expect(env.vehicle('drone-1').status).toBe('ok');
    expect(worst).toBeLessThan(0.3);
  });

  it('replaces a running skill with a new one and reports skill_replaced', () => {
    const { events, runner, run } = fleet();
    runner('drone-1').start([{ verb: 'fly_to', args: { place: 'Depot 2' } }]);
    run(200);
    runner('drone-1').start([{ verb: 'land', args: {} }]);
    expect(events.filter((e) => e.kind === 'skill_replaced')).toHaveLength(1);
    expect(runner('drone-1').skillLabel).toBe('land');
  });
});
