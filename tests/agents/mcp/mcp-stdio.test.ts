/**
 * `skyline mcp` over stdio as an MCP client runs it: the SDK's own Client spawns
 * `node bin/skyline.mjs mcp`, lists the tools, flies a drone to a depot and watches it land,
 * looks through its camera, and gets error results with closest matches; the process ends with
 * code 0 when its stdin closes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAiToolDefinitions } from '../../../agents/index.ts';
import { pngSize, structured, textOf } from './mcp-test-helpers.ts';

const REPOSITORY_DIR = fileURLToPath(new URL('../../..', import.meta.url));
const OTHER_TOOLS = ['act', 'observe', 'wait_until', 'describe_world', 'metrics', 'reset'];

describe('skyline mcp over stdio', () => {
  let client: Client;

  beforeAll(async () => {
    const transport = new StdioClientTransport({
      command: process.execPath, args: ['bin/skyline.mjs', 'mcp', '--seed', '7', '--drones', '1', '--robots', '1', '--image-size', '96'],
      cwd: REPOSITORY_DIR, stderr: 'ignore',
    });
    client = new Client({ name: 'skyline-test', version: '1.0.0' });
    await client.connect(transport);
  }, 60_000);

  afterAll(async () => {
    await client?.close();
  });

  it('lists one tool per verb whose input schema is the vocabulary\'s plus the agent, and every schema compiles', async () => {
    const { tools } = await client.listTools();
    const vocabulary = openAiToolDefinitions();
    expect(tools.map((tool) => tool.name)).toEqual([...vocabulary.map((tool) => tool.function.name), ...OTHER_TOOLS]);
    for (const { function: verb } of vocabulary) {
      const tool = tools.find((candidate) => candidate.name === verb.name)!;
      const { agent, ...published } = tool.inputSchema.properties as Record<string, unknown>;
      expect(agent, verb.name).toMatchObject({ type: 'string' });
      // follow's own `agent` (whom to follow) is published as `leader`.
      const properties = Object.fromEntries(Object.entries(published).map(([name, schema]) => [name === 'leader' ? 'agent' : name, schema]));
      const required = tool.inputSchema.required!.filter((name) => name !== 'agent').map((name) => (name === 'leader' ? 'agent' : name));
      expect({ ...tool.inputSchema, properties, required }, verb.name).toEqual({ ...verb.parameters, required: (verb.parameters.required as string[] | undefined) ?? [] });
      expect(tool.inputSchema.required![0]).toBe('agent');
    }
    const validator = new AjvJsonSchemaValidator();
    for (const tool of tools) {
      const validate = validator.getValidator(tool.inputSchema as never);
      expect(validate({ definitely_not_an_argument: 1 }).valid, tool.name).toBe(false);
    }
    const flyTo = validator.getValidator(tools.find((tool) => tool.name === 'fly_to')!.inputSchema as never);
    expect(flyTo({ agent: 'drone-1', place: 'Depot 2' }).valid).toBe(true);
  });

  it('flies drone-1 to Depot 2 with fly_to, and wait_until returns once it has landed there', async () => {
    const world = structured<{ places: { name: string; position: number[] }[] }>(await client.callTool({ name: 'describe_world', arguments: {} }));
    const depot = world.places.find((place) => place.name === 'Depot 2')!;
    const started = await client.callTool({ name: 'fly_to', arguments: { agent: 'drone-1', place: 'Depot 2' } });
    expect(started.isError).toBeFalsy();
    expect(structured(started).skill).toBe('fly_to Depot 2');
    const waited = structured<{ outcome: string; position: number[]; skillAfter: string | null; events: { kind: string; data?: { target?: number[] } }[] }>(
      await client.callTool({ name: 'wait_until', arguments: { agent: 'drone-1', max_s: 400 } }),
    );
    const target = waited.events.find((event) => event.kind === 'skill_started')?.data?.target;
    expect(waited.outcome).toBe('skill_ended');
    expect(waited.skillAfter).toBeNull();
    expect(waited.events.map((event) => event.kind)).toContain('skill_done');
    const [x, y, z] = waited.position;
    expect(Math.hypot(x - target![0], y - target![1])).toBeLessThan(1);
    expect(Math.hypot(x - depot.position[0], y - depot.position[1])).toBeLessThan(15);
    expect(z).toBeLessThan(0.3);
  }, 60_000);

  it('observe returns the text, the JSON observation and a camera PNG of the stated size', async () => {
    const result = await client.callTool({ name: 'observe', arguments: { agent: 'drone-1' } });
    const parts = result.content as { type: string; text?: string; data?: string; mimeType?: string }[];
    expect(parts.map((part) => part.type)).toEqual(['text', 'text', 'text', 'image']);
    expect(parts[0].text).toMatch(/camera 96×96 PNG/);
    expect(JSON.parse(parts[2].text!).id).toBe('drone-1');
    const image = parts[3];
    expect(image.mimeType).toBe('image/png');
    const stated = structured<{ image: { width: number; height: number } }>(result).image;
    expect(stated).toMatchObject({ width: 96, height: 96 });
    expect(pngSize(image.data!)).toEqual({ width: stated.width, height: stated.height });
  });

  it('answers unknown agents, tools and places with error results naming the closest matches', async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['fly_to', { agent: 'drone-7', place: 'Depot 2' }, /^unknown_agent: .*closest: drone-1/],
      ['flyto', { agent: 'drone-1', place: 'Depot 2' }, /^unknown_verb: .*closest: fly_to/],
      ['act', { agent: 'drone-1', text: 'do a barrel roll' }, /^unknown_verb: .*closest: /],
      ['fly_to', { agent: 'drone-1', place: 'Zanzibar Plaza 9000' }, /^unknown_place: .*closest names: \w/],
      ['fly_to', { agent: 'drone-1', place: 'Depot 2', altitude: 'high' }, /^invalid_args: fly_to\.altitude: /],
    ];
    for (const [name, args, message] of cases) {
      const result = await client.callTool({ name, arguments: args });
      expect(result.isError, name).toBe(true);
      expect(textOf(result), name).toMatch(message);
    }
  });

  it('refuses motor-level verbs and altitudes above the limit by default, saying which rule and what is accepted', async () => {
    const motors = await client.callTool({ name: 'motors', arguments: { agent: 'drone-1', values: [0.6, 0.6, 0.6, 0.6] } });
    expect(motors.isError).toBe(true);
    expect(textOf(motors)).toMatch(/^not_applicable: verb: motors is a motor-level verb.*--allow-low-level/);
    const high = await client.callTool({ name: 'takeoff', arguments: { agent: 'drone-1', altitude: 200 } });
    expect(textOf(high)).toMatch(/^invalid_args: takeoff\.altitude: 200 m is above this server's altitude limit; accepted: up to 120 m/);
    const { noFlyZones } = structured<{ noFlyZones: { name: string; shape: string; x: number; y: number }[] }>(await client.callTool({ name: 'describe_world', arguments: {} }));
    const zone = noFlyZones.find((candidate) => candidate.shape === 'cylinder')!;
    const into = await client.callTool({ name: 'goto', arguments: { agent: 'drone-1', x: zone.x, y: zone.y, z: 30 } });
    expect(into.isError).toBe(true);
    expect(textOf(into)).toContain(`enters the no-fly zone "${zone.name}"`);
  });
});

describe('skyline mcp process', () => {
  it('refuses to listen beyond loopback without a token, with exit code 2 and the rule', () => {
    const result = spawnSync(process.execPath, ['bin/skyline.mjs', 'mcp', '--http', '0', '--host', '0.0.0.0'], {
      cwd: REPOSITORY_DIR, encoding: 'utf8', env: { ...process.env, SKYLINE_TOKEN: '' }, timeout: 60_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/host 0\.0\.0\.0 is beyond loopback, so a token is required/);
  });

  it('exits with code 0 when its stdin closes', async () => {
    const child = spawn(process.execPath, ['bin/skyline.mjs', 'mcp', '--drones', '1', '--robots', '0'], { cwd: REPOSITORY_DIR, stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let stdout = '';
    const answered = new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); if (stdout.includes('\n')) resolve(); }));
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } })}\n`);
    await answered;
    expect(JSON.parse(stdout.split('\n')[0]).result.serverInfo.name).toBe('skyline');
    child.stdin.end();
    expect(await exited).toBe(0);
  }, 60_000);
});
