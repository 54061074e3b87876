/**
 * 5,000 seeded malformed and random messages on one connection: truncated JSON, wrong types,
 * huge numbers, unknown methods, binary frames, deep nesting, oversized messages. Each gets
 * exactly one answer with a documented code, none is an internal error, and a well-formed
 * session works afterwards on the same connection and on a new one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSkylineClient, RPC_ERRORS } from '../../../agents/index.node.ts';
import { SeededRng } from '../../../physics/index.ts';
import { openRawSocket, startTestServer, type RawMessage, type RawSocket, type TestServer } from './server-harness.ts';

const MESSAGES = 5000;
const MAX_MESSAGE_BYTES = 8192;
const DOCUMENTED_CODES = new Set<number>(Object.values(RPC_ERRORS));
const METHODS = ['session.hello', 'vocabulary.list', 'env.reset', 'world.describe', 'world.spec', 'agent.act', 'env.step', 'agent.observe', 'metrics.get', 'stream.subscribe', 'stream.unsubscribe'];

type Expectation = 'parse' | 'binary' | 'too_large' | 'unknown_method' | 'invalid_request' | 'answered';

interface FuzzMessage {
  data: string | Buffer;
  binary: boolean;
  /** The id the answer must carry. */
  id: number | string | null;
  expect: Expectation;
}

let test: TestServer;
let raw: RawSocket;

beforeAll(async () => {
  test = await startTestServer({ maxMessageBytes: MAX_MESSAGE_BYTES, maxMessagesPerSecond: 1_000_000 });
  raw = await openRawSocket(test.server.url);
  const reset = await raw.call('env.reset', { seed: 5, world: { size: 600 }, fleet: { drones: 2, robots: 1 } });
  expect(reset.result.agents).toHaveLength(3);
});

afterAll(async () => {
  raw?.close();
  await test?.server.close();
});

function makeGenerator(seed: number): (index: number) => FuzzMessage {
  const generator = new SeededRng(seed);
  const rng = (): number => generator.next();
  const pick = <T>(values: readonly T[]): T => values[Math.floor(rng() * values.length)];
  const word = (length: number): string => Array.from({ length }, () => String.fromCharCode(32 + Math.floor(rng() * 95))).join('');
  const junkValue = (depth = 0): unknown => {
    const kind = Math.floor(rng() * (depth > 3 ? 6 : 9));
    switch (kind) {
      case 0: return null;
      case 1: return rng() < 0.5;
      case 2: return pick([0, -1, 1.5, 1e308, -1e308, 2 ** 64, Number.MAX_SAFE_INTEGER, -0, 7, 100_000]);
      case 3: return word(Math.floor(rng() * 12));
      case 4: return pick(['NaN', 'Infinity', '-Infinity', '1e400', '', 'drone-1', 'Depot 1', 'fly_to']);
      case 5: return Math.floor(rng() * 20) - 5;
      case 6: return Array.from({ length: Math.floor(rng() * 4) }, () => junkValue(depth + 1));
      default: return Object.fromEntries(Array.from({ length: Math.floor(rng() * 4) }, () => [pick(['agent', 'verb', 'args', 'text', 'steps', 'seed', 'fleet', 'every', 'world', 'kind', 'x', 'place', word(3)]), junkValue(depth + 1)]));
    }
  };
  const request = (id: number | string, method: string, params: unknown): string => JSON.stringify({ jsonrpc: '2.0', id, method, params });
  return (index: number) => {
    const id = index % 3 === 0 ? `m${index}` : index;
    const category = Math.floor(rng() * 10);
    switch (category) {
      case 0: { // truncated JSON
        const text = request(id, pick(METHODS), junkValue());
        return { data: text.slice(0, 1 + Math.floor(rng() * (text.length - 1))), binary: false, id: null, expect: 'parse' };
      }
      case 1: { // wrong types and junk params for real methods (resets always carry a bad field: worlds are slow to build)
        const method = pick(METHODS);
        const params = junkValue() as Record<string, unknown>;
        if (method === 'env.reset' && params && typeof params === 'object' && !Array.isArray(params)) params.fleet = { drones: 'many' };
        if (method === 'env.step' && params && typeof params === 'object' && !Array.isArray(params)) params.steps = pick([0, -3, 'NaN', 1e400 as unknown as number, 2.5, 10_001, 3]);
        return { data: request(id, method, method === 'env.reset' && (params === null || typeof params !== 'object' || Array.isArray(params)) ? 7 : params).replace('1e+400', '1e400'), binary: false, id, expect: 'answered' };
      }
      case 2: { // huge numbers, written as JSON text (1e400 parses to Infinity)
        const huge = pick(['1e400', '-1e400', '1e308', '18446744073709551616', '-0', '4294967296', '1e-400']);
        const field = pick(['steps', 'seed', 'every']);
        const method = field === 'steps' ? 'env.step' : field === 'seed' ? 'env.reset' : 'stream.subscribe';
        return { data: `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"method":"${method}","params":{"${field}":${huge}${method === 'env.reset' ? ',"fleet":{"drones":-1,"robots":0}' : ''}}}`, binary: false, id, expect: 'answered' };
      }
      case 3: // unknown methods
        return { data: request(id, `${pick(['agent', 'env', 'x', ''])}.${word(1 + Math.floor(rng() * 10))}`, {}), binary: false, id, expect: 'unknown_method' };
      case 4: // binary frames
        return { data: Buffer.from(Array.from({ length: 1 + Math.floor(rng() * 64) }, () => Math.floor(rng() * 256))), binary: true, id: null, expect: 'binary' };
      case 5: { // deep nesting, as a whole message or inside params
        const depth = 20 + Math.floor(rng() * 5000);
        if (rng() < 0.5) return { data: '['.repeat(depth) + ']'.repeat(depth), binary: false, id: null, expect: depth * 2 > MAX_MESSAGE_BYTES ? 'too_large' : 'invalid_request' };
        return { data: `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"method":"agent.act","params":{"agent":"drone-1","verb":"wait","args":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}}`, binary: false, id, expect: depth * 6 > MAX_MESSAGE_BYTES ? 'too_large' : 'answered' };
      }
      case 6: // oversized, within the hard cap
        return { data: request(id, 'session.hello', { client: 'x'.repeat(MAX_MESSAGE_BYTES + Math.floor(rng() * MAX_MESSAGE_BYTES * 2)) }), binary: false, id, expect: 'too_large' };
      case 7: { // not a request: JSON of the wrong shape
        const value = pick([junkValue(), { jsonrpc: '2.0', id, method: 5 }, { jsonrpc: 2, id, method: 'session.hello' }, { id, method: 'session.hello' }, { jsonrpc: '2.0', id, result: 1 }]);
        const text = JSON.stringify(value) ?? 'null';
        const shaped = value !== null && typeof value === 'object' && !Array.isArray(value) && 'id' in value;
        return { data: text, binary: false, id: shaped ? id : null, expect: Array.isArray(value) && value.length > 0 ? 'answered' : 'invalid_request' };
      }
      case 8: // plausible actions with junk arguments and unknown agents, verbs and places
        return { data: request(id, 'agent.act', { agent: pick(['drone-1', 'drone-2', 'robot-1', 'drone-9', word(4)]), verb: pick(['fly_to', 'goto', 'wheels', 'motors', 'takeoff', 'wait', 'say', word(5)]), args: junkValue() ?? {} }), binary: false, id, expect: 'answered' };
      default: // free text
        return { data: request(id, 'agent.act', { agent: pick(['drone-1', 'robot-1']), text: word(1 + Math.floor(rng() * 60)) }), binary: false, id, expect: 'answered' };
    }
  };
}

function checkAnswer(message: FuzzMessage, answer: RawMessage | RawMessage[], index: number): void {
  const context = `message ${index} (${message.expect}): ${String(message.data).slice(0, 120)}`;
  if (Array.isArray(answer)) {
    // A JSON array that parsed is a batch: one answer per element.
    expect(answer.length, context).toBeGreaterThan(0);
    for (const element of answer) if (element.error) expect(DOCUMENTED_CODES.has(element.error.code), context).toBe(true);
    return;
  }
  expect(answer.jsonrpc, context).toBe('2.0');
  if (answer.error) {
    expect(DOCUMENTED_CODES.has(answer.error.code), context).toBe(true);
    expect(answer.error.code, context).not.toBe(RPC_ERRORS.internal);
    expect(answer.error.message.length, context).toBeGreaterThan(10);
  }
  const expectedCode = { parse: -32700, binary: -32600, too_large: -32011, unknown_method: -32601, invalid_request: -32600, answered: undefined }[message.expect];
  if (expectedCode !== undefined) expect(answer.error?.code, context).toBe(expectedCode);
  if (message.expect !== 'too_large' || message.id !== null) expect(answer.id, context).toBe(message.id);
}

describe('5,000 seeded malformed and random messages', () => {
  it('answers each one with a documented code and never an internal error', async () => {
    const next = makeGenerator(20261125);
    const counts: Record<string, number> = {};
    for (let index = 0; index < MESSAGES; index++) {
      const message = next(index);
      counts[message.expect] = (counts[message.expect] ?? 0) + 1;
      raw.send(message.data, message.binary);
      let answer = await raw.next();
      while (!Array.isArray(answer) && answer.method !== undefined) answer = await raw.next(); // stream.world after a subscribe
      checkAnswer(message, answer, index);
    }
    expect(Object.keys(counts).sort()).toEqual(['answered', 'binary', 'invalid_request', 'parse', 'too_large', 'unknown_method']);
    expect(test.logged).toEqual([]);
  });

  it('still serves a well-formed session on the same connection and on a new one', async () => {
    const hello = await raw.call('session.hello');
    expect(hello.result.protocol).toBe('skyline/1');
    const reset = await raw.call('env.reset', { seed: 9, world: { size: 600 }, fleet: { drones: 1, robots: 0 } });
    expect(reset.result.agents[0].id).toBe('drone-1');
    expect((await raw.call('agent.act', { agent: 'drone-1', verb: 'takeoff' })).result.skill).toMatch(/^takeoff/);
    expect((await raw.call('env.step', { steps: 50 })).result.step).toBe(50);
    const client = await connectSkylineClient(test.server.url);
    try {
      await client.reset({ seed: 9, world: { size: 600 }, fleet: { drones: 1, robots: 0 } });
      expect((await client.step(5)).step).toBe(5);
      expect((await client.observe('drone-1', ['vector'])).vector!.every(Number.isFinite)).toBe(true);
    } finally {
      client.close();
    }
  });

  it('closes a connection that sends past the hard cap (4 × maxMessageBytes) with 1009 and keeps the others', async () => {
    const victim = await openRawSocket(test.server.url);
    victim.send('z'.repeat(MAX_MESSAGE_BYTES * 4 + 10));
    expect((await victim.closed).code).toBe(1009);
    expect((await raw.call('session.hello')).result.protocol).toBe('skyline/1');
  });
});
