/**
 * A realtime world over MCP (the SDK's in-memory transport, no process): the server's clock steps
 * the world between calls, and wait_until watches it rather than advancing it.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, describe, expect, it } from 'vitest';
import { createSkylineMcpServer, McpWorld, type SkylineMcpServer } from '../../../agents/index.node.ts';
import { structured } from './mcp-test-helpers.ts';

describe('skyline mcp in realtime mode', () => {
  let mcp: SkylineMcpServer;
  let client: Client;

  afterAll(async () => {
    await client?.close();
    await mcp?.close();
  });

  it('steps the world on its own, and wait_until returns after max_s simulated seconds of it', async () => {
    const world = await McpWorld.create({ seed: 3, fleet: { drones: 1, robots: 0 }, mode: 'realtime', realtimeRate: 2000 });
    mcp = createSkylineMcpServer(world, () => undefined);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    client = new Client({ name: 'realtime-test', version: '1.0.0' });
    await Promise.all([mcp.server.connect(serverSide), client.connect(clientSide)]);
    const before = world.session.fleetEnv.t;
    await client.callTool({ name: 'takeoff', arguments: { agent: 'drone-1', altitude: 15 } });
    const waited = structured<{ outcome: string; waitedS: number; position: number[] }>(
      await client.callTool({ name: 'wait_until', arguments: { max_s: 3 } }),
    );
    expect(waited.outcome).toBe('time_limit');
    expect(waited.waitedS).toBeGreaterThanOrEqual(3);
    expect(world.session.fleetEnv.t - before).toBeGreaterThanOrEqual(3);
    const described = structured<{ mode: string; t: number }>(await client.callTool({ name: 'describe_world', arguments: {} }));
    expect(described.mode).toBe('realtime');
    expect(world.session.fleetEnv.vehicle('drone-1').position[2]).toBeGreaterThan(1);
  }, 30_000);
});
