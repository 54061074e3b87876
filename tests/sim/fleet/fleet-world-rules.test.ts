import { describe, expect, it } from 'vitest';
import { FleetEnv, type FleetEvent } from '../../../sim/index.ts';
import { generateWorld, type WorldSpec } from '../../../worlds/index.ts';
import { driveTo, flyTo } from './fleet-flight-helpers.ts';

const base = generateWorld(3, { size: 600, maxHeight: 30, depots: 1 });
const depot = base.depots[0];
/** The city with one no-fly cylinder 12 m east of the depot, from the ground to 50 m. */
const city: WorldSpec = {
  ...base,
  noFlyZones: [{ id: 0, name: 'Hospital Airspace', shape: 'cylinder', x: depot.x + 12, y: depot.y + 1, radius: 3, minZ: 0, maxZ: 50 }],
};
const quiet = { orderRatePerHour: 0, initialOrders: 0 };

function collect(env: FleetEnv, seconds: number, into: FleetEvent[]): void {
  for (let s = 0; s < seconds * 100; s += 50) into.push(...env.advance(50));
}

describe('fleet world rules', () => {
  it('counts each entry of a drone into a no-fly zone once, with an event naming the zone', () => {
    const env = FleetEnv.create({ seed: 1, world: city, drones: 1, robots: 0, delivery: quiet });
    const events: FleetEvent[] = [];
    const [x0, y0] = env.vehicle('drone-1').position;
    const zone = city.noFlyZones[0] as { x: number; y: number };
    flyTo(env, 'drone-1', x0, y0, 6);
    expect(env.metrics().no_fly_violations).toBe(0);
    env.setCommand('drone-1', { rung: 'goto', x: zone.x, y: zone.y, z: 6, yaw: 0 });
    collect(env, 20, events); // in, and staying in, counts once
    env.setCommand('drone-1', { rung: 'goto', x: x0, y: y0, z: 6, yaw: 0 });
    collect(env, 20, events);
    env.setCommand('drone-1', { rung: 'goto', x: zone.x, y: zone.y, z: 6, yaw: 0 });
    collect(env, 20, events);
    const violations = events.filter((event) => event.kind === 'no_fly_violation');
    expect(violations).toHaveLength(2);
    expect(violations[0]).toMatchObject({ agent: 'drone-1', text: 'drone-1 entered the no-fly zone Hospital Airspace', data: { zone: 'Hospital Airspace' } });
    expect(env.metrics().no_fly_violations).toBe(2);
    expect(env.vehicle('drone-1').status).toBe('ok'); // a violation, not a crash
  });

  it('counts a robot driving into another robot once per contact, as a collision event', () => {
    const env = FleetEnv.create({ seed: 1, world: city, drones: 0, robots: 2, delivery: quiet });
    const events: FleetEvent[] = [];
    const [x2, y2] = env.vehicle('robot-2').position;
    env.setCommand('robot-1', { rung: 'goto', x: x2, y: y2 });
    collect(env, 10, events);
    const collisions = events.filter((event) => event.kind === 'collision');
    expect(collisions).toHaveLength(1);
    expect(collisions[0]).toMatchObject({ agent: 'robot-1', text: 'robot-1 collided with robot-2', data: { with: 'robot-2' } });
    const metrics = env.metrics();
    expect(metrics.robot_collisions).toBe(1);
    expect(metrics.collisions).toBe(1);
  });

  it('crashes an airborne drone that comes down onto a robot; a drone parked in the yard is passed by', () => {
    const env = FleetEnv.create({ seed: 1, world: city, drones: 2, robots: 1, delivery: quiet });
    const events: FleetEvent[] = [];
    const [rx, ry] = env.vehicle('robot-1').position;
    const [px, py] = env.vehicle('drone-2').position;
    driveTo(env, 'robot-1', px, py); // drone-2 sits parked on the ground here
    expect(env.metrics().robot_collisions).toBe(0);
    const [x1, y1] = env.vehicle('robot-1').position;
    flyTo(env, 'drone-1', env.vehicle('drone-1').position[0], env.vehicle('drone-1').position[1], 3);
    flyTo(env, 'drone-1', x1, y1, 3);
    env.setCommand('drone-1', { rung: 'goto', x: x1, y: y1, z: 0.3, yaw: 0 });
    collect(env, 10, events);
    expect(env.vehicle('drone-1').status).toBe('crashed_vehicle');
    expect(events.find((event) => event.kind === 'collision')).toMatchObject({ agent: 'robot-1', text: 'robot-1 hit drone-1' });
    expect(events.find((event) => event.kind === 'crash')).toMatchObject({ agent: 'drone-1' });
    expect(env.metrics().robot_collisions).toBe(1);
    expect([rx, ry]).not.toEqual([x1, y1]);
  });
});
