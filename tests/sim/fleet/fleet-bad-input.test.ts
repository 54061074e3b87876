import { describe, expect, it } from 'vitest';
import { generateWorld } from '../../../worlds/index.ts';
import { FleetEnv, FleetInputError } from '../../../sim/index.ts';

const city = generateWorld(3, { size: 600, maxHeight: 30, depots: 1 });
const env = FleetEnv.create({ seed: 1, world: city, drones: 1, robots: 1 });

describe('fleet bad input', () => {
  it('rejects non-finite and out-of-range numbers, naming the field and the accepted range', () => {
    expect(() => env.setCommand('drone-1', { rung: 'goto', x: Number.NaN, y: 0, z: 5 })).toThrow('drone-1: goto.x is NaN, not a finite number; accepted: -10000..10000 m');
    expect(() => env.setCommand('drone-1', { rung: 'velocity', vx: 0, vy: 0, vz: 9, yawRate: 0 })).toThrow('drone-1: velocity.vz = 9 is out of range; accepted: -4..4 m/s');
    expect(() => env.setCommand('drone-1', { rung: 'motors', values: [0, 0, 0] as never })).toThrow(/motors.values must be 4 numbers/);
    expect(() => env.setCommand('robot-1', { rung: 'wheels', left: Infinity, right: 0 })).toThrow(/wheels.left is Infinity/);
  });

  it('rejects an unknown vehicle, listing the known ones', () => {
    expect(() => env.vehicle('drone-9')).toThrow('unknown vehicle "drone-9"; known: drone-1, robot-1');
    expect(() => env.setCommand('drone-9', { rung: 'idle' })).toThrow(FleetInputError);
    expect(() => env.pickUp('car-1')).toThrow(/unknown vehicle "car-1"/);
  });

  it('rejects a robot rung on a drone and a drone rung on a robot', () => {
    expect(() => env.setCommand('drone-1', { rung: 'wheels', left: 0, right: 0 })).toThrow('drone-1: rung "wheels" is not accepted for a drone ("wheels" is a robot rung); accepted: motors, rates, velocity, goto, idle');
    expect(() => env.setCommand('robot-1', { rung: 'rates', thrust: 0.5, p: 0, q: 0, r: 0 })).toThrow(/accepted: wheels, velocity, goto, idle/);
    expect(() => env.setCommand('robot-1', { rung: 'fly' } as never)).toThrow(/rung "fly" is not accepted for a robot/);
  });

  it('rejects bad fleet options, steps, recipients and orders with what is accepted', () => {
    expect(() => FleetEnv.create({ seed: 1, world: city, drones: -1, robots: 0 })).toThrow('drones: -1 is not accepted; accepted: a whole number in 0..512');
    expect(() => FleetEnv.create({ seed: 1.5, world: city, drones: 1, robots: 0 })).toThrow(/seed: 1.5 is not accepted/);
    expect(() => FleetEnv.create({ seed: 1, world: city, drones: 1, robots: 0, delivery: { orderRate: 3 } as never })).toThrow(/delivery.orderRate: unknown option; accepted: orderRatePerHour/);
    expect(() => FleetEnv.create({ seed: 1, world: city, drones: 1, robots: 0, delivery: { parcelMassKg: [2, 1] } })).toThrow(/parcelMassKg/);
    expect(() => FleetEnv.create({ seed: 1, world: { ...city, depots: [] }, drones: 1, robots: 0 })).toThrow(/has no depots/);
    expect(() => env.advance(-1)).toThrow(/steps: -1 is not accepted/);
    expect(() => env.say('drone-1', 'drone-7', 'hi')).toThrow(/unknown recipient "drone-7"; accepted: all, drone-1, robot-1/);
    expect(() => env.assign('order-999', 'drone-1')).toThrow(/unknown order "order-999"/);
    // The world is still fine after all of that.
    env.setCommand('drone-1', { rung: 'goto', x: env.vehicle('drone-1').position[0], y: env.vehicle('drone-1').position[1], z: 1 });
    env.advance(300);
    expect(env.vehicle('drone-1').position[2]).toBeGreaterThan(0.8);
  });

  it('ignores commands to a crashed drone and refuses its pick-ups with the reason', () => {
    const crashing = FleetEnv.create({ seed: 1, world: city, drones: 1, robots: 0 });
    const [x, y] = crashing.vehicle('drone-1').position;
    crashing.setCommand('drone-1', { rung: 'goto', x, y, z: city.bounds.ceiling + 50 });
    while (crashing.vehicle('drone-1').status === 'ok' && crashing.t < 200) crashing.advance(500);
    expect(crashing.vehicle('drone-1').status).toBe('out_of_bounds');
    crashing.setCommand('drone-1', { rung: 'goto', x, y, z: 1 });
    const result = crashing.pickUp('drone-1');
    expect(result).toEqual({ ok: false, reason: 'drone-1 has crashed (out_of_bounds) and can pick nothing up' });
  });
});
