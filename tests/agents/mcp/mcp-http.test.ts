/**
 * `skyline mcp` over streamable HTTP with the SDK's own Client: a token-protected server refuses
 * a client without the token and serves one with it; tools, the camera image, error results,
 * resources (map PNG, WorldSpec, event log with update notifications) and prompts work over HTTP;
 * a closed session frees its world.
 */
import { request as httpRequest } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMcpHttpServer, VERB_NAMES, type McpHttpServer } from '../../../agents/index.node.ts';
import { pngSize, structured, textOf } from './mcp-test-helpers.ts';

const TOKEN = 'mcp-test-token-3f9a';

function connect(url: string, token?: string): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(url), token ? { requestInit: { headers: { Authorization: `Bearer ${token}` } } } : {});
  const client = new Client({ name: 'skyline-http-test', version: '1.0.0' });
  return client.connect(transport).then(() => ({ client, transport }));
}

function statusWithHost(url: string, host: string): Promise<number> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/mcp', method: 'POST', headers: { Host: host, 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end('{}');
  });
}

describe('skyline mcp over streamable HTTP', () => {
  let server: McpHttpServer;
  let client: Client;
  let transport: StreamableHTTPClientTransport;

  beforeAll(async () => {
    server = await startMcpHttpServer({ port: 0, token: TOKEN, settings: { seed: 7, fleet: { drones: 1, robots: 1 }, imageSize: 64 }, log: () => undefined });
    ({ client, transport } = await connect(server.url, TOKEN));
  }, 30_000);

  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  it('refuses a client without the token (401) and one addressed to a host beyond loopback (403)', async () => {
    await expect(connect(server.url)).rejects.toThrow(/401|unauthorized/i);
    await expect(connect(server.url, 'wrong-token')).rejects.toThrow(/401|unauthorized/i);
    expect(await statusWithHost(server.url, 'evil.example:80')).toBe(403);
    expect(server.sessionCount()).toBe(1);
  });

  it('serves the same tools as stdio, the camera image and error results with closest matches', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).slice(0, VERB_NAMES.length)).toEqual([...VERB_NAMES]);
    const observed = await client.callTool({ name: 'observe', arguments: { agent: 'robot-1', include: ['image', 'depth'] } });
    const images = (observed.content as { type: string; data?: string }[]).filter((part) => part.type === 'image');
    expect(images.map((image) => pngSize(image.data!))).toEqual([{ width: 64, height: 64 }, { width: 64, height: 64 }]);
    const wrong = await client.callTool({ name: 'drive_to', arguments: { agent: 'robot-2', place: 'Depot 1' } });
    expect(wrong.isError).toBe(true);
    expect(textOf(wrong)).toMatch(/^unknown_agent: agent: "robot-2" is not an agent of this session; closest: robot-1/);
    expect(structured<{ error: { closest: string[] } }>(wrong).error.closest[0]).toBe('robot-1');
  });

  it('serves the map as a PNG, the WorldSpec, and notifies a subscriber when the event log changes', async () => {
    const { resources } = await client.listResources();
    expect(resources.map((resource) => resource.uri).sort()).toEqual(['skyline://events/recent', 'skyline://world/description', 'skyline://world/map.png', 'skyline://world/spec.json']);
    const map = (await client.readResource({ uri: 'skyline://world/map.png' })).contents[0] as { blob: string; mimeType: string };
    expect(map.mimeType).toBe('image/png');
    expect(pngSize(map.blob).width).toBeGreaterThan(500);
    const spec = JSON.parse(((await client.readResource({ uri: 'skyline://world/spec.json' })).contents[0] as { text: string }).text);
    expect(spec.seed).toBe(7);
    expect(spec.buildings.length).toBeGreaterThan(10);

    const updated: string[] = [];
    const notified = new Promise<void>((resolve) => {
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
        updated.push(notification.params.uri);
        resolve();
      });
    });
    await client.subscribeResource({ uri: 'skyline://events/recent' });
    const takeoff = await client.callTool({ name: 'act', arguments: { agent: 'drone-1', text: 'take off' } });
    expect(structured<{ actions: { verb: string }[] }>(takeoff).actions[0].verb).toBe('takeoff');
    const waited = structured<{ outcome: string; waitedS: number }>(await client.callTool({ name: 'wait_until', arguments: { agent: 'drone-1', max_s: 30 } }));
    expect(waited.waitedS).toBeGreaterThan(0);
    await notified;
    expect(updated).toContain('skyline://events/recent');
    const log = JSON.parse(((await client.readResource({ uri: 'skyline://events/recent' })).contents[0] as { text: string }).text);
    expect(log.events.some((event: { kind: string; agent?: string }) => event.kind === 'skill_started' && event.agent === 'drone-1')).toBe(true);
  });

  it('offers the delivery-dispatcher and search-task prompts, filled in with their arguments', async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toEqual(['delivery-dispatcher', 'search-task']);
    const search = await client.getPrompt({ name: 'search-task', arguments: { target: 'the tallest blue tower', agent: 'drone-1' } });
    expect((search.messages[0].content as { text: string }).text).toMatch(/^Find the tallest blue tower with drone-1\./);
  });

  it('refuses a session beyond --max-sessions with 503 and a message saying the limit', async () => {
    const small = await startMcpHttpServer({ port: 0, maxSessions: 1, settings: { seed: 1, fleet: { drones: 1, robots: 0 } }, log: () => undefined });
    try {
      const first = await connect(small.url);
      await expect(connect(small.url)).rejects.toThrow(/503|too many sessions: this server holds at most 1/);
      await first.client.close();
    } finally {
      await small.close();
    }
  });

  it('frees the session\'s world when the client ends the session', async () => {
    const second = await connect(server.url, TOKEN);
    expect(server.sessionCount()).toBe(2);
    await second.transport.terminateSession();
    await second.client.close();
    expect(server.sessionCount()).toBe(1);
  });
});
