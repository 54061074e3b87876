import { describe, expect, it } from 'vitest';
import { AgentError, createFleetSession, VECTOR_OBSERVATION_SIZE } from '../../../agents/index.ts';

async function rejection(promise: Promise<unknown> | (() => unknown)): Promise<AgentError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    expect(error).toBeInstanceOf(AgentError);
    return error as AgentError;
  }
  throw new Error('expected an AgentError');
}

describe('fleet session', () => {
  it('refuses every method before reset with not_ready', async () => {
    const session = createFleetSession();
    expect((await rejection(() => session.step(1))).code).toBe('not_ready');
    expect((await rejection(() => session.observe('drone-1', ['json']))).code).toBe('not_ready');
    expect((await rejection(session.act({ agent: 'drone-1', verb: 'takeoff' }))).code).toBe('not_ready');
    expect((await rejection(() => session.describeWorld())).code).toBe('not_ready');
  });

  it('keeps at most 10,000 unreturned events for a client that acts and never steps', async () => {
    const session = createFleetSession();
    await session.reset({ seed: 3, fleet: { drones: 1, robots: 0 } });
    // Each hover replaces the last: a start and a replacement event per act.
    for (let k = 0; k < 6000; k++) await session.act({ agent: 'drone-1', verb: 'hover' });
    const events = session.step(0).events;
    expect(events.length).toBe(10_000);
    expect(events.at(-1)!.kind).toBe('skill_started');
  });

  it('flies a drone to a depot named in free text and lands it within 1 m of its spot', async () => {
    const session = createFleetSession();
    const reset = await session.reset({ seed: 7, fleet: { drones: 2, robots: 1 } });
    expect(reset.agents.map((a) => a.id)).toEqual(['drone-1', 'drone-2', 'robot-1']);
    const depot = reset.world.depots[1];
    const result = await session.act({ agent: 'drone-1', text: `fly to ${depot}` });
    expect(result.groundedBy).toBe('rules');
    expect(result.actions[0].verb).toBe('fly_to');
    expect(result.skill).toBe(`fly_to ${depot}`);
    const target = session.frame().vehicles.find((v) => v.id === 'drone-1')!.target!;
    const kinds: string[] = [];
    for (let k = 0; k < 30 && session.skillOf('drone-1') !== null; k++) kinds.push(...session.step(1000).events.map((e) => e.kind));
    const drone = session.observe('drone-1', ['json']).json as { position: number[]; landed: boolean; status: string; skill: string | null };
    expect(kinds).toContain('skill_started');
    expect(kinds).toContain('skill_done');
    expect(drone.status).toBe('ok');
    expect(drone.landed).toBe(true);
    expect(drone.skill).toBeNull();
    expect(Math.hypot(drone.position[0] - target[0], drone.position[1] - target[1])).toBeLessThan(1);
    const spec = session.worldSpec().depots[1];
    expect(drone.position[0]).toBeGreaterThanOrEqual(spec.minX);
    expect(drone.position[0]).toBeLessThanOrEqual(spec.maxX);
  });

  it('names the closest agents for an unknown agent and the closest places for an unknown place, and counts both', async () => {
    const session = createFleetSession();
    await session.reset({ seed: 7 });
    const agentError = await rejection(session.act({ agent: 'drone-l', verb: 'takeoff' }));
    expect(agentError.code).toBe('unknown_agent');
    expect(agentError.details.closest).toContain('drone-1');
    expect(agentError.details.known).toEqual(session.agentIds());
    const placeError = await rejection(session.act({ agent: 'drone-1', verb: 'fly_to', args: { place: 'Depto 9' } }));
    expect(placeError.code).toBe('unknown_place');
    expect(placeError.details.closest!.some((name) => /^Depot \d$/.test(name))).toBe(true);
    const verbError = await rejection(session.act({ agent: 'drone-1', verb: 'fyl_to', args: { place: 'Depot 1' } }));
    expect(verbError.code).toBe('unknown_verb');
    expect(verbError.details.closest).toContain('fly_to');
    const wheels = await rejection(session.act({ agent: 'drone-1', verb: 'wheels', args: { left: 1, right: 1 } }));
    expect(wheels.code).toBe('not_applicable');
    const metrics = session.metrics();
    expect(metrics.actions_sent).toBe(4);
    expect(metrics.actions_rejected).toBe(4);
    const events = session.step(1).events.filter((e) => e.kind === 'rejected');
    expect(events).toHaveLength(4);
  });

  it('builds json, text, vector and image observations of one agent', async () => {
    const session = createFleetSession();
    await session.reset({ seed: 7, fleet: { drones: 1, robots: 1 } });
    await session.act({ agent: 'robot-1', verb: 'say', args: { to: 'drone-1', text: 'parcel-1 waits at Depot 2' } });
    session.step(10);
    const observation = session.observe('drone-1', ['json', 'text', 'vector', 'image']);
    const json = observation.json as { battery: number; cargo: string[]; inbox: { from: string; text: string }[]; nearbyPlaces: { name: string }[]; orders: unknown[] };
    expect(json.battery).toBeGreaterThan(0.99);
    expect(json.cargo).toEqual([]);
    expect(json.inbox).toEqual([{ from: 'robot-1', text: 'parcel-1 waits at Depot 2', t: 0 }]);
    expect(json.nearbyPlaces[0].name).toBe('Depot 1');
    expect(json.orders.length).toBe(3);
    expect(observation.text).toContain('You are drone-1');
    expect(observation.text).toContain('robot-1: "parcel-1 waits at Depot 2"');
    expect(observation.vector).toHaveLength(VECTOR_OBSERVATION_SIZE);
    expect(observation.vector!.every(Number.isFinite)).toBe(true);
    const image = observation.image!;
    expect([image.width, image.height]).toEqual([64, 64]);
    const rgb = Uint8Array.from(atob(image.rgbPngBase64), (c) => c.charCodeAt(0));
    expect([...rgb.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    expect(rgb.length).toBeGreaterThan(64 * 64 * 3);
    const unknown = await rejection(() => session.observe('drone-1', ['smell' as 'json']));
    expect(unknown.code).toBe('invalid_args');
    expect(unknown.details.known).toEqual(['json', 'text', 'vector', 'image']);
  });

  it('describes the world by its notable places, not every building, and refuses a fleet over the limit', async () => {
    const session = createFleetSession({ maxDrones: 8 });
    await session.reset({ seed: 7 });
    const world = session.describeWorld();
    const kinds = new Set(world.places.map((p) => p.kind));
    expect(kinds.has('depot')).toBe(true);
    expect(kinds.has('pad')).toBe(true);
    expect(world.places.length).toBeLessThan(session.worldSpec().buildings.length / 4);
    expect(world.streets.length).toBe(session.worldSpec().streets.length);
    const tooMany = await rejection(session.reset({ seed: 7, fleet: { drones: 9, robots: 0 } }));
    expect(tooMany.code).toBe('invalid_args');
    expect(tooMany.details.field).toBe('fleet.drones');
    expect(tooMany.message).toContain('0..8');
  });
});
