/**
 * Every error of the protocol with its code and data, each followed by proof that the server
 * still answers: parse, invalid request, unknown method, invalid params (NaN strings, Infinity,
 * unknown params), the application codes, rate and size limits, binary frames, batches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSkylineClient, createFleetSession, RPC_ERRORS, SkylineConnectionError, SkylineRpcError, type SkylineClient } from '../../../agents/index.node.ts';
import { openRawSocket, startTestServer, waitUntil, type RawSocket, type TestServer } from './server-harness.ts';

let test: TestServer;
let raw: RawSocket;

async function rpcError(promise: Promise<unknown>): Promise<SkylineRpcError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SkylineRpcError) return error;
    throw error;
  }
  throw new Error('expected a JSON-RPC error');
}

async function stillAnswers(socket: RawSocket): Promise<void> {
  const hello = await socket.call('session.hello');
  expect(hello.result.protocol).toBe('skyline/1');
}

beforeAll(async () => {
  test = await startTestServer({ maxMessageBytes: 4096 });
  raw = await openRawSocket(test.server.url);
});

afterAll(async () => {
  raw?.close();
  await test?.server.close();
});

describe('JSON-RPC errors', () => {
  it('answers text that is not JSON with -32700 and id null, and says NaN is not JSON', async () => {
    raw.send('{"jsonrpc":"2.0","id":1,"method":"env.step","params":{"steps":');
    const truncated = await raw.next();
    expect(truncated.id).toBeNull();
    expect(truncated.error!.code).toBe(RPC_ERRORS.parse);
    expect(truncated.error!.data.expected).toMatch(/JSON-RPC 2.0 request/);
    raw.send('{"jsonrpc":"2.0","id":2,"method":"env.step","params":{"steps":NaN}}');
    const nan = await raw.next();
    expect(nan.error!.code).toBe(-32700);
    expect(nan.error!.message).toMatch(/NaN and Infinity are not JSON/);
    await stillAnswers(raw);
  });

  it('answers a message that is not a request with -32600, keeping its id when it has one', async () => {
    raw.send(JSON.stringify({ jsonrpc: '1.0', id: 5, method: 'session.hello' }));
    const version = await raw.next();
    expect(version).toMatchObject({ id: 5, error: { code: RPC_ERRORS.invalidRequest } });
    expect(version.error!.message).toMatch(/jsonrpc: "1.0".*accepted: "2.0"/);
    raw.send(JSON.stringify({ jsonrpc: '2.0', id: 6, method: 42 }));
    expect(await raw.next()).toMatchObject({ id: 6, error: { code: -32600 } });
    raw.send('[]');
    expect(await raw.next()).toMatchObject({ id: null, error: { code: -32600 } });
    raw.send('"just a string"');
    expect(await raw.next()).toMatchObject({ id: null, error: { code: -32600 } });
    raw.send(JSON.stringify({ jsonrpc: '2.0', id: { nested: true }, method: 'session.hello' }));
    expect(await raw.next()).toMatchObject({ id: null, error: { code: -32600 } });
    await stillAnswers(raw);
  });

  it('answers an unknown method with -32601 naming the closest and every known method', async () => {
    const answer = await raw.call('agent.akt', { agent: 'drone-1' });
    expect(answer.error!.code).toBe(RPC_ERRORS.methodNotFound);
    expect(answer.error!.data.closest[0]).toBe('agent.act');
    expect(answer.error!.data.known).toContain('env.step');
    expect(answer.error!.data.known).toHaveLength(11);
  });

  it('answers a binary frame with -32600 (text frames only)', async () => {
    raw.send(Buffer.from([0x7b, 0x00, 0xff, 0x10]), true);
    const answer = await raw.next();
    expect(answer).toMatchObject({ id: null, error: { code: -32600, data: { expected: 'a text frame' } } });
    expect(answer.error!.message).toMatch(/binary frame/);
    await stillAnswers(raw);
  });

  it('answers each request of a batch in one array and runs notifications without answering them', async () => {
    raw.send(JSON.stringify([
      { jsonrpc: '2.0', id: 'a', method: 'session.hello' },
      { jsonrpc: '2.0', id: 'b', method: 'no.such' },
      { jsonrpc: '2.0', method: 'session.hello' },
      17,
    ]));
    const answer = await raw.next() as unknown as { id: unknown; error?: { code: number } }[];
    expect(Array.isArray(answer)).toBe(true);
    expect(answer.map((element) => element.id)).toEqual(['a', 'b', null]);
    expect(answer.map((element) => element.error?.code ?? 0)).toEqual([0, -32601, -32600]);
    raw.send(JSON.stringify({ jsonrpc: '2.0', method: 'session.hello' }));
    const next = await raw.call('metrics.get', {}, 77);
    expect(next.id).toBe(77); // nothing came for the notification before it
  });

  it('answers a message over maxMessageBytes with -32011 and its id, and closes with 1009 beyond 4× that', async () => {
    const padding = 'x'.repeat(5000);
    raw.send(JSON.stringify({ jsonrpc: '2.0', id: 31, method: 'session.hello', params: { client: padding } }));
    const tooLarge = await raw.next();
    expect(tooLarge).toMatchObject({ id: 31, error: { code: RPC_ERRORS.tooLarge, data: { limit_bytes: 4096 } } });
    await stillAnswers(raw);
    const other = await openRawSocket(test.server.url);
    other.send('y'.repeat(4096 * 4 + 1));
    expect((await other.closed).code).toBe(1009);
    await stillAnswers(raw);
  });
});

describe('invalid params (-32602) name the field and what is accepted', () => {
  let client: SkylineClient;
  beforeAll(async () => {
    client = await connectSkylineClient(test.server.url);
    await client.reset({ seed: 7, fleet: { drones: 1, robots: 1 } });
  });
  afterAll(() => client?.close());

  it('refuses a string where a number is expected, even "NaN"', async () => {
    const error = await rpcError(client.request('env.step', { steps: 'NaN' }));
    expect(error.code).toBe(RPC_ERRORS.invalidParams);
    expect(error.data).toMatchObject({ field: 'steps', expected: 'a whole number in 1..10000', received: '"NaN"' });
  });

  it('refuses out-of-range and fractional steps, and 1e400 (Infinity once parsed)', async () => {
    expect((await rpcError(client.request('env.step', { steps: 0 }))).data).toMatchObject({ field: 'steps' });
    expect((await rpcError(client.request('env.step', { steps: 10_001 }))).data).toMatchObject({ field: 'steps' });
    expect((await rpcError(client.request('env.step', { steps: 2.5 }))).data).toMatchObject({ field: 'steps' });
    raw.send('{"jsonrpc":"2.0","id":44,"method":"env.step","params":{"steps":1e400}}');
    const infinite = await raw.next();
    expect(infinite.error).toMatchObject({ code: -32602, data: { field: 'steps', expected: expect.stringMatching(/finite/) } });
  });

  it('names an unknown param and lists the known ones', async () => {
    const error = await rpcError(client.request('env.step', { stepz: 5 }));
    expect(error.data).toMatchObject({ field: 'stepz', expected: 'known params: steps' });
  });

  it('names nested fields: fleet.drones, and by-position params', async () => {
    const fleet = await rpcError(client.request('env.reset', { seed: 1, fleet: { drones: 65, robots: 0 } }));
    expect(fleet.data).toMatchObject({ field: 'fleet.drones', expected: 'a whole number in 0..64' });
    const seed = await rpcError(client.request('env.reset', { seed: -1 }));
    expect(seed.data).toMatchObject({ field: 'seed' });
    raw.send(JSON.stringify({ jsonrpc: '2.0', id: 45, method: 'env.step', params: [10] }));
    expect((await raw.next()).error).toMatchObject({ code: -32602, data: { field: 'params' } });
  });

  it('asks agent.act for a verb or a text, not both', async () => {
    const both = await rpcError(client.request('agent.act', { agent: 'drone-1', verb: 'takeoff', text: 'take off' }));
    expect(both.data).toMatchObject({ field: 'text' });
    const neither = await rpcError(client.request('agent.act', { agent: 'drone-1' }));
    expect(neither.data).toMatchObject({ field: 'verb' });
    const modalities = await rpcError(client.request('agent.observe', { agent: 'drone-1', modalities: ['smell'] }));
    expect(modalities.data).toMatchObject({ field: 'modalities.0', expected: 'one of json, text, vector, image' });
  });

  it('refuses nesting deeper than 32 levels', async () => {
    let args: unknown = 1;
    for (let depth = 0; depth < 40; depth++) args = { a: args };
    const error = await rpcError(client.request('agent.act', { agent: 'drone-1', verb: 'wait', args: args as Record<string, unknown> }));
    expect(error.code).toBe(-32602);
    expect(error.data!.expected).toMatch(/at most 32 levels/);
  });
});

describe('application errors', () => {
  let client: SkylineClient;
  beforeAll(async () => {
    client = await connectSkylineClient(test.server.url);
  });
  afterAll(() => client?.close());

  it('says not_ready (-32005) before the first reset', async () => {
    const error = await rpcError(client.act({ agent: 'drone-1', verb: 'takeoff' }));
    expect(error.code).toBe(RPC_ERRORS.notReady);
    expect(error.message).toMatch(/env.reset/);
    expect((await rpcError(client.step(1))).code).toBe(-32005);
    expect((await rpcError(client.describeWorld())).code).toBe(-32005);
  });

  it('names the closest agent, verb and place, and an invalid verb argument', async () => {
    await client.reset({ seed: 7, fleet: { drones: 2, robots: 1 } });
    const agent = await rpcError(client.act({ agent: 'drone-l', verb: 'takeoff' }));
    expect(agent.code).toBe(RPC_ERRORS.unknownAgent);
    expect(agent.data).toMatchObject({ reason: 'unknown_agent', field: 'agent', known: ['drone-1', 'drone-2', 'robot-1'] });
    expect(agent.data!.closest).toContain('drone-1');
    const verb = await rpcError(client.act({ agent: 'drone-1', verb: 'fyl_to', args: { place: 'Depot 1' } }));
    expect(verb.code).toBe(RPC_ERRORS.unknownVerb);
    expect(verb.data!.closest).toContain('fly_to');
    const place = await rpcError(client.act({ agent: 'drone-1', verb: 'fly_to', args: { place: 'Depto 9' } }));
    expect(place.code).toBe(RPC_ERRORS.unknownPlace);
    expect((place.data!.closest as string[]).some((name) => /^Depot \d$/.test(name))).toBe(true);
    const args = await rpcError(client.act({ agent: 'drone-1', verb: 'goto', args: { x: 'NaN', y: 0, z: 10 } }));
    expect(args.code).toBe(RPC_ERRORS.invalidArgs);
    expect(args.data).toMatchObject({ field: 'x' });
    const wheels = await rpcError(client.act({ agent: 'drone-1', verb: 'wheels', args: { left: 1, right: 1 } }));
    expect(wheels.code).toBe(RPC_ERRORS.invalidArgs);
    expect(wheels.data!.reason).toBe('not_applicable');
    expect((await client.metrics()).actions_rejected).toBe(5);
  });

  it('answers a handler failure with -32603 and a safe message, and the session goes on', async () => {
    const failing = await startTestServer({
      sessionFactory: () => Object.assign(createFleetSession(), { describeWorld: () => { throw new TypeError('secret internals'); } }),
    });
    const other = await connectSkylineClient(failing.server.url);
    try {
      await other.reset({ seed: 1, fleet: { drones: 1, robots: 0 } });
      const error = await rpcError(other.describeWorld());
      expect(error.code).toBe(RPC_ERRORS.internal);
      expect(error.message).not.toMatch(/secret/);
      expect(failing.logged.join('\n')).toMatch(/secret internals/);
      expect((await other.step(1)).step).toBe(1);
    } finally {
      other.close();
      await failing.server.close();
    }
  });
});

describe('modes and limits', () => {
  it('refuses env.step in realtime mode with wrong_mode (-32006) while the world steps itself', async () => {
    const realtime = await startTestServer({ mode: 'realtime', realtimeRate: 1000 });
    const client = await connectSkylineClient(realtime.server.url);
    try {
      expect((await client.hello()).mode).toBe('realtime');
      await client.reset({ seed: 2, fleet: { drones: 1, robots: 0 } });
      const error = await rpcError(client.step(10));
      expect(error.code).toBe(RPC_ERRORS.wrongMode);
      expect(error.data).toMatchObject({ mode: 'realtime' });
      let step = 0;
      await client.subscribe((frame) => { step = frame.step; }, { every: 10 });
      await waitUntil(() => step >= 100, 'the real-time world to pass step 100');
      expect(step % 10).toBe(0);
    } finally {
      client.close();
      await realtime.server.close();
    }
  });

  it('rate-limits a session past its burst with -32010 and answers again once tokens refill', async () => {
    const limited = await startTestServer({ maxMessagesPerSecond: 1, messageBurst: 3 });
    const socket = await openRawSocket(limited.server.url);
    try {
      for (let id = 1; id <= 10; id++) socket.send(JSON.stringify({ jsonrpc: '2.0', id, method: 'session.hello' }));
      const answers = [];
      for (let k = 0; k < 10; k++) answers.push(await socket.next());
      expect(answers.map((answer) => answer.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(answers.slice(0, 3).every((answer) => answer.result?.protocol === 'skyline/1')).toBe(true);
      const limitedAnswers = answers.filter((answer) => answer.error?.code === RPC_ERRORS.rateLimited);
      expect(limitedAnswers.length).toBeGreaterThanOrEqual(6);
      expect(limitedAnswers[0].error!.data).toMatchObject({ limit_per_s: 1, burst: 3 });
      let answered = false;
      while (!answered) {
        answered = (await socket.call('session.hello')).result !== undefined;
        if (!answered) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(answered).toBe(true);
    } finally {
      socket.close();
      await limited.server.close();
    }
  });

  it('turns away a connection past maxSessions with -32012 and close code 1013', async () => {
    const small = await startTestServer({ maxSessions: 1 });
    const first = await openRawSocket(small.server.url);
    try {
      const second = await openRawSocket(small.server.url);
      const refusal = await second.next();
      expect(refusal).toMatchObject({ id: null, error: { code: RPC_ERRORS.tooManySessions, data: { limit: 1 } } });
      expect((await second.closed).code).toBe(1013);
      await stillAnswers(first);
    } finally {
      first.close();
      await small.server.close();
    }
  });
});

describe('the client\'s time limits', () => {
  it('rejects a request that gets no answer in time with a timeout, and one pending at close() with closed', async () => {
    // A session whose grounding never returns (as a stalled language model would).
    const stuck = await startTestServer({ sessionFactory: () => Object.assign(createFleetSession(), { act: () => new Promise<never>(() => {}) }) });
    const client = await connectSkylineClient(stuck.server.url, { timeoutMs: 300 });
    const other = await connectSkylineClient(stuck.server.url);
    try {
      await client.reset({ seed: 1, world: { size: 300 }, fleet: { drones: 1, robots: 0 } });
      const timedOut = await client.act({ agent: 'drone-1', text: 'fly north' }).then(() => null, (reason: unknown) => reason);
      expect(timedOut).toBeInstanceOf(SkylineConnectionError);
      expect((timedOut as SkylineConnectionError).reason).toBe('timeout');
      expect((timedOut as Error).message).toMatch(/agent.act: no answer within 300 ms/);
      const pending = client.hello(); // queued behind the stuck act on this connection
      client.close();
      const closed = await pending.then(() => null, (reason: unknown) => reason);
      expect((closed as SkylineConnectionError).reason).toBe('closed');
      expect((await other.hello()).protocol).toBe('skyline/1'); // other connections are not held up
    } finally {
      other.close();
      await stuck.server.close();
    }
  });
});
