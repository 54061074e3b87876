/**
 * Who may do what: a connection commands only the agents of its own session, a token-protected
 * server refuses upgrades without the token (401), and a server beyond loopback will not start
 * without one.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSkylineClient, RPC_ERRORS, SkylineConnectionError, SkylineRpcError, startSkylineServer, type SkylineClient } from '../../../agents/index.node.ts';
import { openRawSocket, startTestServer, type TestServer } from './server-harness.ts';

const TOKEN = 'tok-3f9a8c1e-unit';

async function rpcError(promise: Promise<unknown>): Promise<SkylineRpcError> {
  const error = await promise.then(() => null, (reason: unknown) => reason);
  if (!(error instanceof SkylineRpcError)) throw new Error(`expected a JSON-RPC error, got ${String(error)}`);
  return error;
}

/** The HTTP status an upgrade gets, or 101 when it opens. */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

describe('session isolation', () => {
  let test: TestServer;
  let first: SkylineClient;
  let second: SkylineClient;

  beforeAll(async () => {
    test = await startTestServer();
    first = await connectSkylineClient(test.server.url);
    second = await connectSkylineClient(test.server.url);
    await first.reset({ seed: 7, fleet: { drones: 1, robots: 0 } });
  });

  afterAll(async () => {
    first?.close();
    second?.close();
    await test?.server.close();
  });

  it('gives a second connection with no world not_ready for the first one\'s drone', async () => {
    const error = await rpcError(second.act({ agent: 'drone-1', verb: 'takeoff' }));
    expect(error.code).toBe(RPC_ERRORS.notReady);
  });

  it('answers unknown_agent when a second connection names the first one\'s drone, and leaves that drone alone', async () => {
    await second.reset({ seed: 7, fleet: { drones: 0, robots: 1 } });
    const error = await rpcError(second.act({ agent: 'drone-1', verb: 'takeoff' }));
    expect(error.code).toBe(RPC_ERRORS.unknownAgent);
    expect(error.data).toMatchObject({ field: 'agent', known: ['robot-1'] });
    const observed = await rpcError(second.observe('drone-1'));
    expect(observed.code).toBe(RPC_ERRORS.unknownAgent);
    await first.step(200);
    const drone = (await first.observe('drone-1')).json as { skill: string | null; landed: boolean };
    expect(drone.skill).toBeNull();
    expect(drone.landed).toBe(true);
  });

  it('keeps same-named agents apart: each connection\'s drone-1 is its own', async () => {
    await second.reset({ seed: 7, fleet: { drones: 1, robots: 0 } });
    await second.act({ agent: 'drone-1', verb: 'takeoff', args: { altitude: 12 } });
    await second.step(500);
    await first.step(500);
    const mine = (await first.observe('drone-1')).json as { position: number[] };
    const theirs = (await second.observe('drone-1')).json as { position: number[] };
    expect(theirs.position[2]).toBeGreaterThan(5);
    expect(mine.position[2]).toBeLessThan(0.5);
    expect((await first.metrics()).actions_sent).toBe(0);
  });
});

describe('the token', () => {
  let test: TestServer;

  beforeAll(async () => {
    test = await startTestServer({ token: TOKEN });
  });

  afterAll(async () => {
    await test?.server.close();
  });

  it('refuses an upgrade with no token or a wrong one with 401', async () => {
    expect(await upgradeStatus(test.server.url)).toBe(401);
    expect(await upgradeStatus(`${test.server.url}?token=wrong`)).toBe(401);
    expect(await upgradeStatus(test.server.url, { Authorization: 'Bearer wrong' })).toBe(401);
    expect(await upgradeStatus(`${test.server.url}?token=`)).toBe(401);
  });

  it('accepts the token as ?token= or as a Bearer header, and the TS client passes it', async () => {
    expect(await upgradeStatus(`${test.server.url}?token=${TOKEN}`)).toBe(101);
    expect(await upgradeStatus(test.server.url, { Authorization: `Bearer ${TOKEN}` })).toBe(101);
    const client = await connectSkylineClient(test.server.url, { token: TOKEN });
    expect((await client.hello()).protocol).toBe('skyline/1');
    client.close();
    const refused = await connectSkylineClient(test.server.url).then(() => null, (error: unknown) => error);
    expect(refused).toBeInstanceOf(SkylineConnectionError);
    expect((refused as Error).message).toMatch(/401/);
  });

  it('never writes the token into what it logs or answers', async () => {
    const socket = await openRawSocket(`${test.server.url}?token=${TOKEN}`);
    const hello = await socket.call('session.hello');
    socket.close();
    expect(JSON.stringify(hello)).not.toContain(TOKEN);
    expect(test.logged.join('\n')).not.toContain(TOKEN);
  });

  it('refuses to start beyond loopback without a token, and starts with one', async () => {
    await expect(startSkylineServer({ port: 0, host: '0.0.0.0' })).rejects.toThrow(/beyond loopback.*token is required/);
    await expect(startSkylineServer({ port: 0, host: '192.168.1.20', token: '' })).rejects.toThrow(/token is required/);
    const open = await startSkylineServer({ port: 0, host: '0.0.0.0', token: TOKEN, log: () => {} });
    expect(open.port).toBeGreaterThan(0);
    await open.close();
  });

  it('refuses bad options at start, naming them', async () => {
    await expect(startSkylineServer({ port: 70_000 })).rejects.toThrow(/port: 70000 is not accepted; accepted: a whole number in 0..65535/);
    await expect(startSkylineServer({ port: 0, mode: 'fast' as 'lockstep' })).rejects.toThrow(/mode: fast is not accepted/);
    await expect(startSkylineServer({ port: 0, realtimeRate: Number.NaN })).rejects.toThrow(/realtimeRate/);
  });
});
