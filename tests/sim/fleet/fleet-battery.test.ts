import { describe, expect, it } from 'vitest';
import { generateWorld } from '../../../worlds/index.ts';
import { DEPOT_CHARGE_PER_S, DRONE_HOVER_ENDURANCE_S, FleetEnv } from '../../../sim/index.ts';
import { flyTo } from './fleet-flight-helpers.ts';

const city = generateWorld(3, { size: 600, maxHeight: 30, depots: 1 });

describe('drone battery', () => {
  it('drains a hovering drone in about 7 minutes: 10 s of hover use 10/420 of the battery ± 5 %', () => {
    const env = FleetEnv.create({ seed: 4, world: city, drones: 1, robots: 0 });
    const [x, y] = env.vehicle('drone-1').position;
    flyTo(env, 'drone-1', x, y, 3);
    env.advance(200);
    const before = env.vehicle('drone-1').battery;
    env.advance(1000);
    const used = before - env.vehicle('drone-1').battery;
    expect(used / (10 / DRONE_HOVER_ENDURANCE_S)).toBeGreaterThan(0.95);
    expect(used / (10 / DRONE_HOVER_ENDURANCE_S)).toBeLessThan(1.05);
  });

  it('drains faster with a heavy parcel: 12 g on a 27 g drone costs (39/27)^1.5 ≈ 1.74 × the power', () => {
    const env = FleetEnv.create({
      seed: 4, world: city, drones: 2, robots: 0,
      delivery: { orderRatePerHour: 0, initialOrders: 1, buildingPickupShare: 0, parcelMassKg: [0.012, 0.012] },
    });
    const [px, py] = env.parcels()[0].position;
    flyTo(env, 'drone-1', px, py, 1);
    expect(env.pickUp('drone-1').ok).toBe(true);
    expect(env.vehicle('drone-1').payloadKg).toBeCloseTo(0.012, 9);
    const [x2, y2] = env.vehicle('drone-2').position;
    env.setCommand('drone-1', { rung: 'goto', x: px, y: py, z: 4 });
    env.setCommand('drone-2', { rung: 'goto', x: x2, y: y2, z: 4 });
    env.advance(1500);
    const loaded = env.vehicle('drone-1'), empty = env.vehicle('drone-2');
    // Both hold altitude: the loaded one really makes the extra thrust.
    expect(Math.abs(loaded.position[2] - 4)).toBeLessThan(0.1);
    expect(Math.abs(empty.position[2] - 4)).toBeLessThan(0.1);
    const b1 = loaded.battery, b2 = empty.battery;
    env.advance(1000);
    const ratio = (b1 - env.vehicle('drone-1').battery) / (b2 - env.vehicle('drone-2').battery);
    expect(ratio).toBeGreaterThan(1.65);
    expect(ratio).toBeLessThan(1.83);
  });

  it('recharges a drone landed at a depot at the stated rate, up to full', () => {
    const env = FleetEnv.create({ seed: 4, world: city, drones: 1, robots: 0 });
    const [x, y] = env.vehicle('drone-1').position;
    flyTo(env, 'drone-1', x, y, 3);
    env.advance(3000);
    flyTo(env, 'drone-1', x, y, 0, 30, 0.05);
    env.setCommand('drone-1', { rung: 'idle' });
    env.advance(10);
    const landed = env.vehicle('drone-1');
    expect(landed.landed).toBe(true);
    env.advance(100);
    expect(env.vehicle('drone-1').battery - landed.battery).toBeCloseTo(DEPOT_CHARGE_PER_S, 6);
    env.advance(6000);
    expect(env.vehicle('drone-1').battery).toBe(1);
    const energy = env.metrics().drone_energy_wh;
    expect(energy).toBeGreaterThan(0);
    env.advance(100);
    expect(env.metrics().drone_energy_wh).toBe(energy); // motors off: nothing drawn
  });
});
