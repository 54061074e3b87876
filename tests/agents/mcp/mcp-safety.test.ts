/**
 * The server owns the flight, safely (the SDK's in-memory transport, no process): the guard
 * stops a drone climbing on a velocity command before it passes the altitude limit, and parallel
 * wait_until calls each hear their own agent's events, whichever of them advances the world.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSkylineMcpServer, McpWorld, type SkylineMcpServer } from '../../../agents/index.node.ts';
import { structured, textOf } from './mcp-test-helpers.ts';

const MAX_ALTITUDE = 40;

describe('skyline mcp safety and waiting', () => {
  let mcp: SkylineMcpServer;
  let client: Client;

  beforeAll(async () => {
    const world = await McpWorld.create({ seed: 3, fleet: { drones: 2, robots: 0 }, safety: { allowLowLevel: false, maxAltitude: MAX_ALTITUDE } });
    mcp = createSkylineMcpServer(world, () => undefined);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    client = new Client({ name: 'safety-test', version: '1.0.0' });
    await Promise.all([mcp.server.connect(serverSide), client.connect(clientSide)]);
  });

  afterAll(async () => {
    await client?.close();
    await mcp?.close();
  });

  it(`switches a drone climbing on a velocity command to hover before it passes ${MAX_ALTITUDE} m`, async () => {
    await client.callTool({ name: 'takeoff', arguments: { agent: 'drone-1', altitude: 10 } });
    await client.callTool({ name: 'wait_until', arguments: { agent: 'drone-1', max_s: 30 } });
    const climb = await client.callTool({ name: 'velocity', arguments: { agent: 'drone-1', vx: 0, vy: 0, vz: 3, yaw_rate: 0 } });
    expect(climb.isError).toBeFalsy();
    const waited = structured<{ outcome: string; position: number[]; skillAfter: string; events: { kind: string; text: string }[] }>(
      await client.callTool({ name: 'wait_until', arguments: { agent: 'drone-1', max_s: 120 } }),
    );
    const stop = waited.events.find((event) => event.kind === 'safety_stop');
    expect(stop?.text).toMatch(/velocity would climb above the 40 m altitude limit/);
    expect(waited.skillAfter).toBe('hover');
    expect(waited.position[2]).toBeGreaterThan(MAX_ALTITUDE - 6);
    expect(waited.position[2]).toBeLessThan(MAX_ALTITUDE);
    const more = structured<{ position: number[] }>(await client.callTool({ name: 'wait_until', arguments: { agent: 'drone-1', max_s: 10 } }));
    expect(more.position[2]).toBeLessThan(MAX_ALTITUDE + 1);
  });

  it('refuses a goto whose straight path runs into a building, and stops a velocity flight at it short of the wall', async () => {
    const env = mcp.world.session.fleetEnv;
    const [x, y] = env.vehicle('drone-2').position;
    // The nearest building taller than the flight, reached without crossing a no-fly zone.
    const clearOfZones = (bx: number, by: number): boolean => Array.from({ length: 101 }, (_, k) => k / 100)
      .every((f) => env.world.noFlyZoneAt(x + (bx - x) * f, y + (by - y) * f, 12) < 0);
    const building = [...env.spec.buildings].filter((b) => b.height > 20 && clearOfZones((b.minX + b.maxX) / 2, (b.minY + b.maxY) / 2))
      .sort((a, b) => Math.hypot((a.minX + a.maxX) / 2 - x, (a.minY + a.maxY) / 2 - y) - Math.hypot((b.minX + b.maxX) / 2 - x, (b.minY + b.maxY) / 2 - y))[0];
    const into = await client.callTool({ name: 'goto', arguments: { agent: 'drone-2', x: (building.minX + building.maxX) / 2, y: (building.minY + building.maxY) / 2, z: building.height / 2 } });
    expect(into.isError).toBe(true);
    expect(textOf(into)).toMatch(/^invalid_args: goto: the straight path to .* hits the building .*fly_to, which climbs over the roofs/);
    const over = await client.callTool({ name: 'goto', arguments: { agent: 'drone-2', x, y, z: 12 } });
    expect(over.isError).toBeFalsy();

    // Flown at that building on a velocity command instead, the guard stops it short of the wall.
    await client.callTool({ name: 'wait_until', arguments: { agent: 'drone-2', max_s: 30 } });
    const dx = (building.minX + building.maxX) / 2 - x, dy = (building.minY + building.maxY) / 2 - y, length = Math.hypot(dx, dy);
    await client.callTool({ name: 'velocity', arguments: { agent: 'drone-2', vx: (3 * dx) / length, vy: (3 * dy) / length, vz: 0, yaw_rate: 0 } });
    const waited = structured<{ events: { kind: string; text: string }[]; skillAfter: string }>(await client.callTool({ name: 'wait_until', arguments: { agent: 'drone-2', max_s: 120 } }));
    expect(waited.events.find((event) => event.kind === 'safety_stop')?.text).toMatch(/velocity would hit the building/);
    expect(waited.skillAfter).toBe('hover');
    await client.callTool({ name: 'wait_until', arguments: { agent: 'drone-2', max_s: 5 } });
    expect(env.vehicle('drone-2').status).toBe('ok');
    await client.callTool({ name: 'land', arguments: { agent: 'drone-2' } });
    await client.callTool({ name: 'wait_until', arguments: { agent: 'drone-2', max_s: 60 } });
  });

  it('gives each of two wait_until calls made at the same time the events of its own agent', async () => {
    await client.callTool({ name: 'land', arguments: { agent: 'drone-1' } });
    await client.callTool({ name: 'takeoff', arguments: { agent: 'drone-2', altitude: 10 } });
    const before = structured<{ t: number }>(await client.callTool({ name: 'metrics', arguments: {} })).t;
    const [landing, takingOff] = (await Promise.all([
      client.callTool({ name: 'wait_until', arguments: { agent: 'drone-1', max_s: 120 } }),
      client.callTool({ name: 'wait_until', arguments: { agent: 'drone-2', max_s: 120 } }),
    ])).map((result) => structured<{ outcome: string; t: number; events: { kind: string; agent: string }[] }>(result));
    for (const [wait, agent] of [[landing, 'drone-1'], [takingOff, 'drone-2']] as const) {
      expect(wait.outcome, agent).toBe('skill_ended');
      expect(wait.events.some((event) => event.kind === 'skill_done'), agent).toBe(true);
      expect(wait.events.every((event) => event.agent === agent), agent).toBe(true);
    }
    // Taking off to 10 m ends long before a landing from 37 m.
    expect(takingOff.t).toBeLessThan(landing.t);
    expect(landing.t - before).toBeLessThan(60);
  });
});
