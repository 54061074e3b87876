import { describe, expect, it } from 'vitest';
import { generateWorld, WorldIndex } from '../../../worlds/index.ts';
import { FleetEnv, type FleetEvent } from '../../../sim/index.ts';
import { driveTo, flyOver, flyTo } from './fleet-flight-helpers.ts';

const city = generateWorld(3, { size: 600, maxHeight: 30, depots: 1 });
const cruise = new WorldIndex(city).grid.maxHeight + 5;
/** Two parcels waiting at the one depot, no further arrivals. */
const quiet = { orderRatePerHour: 0, initialOrders: 2, buildingPickupShare: 0 };

function parcel(env: FleetEnv, id: string) {
  const found = env.parcels().find((p) => p.id === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
}

describe('pick-up and drop-off', () => {
  it('refuses a pick-up out of reach, saying how far the parcel is', () => {
    const env = FleetEnv.create({ seed: 2, world: city, drones: 1, robots: 0, delivery: quiet });
    const result = env.pickUp('drone-1', 'parcel-1');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/parcel-1 is out of reach: \d+\.\d m away horizontally/);
    const any = env.pickUp('drone-1');
    if (!any.ok) expect(any.reason).toMatch(/no parcel within reach of drone-1.*nearest waiting parcel, parcel-\d, is/);
    expect(any.ok).toBe(false);
  });

  it('refuses a parcel heavier than the drone payload limit, and a robot carries it', () => {
    const env = FleetEnv.create({ seed: 2, world: city, drones: 1, robots: 1, delivery: { ...quiet, parcelMassKg: [0.02, 0.02] } });
    const [px, py] = parcel(env, 'parcel-1').position;
    flyTo(env, 'drone-1', px, py, 1);
    const refused = env.pickUp('drone-1', 'parcel-1');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.reason).toBe('parcel-1 weighs 20.0 g; drone-1 already carries 0.0 g and its payload limit is 15.0 g');
    driveTo(env, 'robot-1', px, py);
    expect(env.pickUp('robot-1', 'parcel-1')).toEqual({ ok: true, parcel: 'parcel-1' });
    expect(env.vehicle('robot-1').payloadKg).toBeCloseTo(0.02, 9);
  });

  it('delivers a parcel to the roof of its drop-off building: order delivered, income rises', () => {
    const env = FleetEnv.create({ seed: 2, world: city, drones: 1, robots: 0, delivery: quiet });
    const order = env.orders()[0];
    const [px, py] = order.pickupPosition!;
    flyTo(env, 'drone-1', px, py, 1);
    expect(env.pickUp('drone-1')).toEqual({ ok: true, parcel: order.parcelId });
    expect(env.vehicle('drone-1').cargo).toEqual([order.parcelId]);
    expect(env.orders()[0].state).toBe('picked_up');
    // Away from the drop-off and from the depot, the drop is refused with where to go.
    flyTo(env, 'drone-1', px, py, cruise, 60, 0.5);
    const early = env.dropOff('drone-1');
    expect(early.ok).toBe(false);
    if (!early.ok) expect(early.reason).toContain(`not at ${order.id}'s drop-off (${order.dropoff}`);
    const [rx, ry, rz] = order.dropoffPosition!;
    flyOver(env, 'drone-1', rx, ry, rz + 1, cruise);
    expect(env.vehicle('drone-1').status).toBe('ok');
    expect(env.dropOff('drone-1')).toEqual({ ok: true, parcel: order.parcelId, delivered: true, handoff: false });
    const after = env.orders()[0];
    expect(after.state).toBe('delivered');
    expect(parcel(env, order.parcelId).state).toBe('delivered');
    const metrics = env.metrics();
    expect(metrics.delivered).toBe(1);
    expect(metrics.delivered_on_time).toBe(1);
    expect(metrics.on_time_rate).toBe(1);
    expect(metrics.net_income).toBe(10);
    expect(metrics.mean_delivery_time_s).toBeCloseTo(env.t, 6);
    expect(metrics.income_per_sim_hour).toBeCloseTo(10 / (env.t / 3600), 6);
  });

  it('hands a parcel over at a depot: a robot leaves it, a drone picks it up, a handoff event names both', () => {
    const env = FleetEnv.create({ seed: 2, world: city, drones: 1, robots: 1, delivery: quiet });
    const [px, py] = parcel(env, 'parcel-1').position;
    driveTo(env, 'robot-1', px, py);
    expect(env.pickUp('robot-1', 'parcel-1').ok).toBe(true);
    const [dx, dy] = env.vehicle('drone-1').position;
    driveTo(env, 'robot-1', dx, dy - 3);
    expect(env.dropOff('robot-1')).toEqual({ ok: true, parcel: 'parcel-1', delivered: false, handoff: true });
    const left = parcel(env, 'parcel-1');
    expect(left.state).toBe('waiting');
    env.advance(1);
    flyTo(env, 'drone-1', left.position[0], left.position[1], 0.8);
    const events: FleetEvent[] = [];
    expect(env.pickUp('drone-1', 'parcel-1').ok).toBe(true);
    events.push(...env.advance(1));
    const handoff = events.find((event) => event.kind === 'handoff');
    expect(handoff?.data).toMatchObject({ parcel: 'parcel-1', from: 'robot-1', to: 'drone-1' });
    expect(env.metrics().handoffs).toBe(1);
  });

  it('times out orders past their deadline and charges the late penalty once each', () => {
    const env = FleetEnv.create({ seed: 2, world: city, drones: 0, robots: 1, delivery: { ...quiet, initialOrders: 3, meanDeadlineS: 10, latePenalty: 4 } });
    const events = env.advance(1600);
    expect(events.filter((event) => event.kind === 'order_timed_out')).toHaveLength(3);
    expect(env.orders().map((order) => order.state)).toEqual(['timed_out', 'timed_out', 'timed_out']);
    const metrics = env.metrics();
    expect(metrics.timed_out).toBe(3);
    expect(metrics.net_income).toBe(-12);
    expect(metrics.on_time_rate).toBe(0);
  });

  it('delivers messages into the recipient inbox, and to everyone else for "all"', () => {
    const env = FleetEnv.create({ seed: 2, world: city, drones: 2, robots: 1, delivery: quiet });
    env.advance(10);
    env.say('drone-1', 'robot-1', 'parcel-1 is yours');
    env.say('dispatcher', 'all', 'rain at 600 s');
    expect(env.takeInbox('robot-1')).toEqual([
      { from: 'drone-1', text: 'parcel-1 is yours', t: env.t },
      { from: 'dispatcher', text: 'rain at 600 s', t: env.t },
    ]);
    expect(env.takeInbox('robot-1')).toEqual([]);
    expect(env.takeInbox('drone-2').map((message) => message.text)).toEqual(['rain at 600 s']);
    expect(env.frame().events.filter((event) => event.kind === 'say')).toHaveLength(2);
  });

  it('keeps at most the newest 10,000 events for a reader that never reads', () => {
    const env = FleetEnv.create({ seed: 2, world: city, drones: 1, robots: 1, delivery: { ...quiet, initialOrders: 0 } });
    for (let k = 0; k < 14_000; k++) env.say('drone-1', 'robot-1', `message ${k}`);
    const events = env.advance(0);
    expect(events).toHaveLength(10_000);
    expect(events[0].text).toBe('message 4000');
    expect(events.at(-1)!.text).toBe('message 13999');
    expect(env.frame().events).toHaveLength(10_000);
  });
});

describe('frames and dispatcher bookkeeping', () => {
  it('shows skills, targets, assignments and the events since the previous frame', () => {
    const env = FleetEnv.create({ seed: 2, world: city, drones: 1, robots: 1, delivery: quiet });
    const first = env.frame();
    expect(first.events.map((event) => event.kind)).toEqual(['order_created', 'order_created']);
    expect(first.vehicles.map((vehicle) => vehicle.id)).toEqual(['drone-1', 'robot-1']);
    env.assign('order-2', 'robot-1');
    env.setVehicleAnnotation('robot-1', { skill: 'drive_to Depot 1', target: [1, 2, 0] });
    env.advance(5);
    const second = env.frame();
    expect(second.step).toBe(5);
    expect(second.events.map((event) => event.kind)).toEqual(['assigned']);
    expect(second.vehicles[1]).toMatchObject({ skill: 'drive_to Depot 1', target: [1, 2, 0], battery: 1 });
    expect(second.orders[1]).toMatchObject({ state: 'assigned', assignedTo: 'robot-1' });
    expect(second.metrics.open).toBe(2);
    expect(env.frame().events).toEqual([]);
    // The assigned parcel is the one a robot takes when both are in reach, even when the other is nearer.
    const [p1, p2] = env.parcels();
    expect(Math.hypot(p1.position[0] - p2.position[0], p1.position[1] - p2.position[1])).toBeLessThan(2);
    driveTo(env, 'robot-1', p1.position[0] + 0.2 * (p2.position[0] - p1.position[0]), p1.position[1] + 0.2 * (p2.position[1] - p1.position[1]), 120, 0.1);
    const [rx, ry] = env.vehicle('robot-1').position;
    expect(Math.hypot(rx - p1.position[0], ry - p1.position[1])).toBeLessThan(Math.hypot(rx - p2.position[0], ry - p2.position[1]));
    expect(env.pickUp('robot-1')).toEqual({ ok: true, parcel: 'parcel-2' });
  });
});

describe('order arrivals', () => {
  const rate = 3600; // per hour: one a second, so 600 s hold about 600 orders
  function ordersAfter(seed: number, seconds: number) {
    const env = FleetEnv.create({ seed, world: city, drones: 0, robots: 1, delivery: { orderRatePerHour: rate, initialOrders: 0, maxOrders: 100_000, meanDeadlineS: 1e5 } });
    env.advance(seconds * 100);
    return env.orders();
  }

  it('creates Poisson arrivals at the stated rate: 600 s at 1/s gives 600 ± 15 % orders', () => {
    const orders = ordersAfter(5, 600);
    expect(orders.length).toBeGreaterThan(510);
    expect(orders.length).toBeLessThan(690);
    // Exponential gaps: their coefficient of variation is 1 (a fixed schedule would give 0).
    const gaps = orders.slice(1).map((order, k) => order.createdAt - orders[k].createdAt);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((a, b) => a + (b - mean) ** 2, 0) / gaps.length);
    expect(sd / mean).toBeGreaterThan(0.85);
    expect(sd / mean).toBeLessThan(1.15);
  });

  it('gives the same orders for the same seed and different orders for another seed', () => {
    const a = ordersAfter(5, 60), b = ordersAfter(5, 60), c = ordersAfter(6, 60);
    expect(b).toEqual(a);
    expect(c.map((order) => order.createdAt)).not.toEqual(a.map((order) => order.createdAt));
  });
});
