/**
 * The server under legal abuse (docs/protocol.md, "Fair scheduling" and "Limits"): a session
 * sending long env.step calls cannot hold up another's short call, a reader that stops reading
 * holds a bounded number of bytes and gets -32014 (never a cut connection), and the caps on work,
 * subscriptions and world memory answer with errors naming the limit. Ordering and counts only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RPC_ERRORS } from '../../../agents/server/json-rpc.ts';
import { openRawSocket, startTestServer, waitUntil, type RawMessage, type RawSocket, type TestServer } from './server-harness.ts';

let test: TestServer | null = null;
const sockets: RawSocket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await test?.server.close();
  test = null;
});

async function open(): Promise<RawSocket> {
  const socket = await openRawSocket(test!.server.url);
  sockets.push(socket);
  return socket;
}

function request(id: number, method: string, params: unknown = {}): Record<string, unknown> {
  return { jsonrpc: '2.0', id, method, params };
}

describe('fair scheduling', () => {
  it('answers a second session\'s world.describe while the first one\'s long env.step calls are still running', async () => {
    test = await startTestServer({ maxMessagesPerSecond: 10_000 });
    const busy = await open(), quick = await open();
    const fleet = { drones: 8, robots: 8 };
    expect((await busy.call('env.reset', { seed: 1, fleet })).result.agents).toHaveLength(16);
    expect((await quick.call('env.reset', { seed: 2, fleet: { drones: 1, robots: 0 } })).result.agents).toHaveLength(1);
    const arrivals: string[] = [];
    busy.socket.on('message', (data) => arrivals.push(`busy:${(JSON.parse(String(data)) as RawMessage).id}`));
    quick.socket.on('message', (data) => arrivals.push(`quick:${(JSON.parse(String(data)) as RawMessage).id}`));
    // Four pipelined calls and a batch of four: 8 × 2,000 steps × 16 vehicles, cut into 250 slices.
    for (let id = 1; id <= 4; id++) busy.send(JSON.stringify(request(id, 'env.step', { steps: 2000 })));
    busy.send(JSON.stringify([5, 6, 7, 8].map((id) => request(id, 'env.step', { steps: 2000 }))));
    const slicesBefore = test.server.stats().scheduler.slices;
    await waitUntil(() => test!.server.stats().scheduler.slices > slicesBefore + 3, 'the long calls to start');
    const describe = await quick.call('world.describe', {}, 1);
    expect(describe.result.places.length).toBeGreaterThan(0);
    await waitUntil(() => arrivals.filter((entry) => entry.startsWith('busy')).length === 5, 'the long calls to finish', 60_000);
    const busyAnswers = arrivals.filter((entry) => entry.startsWith('busy'));
    // The short call came back before the last of the long ones; the long ones in the order sent.
    expect(arrivals.indexOf('quick:1')).toBeLessThan(arrivals.indexOf(busyAnswers[busyAnswers.length - 1]));
    expect(busyAnswers).toEqual(['busy:1', 'busy:2', 'busy:3', 'busy:4', 'busy:undefined']);
    const steps: number[] = [];
    for (let k = 0; k < 4; k++) steps.push((await busy.next()).result.step);
    const batch = (await busy.next()) as unknown as RawMessage[];
    steps.push(...batch.map((answer) => answer.result.step));
    expect(steps).toEqual([2000, 4000, 6000, 8000, 10000, 12000, 14000, 16000]);
  });

  it('refuses env.step and env.reset past the vehicle-step budget with -32013 naming maxVehicleStepsPerSecond', async () => {
    test = await startTestServer({ maxVehicleStepsPerSecond: 100, vehicleStepBurst: 8000 });
    const socket = await open();
    // A 1 km city costs 3,500 of the 8,000 at once; 4,500 remain.
    await socket.call('env.reset', { seed: 1, fleet: { drones: 1, robots: 1 } });
    expect((await socket.call('env.step', { steps: 1500 })).result.step).toBe(1500);
    const again = await socket.call('env.step', { steps: 1500 });
    expect(again.error).toMatchObject({ code: RPC_ERRORS.workBudget, data: { budget: 'maxVehicleStepsPerSecond', limit_per_s: 100, burst: 8000, requested: 3000, steps: 1500, vehicles: 2 } });
    expect(again.error!.message).toContain('maxVehicleStepsPerSecond');
    const tooBig = await socket.call('env.step', { steps: 4500 });
    expect(tooBig.error!.message).toContain('at most 4000 steps per call');
    const bigCity = await socket.call('env.reset', { seed: 2, world: { size: 3000 }, fleet: { drones: 1, robots: 1 } });
    expect(bigCity.error).toMatchObject({ code: RPC_ERRORS.workBudget, data: { budget: 'maxVehicleStepsPerSecond', requested: 31500 } });
    expect(bigCity.error!.message).toContain('world.size');
    // Nothing was stepped or reset by the refused calls.
    expect((await socket.call('env.step', { steps: 1 })).result.step).toBe(1501);
  });
});

describe('memory bounds', () => {
  it('keeps a paused reader\'s unread output near maxOutputBytes, refuses the rest with -32014 and never cuts it (no 1006)', async () => {
    const maxOutputBytes = 256 * 1024;
    test = await startTestServer({ maxOutputBytes, maxMessagesPerSecond: 10_000 });
    const socket = await open();
    await socket.call('env.reset', { seed: 4, world: { size: 2000 }, fleet: { drones: 1, robots: 0 } });
    const first = await socket.call('world.spec', { resend: true });
    const specBytes = JSON.stringify(first).length;
    expect(specBytes).toBeGreaterThan(maxOutputBytes);
    socket.socket.pause();
    const sent = 100;
    for (let id = 1; id <= sent; id++) socket.send(JSON.stringify(request(id, 'world.spec', { resend: true })));
    await waitUntil(() => test!.server.stats().output.refused > 0, 'a refusal for the backlog');
    const stats = test.server.stats();
    // The bound holds for answers: at most maxOutputBytes plus the one answer that crossed it.
    expect(stats.output.peakConnectionBytes).toBeLessThanOrEqual(maxOutputBytes + specBytes + 4096);
    expect(stats.output.peakConnectionBytes).toBeGreaterThan(0);
    socket.socket.resume();
    const answers: RawMessage[] = [];
    while (answers.length < sent) {
      const message = await socket.next();
      if (typeof message.id === 'number') answers.push(message);
    }
    const refused = answers.filter((answer) => answer.error?.code === RPC_ERRORS.outputBacklog);
    const served = answers.filter((answer) => answer.result?.world);
    expect(refused.length + served.length).toBe(sent);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0].error!.data).toMatchObject({ limit: 'maxOutputBytes', limit_bytes: maxOutputBytes });
    expect(answers.map((answer) => answer.id)).toEqual(Array.from({ length: sent }, (_, k) => k + 1));
    // Still a working session, closed by the client with a proper code.
    expect((await socket.call('world.describe')).result.streets.length).toBeGreaterThan(0);
    socket.socket.close(1000, 'done');
    expect((await socket.closed).code).toBe(1000);
  });

  it('sends a world\'s spec once per connection, then only its id (resend: true sends it again)', async () => {
    test = await startTestServer();
    const socket = await open();
    await socket.call('env.reset', { seed: 5, fleet: { drones: 1, robots: 0 } });
    const first = (await socket.call('world.spec')).result;
    const second = (await socket.call('world.spec')).result;
    const resent = (await socket.call('world.spec', { resend: true })).result;
    expect(first.world.buildings.length).toBeGreaterThan(0);
    expect(second).toEqual({ worldId: first.worldId });
    expect(resent.world.buildings.length).toBe(first.world.buildings.length);
    await socket.call('env.reset', { seed: 6, fleet: { drones: 1, robots: 0 } });
    const next = (await socket.call('world.spec')).result;
    expect(next.worldId).not.toBe(first.worldId);
    expect(next.world.buildings.length).toBeGreaterThan(0);
  });

  it('sends stream.world in full once per connection and world: its other subscriptions get the id', async () => {
    test = await startTestServer();
    const socket = await open();
    const first = (await socket.call('stream.subscribe', { every: 1000 })).result.subscription;
    const second = (await socket.call('stream.subscribe', { every: 1000 })).result.subscription;
    await socket.call('env.reset', { seed: 7, fleet: { drones: 1, robots: 0 } }, 1);
    const notes = [await socket.next(), await socket.next()];
    expect(notes.map((note) => [note.method, note.params.subscription])).toEqual([['stream.world', first], ['stream.world', second]]);
    expect(notes[0].params.world.buildings.length).toBeGreaterThan(0);
    expect(notes[1].params).toEqual({ subscription: second, worldId: notes[0].params.worldId });
  });

  it('caps subscriptions per session with -32015 naming maxSubscriptions', async () => {
    test = await startTestServer({ maxSubscriptions: 3 });
    const socket = await open();
    const ids: string[] = [];
    for (let k = 0; k < 3; k++) ids.push((await socket.call('stream.subscribe', { every: 10 })).result.subscription);
    const fourth = await socket.call('stream.subscribe', { every: 10 });
    expect(fourth.error).toMatchObject({ code: RPC_ERRORS.tooManySubscriptions, data: { limit: 'maxSubscriptions', max: 3, held: ids } });
    expect((await socket.call('stream.unsubscribe', { subscription: ids[0] })).result).toEqual({ ok: true });
    expect((await socket.call('stream.subscribe', { every: 10 })).result.subscription).toMatch(/\.4$/);
  });

  it('refuses a reset past the server-wide world memory with -32016 naming maxWorldMemory, and frees it when a session ends', async () => {
    test = await startTestServer({ maxWorldMemoryBytes: 12 * 1024 * 1024 });
    const first = await open(), second = await open();
    expect((await first.call('env.reset', { seed: 1, world: { size: 3000 }, fleet: { drones: 1, robots: 0 } })).result.agents).toHaveLength(1);
    const held = test.server.stats().worldMemory.usedBytes;
    expect(held).toBeGreaterThan(2 * 1024 * 1024);
    const refused = await second.call('env.reset', { seed: 2, world: { size: 3000 }, fleet: { drones: 1, robots: 0 } });
    expect(refused.error).toMatchObject({ code: RPC_ERRORS.worldMemoryFull, data: { limit: 'maxWorldMemory', limit_bytes: 12 * 1024 * 1024, used_bytes: held } });
    expect(refused.error!.message).toContain('--max-world-memory');
    // A session's own next reset gives back its old world first.
    expect((await first.call('env.reset', { seed: 3, world: { size: 3000 }, fleet: { drones: 1, robots: 0 } })).result.agents).toHaveLength(1);
    expect(test.server.stats().worldMemory.usedBytes).toBe(held);
    first.close();
    await waitUntil(() => test!.server.stats().worldMemory.usedBytes === 0, 'the closed session\'s world to be freed');
    expect((await second.call('env.reset', { seed: 2, world: { size: 3000 }, fleet: { drones: 1, robots: 0 } })).result.agents).toHaveLength(1);
  });
});
