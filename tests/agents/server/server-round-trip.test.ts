/**
 * The agent API end to end: a real server on loopback, the real TypeScript client and a real
 * fleet session: hello, vocabulary, reset, describe, act by verb and by free text, step until a
 * drone lands at the depot it was sent to, every observation modality, and the frame stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSkylineClient, PROTOCOL_VERSION, type SkylineClient } from '../../../agents/index.node.ts';
import type { FleetFrame } from '../../../sim/index.ts';
import type { WorldSpec } from '../../../worlds/index.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

let test: TestServer;
let client: SkylineClient;

beforeAll(async () => {
  test = await startTestServer();
  client = await connectSkylineClient(test.server.url);
});

afterAll(async () => {
  client?.close();
  await test?.server.close();
});

describe('the agent server with the TypeScript client', () => {
  it('says hello with the protocol, its mode, the methods and its limits', async () => {
    const hello = await client.hello('round-trip-test');
    expect(hello.protocol).toBe(PROTOCOL_VERSION);
    expect(hello.server).toBe('skyline');
    expect(hello.mode).toBe('lockstep');
    expect(hello.session).toMatch(/\S+/);
    expect(hello.methods).toEqual(expect.arrayContaining(['session.hello', 'vocabulary.list', 'env.reset', 'world.describe', 'world.spec', 'agent.act', 'env.step', 'agent.observe', 'metrics.get', 'stream.subscribe', 'stream.unsubscribe']));
    expect(hello.limits).toMatchObject({ maxMessageBytes: 1 << 20, maxMessagesPerSecond: 200, messageBurst: 400 });
  });

  it('lists the drone vocabulary as verbs with JSON Schemas and as OpenAI tools', async () => {
    const { verbs, tools } = await client.vocabulary('drone');
    const names = verbs.map((verb) => verb.verb);
    expect(names).toEqual(expect.arrayContaining(['motors', 'rates', 'velocity', 'goto', 'takeoff', 'land', 'hover', 'fly_to', 'wait', 'say']));
    expect(names).not.toContain('wheels');
    expect(tools.map((tool) => tool.function.name)).toEqual(names);
    expect(tools.find((tool) => tool.function.name === 'fly_to')!.function.parameters).toMatchObject({ type: 'object' });
  });

  it('resets a delivery world and describes its places and streets', async () => {
    const reset = await client.reset({ seed: 7, fleet: { drones: 2, robots: 1 } });
    expect(reset.agents.map((agent) => agent.id)).toEqual(['drone-1', 'drone-2', 'robot-1']);
    expect(reset.step).toBe(0);
    expect(reset.world.depots.length).toBeGreaterThanOrEqual(2);
    const described = await client.describeWorld();
    expect(described.places.filter((place) => place.kind === 'depot').map((place) => place.name)).toEqual(expect.arrayContaining(reset.world.depots));
    expect(described.streets.length).toBe(reset.world.streets);
    const spec = await client.worldSpec();
    expect(spec.buildings.length).toBe(reset.world.buildings);
  });

  it('acts by verb: takeoff is accepted as a skill and wait as a one-step verb', async () => {
    const takeoff = await client.act({ agent: 'drone-2', verb: 'takeoff', args: { altitude: 10 } });
    expect(takeoff.agent).toBe('drone-2');
    expect(takeoff.actions).toEqual([{ verb: 'takeoff', args: { altitude: 10 } }]);
    expect(takeoff.skill).toMatch(/^takeoff/);
    const wait = await client.act({ agent: 'robot-1', verb: 'wait', args: { s: 1 } });
    expect(wait.actions[0].verb).toBe('wait');
  });

  it('flies drone-1 to a depot named in free text and steps until it lands within 1.5 m of its pad', async () => {
    const { world } = await client.reset({ seed: 7, fleet: { drones: 1, robots: 0 } });
    const depot = world.depots[1];
    const act = await client.act({ agent: 'drone-1', text: `fly to ${depot}` });
    expect(act.groundedBy).toBe('rules');
    expect(act.actions[0]).toEqual({ verb: 'fly_to', args: { place: depot } });
    expect(act.skill).toBe(`fly_to ${depot}`);
    const target = (await client.observe('drone-1', ['json'])).json!.target as number[];
    const kinds: string[] = [];
    let landed = false, step = 0;
    for (let call = 0; call < 60 && !landed; call++) {
      const result = await client.step(1000);
      expect(result.step).toBe(step + 1000);
      step = result.step;
      kinds.push(...result.events.map((event) => event.kind));
      const json = (await client.observe('drone-1', ['json'])).json as { landed: boolean; skill: string | null };
      landed = json.landed && json.skill === null;
    }
    expect(kinds).toContain('skill_done');
    const drone = (await client.observe('drone-1', ['json'])).json as { position: number[]; status: string };
    expect(drone.status).toBe('ok');
    expect(Math.hypot(drone.position[0] - target[0], drone.position[1] - target[1])).toBeLessThan(1.5);
    const pad = (await client.worldSpec()).depots[1];
    expect(drone.position[0]).toBeGreaterThanOrEqual(pad.minX);
    expect(drone.position[0]).toBeLessThanOrEqual(pad.maxX);
    expect(drone.position[1]).toBeGreaterThanOrEqual(pad.minY);
    expect(drone.position[1]).toBeLessThanOrEqual(pad.maxY);
  });

  it('observes an agent as text, JSON, a vector and images', async () => {
    const observation = await client.observe('drone-1', ['text', 'json', 'vector', 'image']);
    expect(observation.agent).toBe('drone-1');
    expect(observation.text).toMatch(/drone-1/);
    expect(observation.json).toMatchObject({ id: 'drone-1', kind: 'drone' });
    expect(observation.vector!.length).toBeGreaterThan(10);
    expect(observation.vector!.every((value) => Number.isFinite(value))).toBe(true);
    expect(observation.image!.width).toBeGreaterThan(0);
    const png = Buffer.from(observation.image!.rgbPngBase64, 'base64');
    expect([...png.subarray(1, 4)].map((byte) => String.fromCharCode(byte)).join('')).toBe('PNG');
    expect(Buffer.from(observation.image!.depthPngBase64, 'base64').length).toBeGreaterThan(8);
    const metrics = await client.metrics();
    expect(metrics.actions_sent).toBeGreaterThanOrEqual(1);
  });

  it('streams the world and then frames whose step rises by `every`', async () => {
    const frames: FleetFrame[] = [];
    const worlds: WorldSpec[] = [];
    const subscription = await client.subscribe((frame) => frames.push(frame), { every: 5, onWorld: (world) => worlds.push(world) });
    const before = (await client.step(1)).step - 1;
    const after = (await client.step(24)).step;
    expect(after).toBe(before + 25);
    expect(worlds).toHaveLength(1);
    expect(worlds[0].buildings.length).toBe((await client.worldSpec()).buildings.length);
    const steps = frames.map((frame) => frame.step);
    expect(steps).toEqual(Array.from({ length: 5 }, (_, k) => Math.ceil((before + 1) / 5) * 5 + 5 * k));
    expect(frames[0].vehicles.map((vehicle) => vehicle.id)).toEqual(['drone-1']);
    await client.unsubscribe(subscription);
    await client.step(10);
    expect(frames).toHaveLength(5);
  });

  it('sends a subscriber the new world after each reset', async () => {
    const worlds: WorldSpec[] = [];
    await client.subscribe(() => {}, { onWorld: (world) => worlds.push(world) });
    await client.reset({ seed: 3, world: { size: 600 }, fleet: { drones: 1, robots: 1 } });
    await client.hello(); // a round trip: the world notification was sent before this answer
    expect(worlds.map((world) => world.seed)).toEqual([7, 3]);
  });
});
