/**
 * Frame streams under pressure and the shared world: a subscriber that stops reading has frames
 * dropped (and is told how many) while the bytes the server holds for it stay under the bound;
 * the shared world streams the same frames to two watchers and refuses their commands.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSkylineClient, RPC_ERRORS, SkylineRpcError, type SkylineClient } from '../../../agents/index.node.ts';
import type { FleetFrame } from '../../../sim/index.ts';
import type { WorldSpec } from '../../../worlds/index.ts';
import { openRawSocket, startTestServer, waitUntil, type RawMessage, type TestServer } from './server-harness.ts';

const MAX_BUFFERED_BYTES = 64 * 1024;

describe('a slow subscriber', () => {
  let test: TestServer;

  beforeAll(async () => {
    test = await startTestServer({ maxBufferedBytes: MAX_BUFFERED_BYTES });
  });

  afterAll(async () => {
    await test?.server.close();
  });

  it('has frames dropped and counted while the server holds no more than maxBufferedBytes for it', async () => {
    const socket = await openRawSocket(test.server.url);
    await socket.call('env.reset', { seed: 4, world: { size: 600 }, fleet: { drones: 2, robots: 1 } }, 1);
    const subscribed = await socket.call('stream.subscribe', { every: 1 }, 2);
    expect(subscribed.result.subscription).toBeTruthy();
    expect((await socket.next()).method).toBe('stream.world');
    socket.socket.pause(); // stop reading: the server's writes back up
    const calls = 4, steps = 10_000;
    for (let id = 10; id < 10 + calls; id++) socket.send(JSON.stringify({ jsonrpc: '2.0', id, method: 'env.step', params: { steps } }));
    await waitUntil(() => test.server.stats().stream.dropped > 0, 'frames to be dropped for the paused subscriber', 60_000);
    const stats = test.server.stats();
    expect(stats.stream.peakBufferedBytes).toBeGreaterThan(0);
    expect(stats.stream.peakBufferedBytes).toBeLessThanOrEqual(MAX_BUFFERED_BYTES);

    socket.socket.resume();
    let received = 0, reportedDropped = 0, lastStep = 0, replies = 0;
    while (replies < calls) {
      const message: RawMessage = await socket.next();
      if (message.method === 'stream.frame') {
        received++;
        reportedDropped += message.params.dropped;
        expect(message.params.frame.step).toBeGreaterThan(lastStep);
        lastStep = message.params.frame.step;
      } else if (message.id !== undefined) {
        expect(message.result.step).toBe(steps * (message.id as number - 9));
        replies++;
      }
    }
    // Frames dropped after the last one sent are reported with the next: one more step brings it.
    socket.send(JSON.stringify({ jsonrpc: '2.0', id: 99, method: 'env.step', params: { steps: 1 } }));
    const last = await socket.next();
    expect(last.method).toBe('stream.frame');
    expect(last.params.frame.step).toBe(calls * steps + 1);
    received++;
    reportedDropped += last.params.dropped;
    expect((await socket.next()).id).toBe(99);
    expect(reportedDropped).toBeGreaterThan(0);
    // Every step was either received as a frame or reported as dropped.
    expect(received + reportedDropped).toBe(calls * steps + 1);
    expect(test.server.stats().stream.dropped).toBe(reportedDropped);
    expect(test.server.stats().stream.peakBufferedBytes).toBeLessThanOrEqual(MAX_BUFFERED_BYTES);
    expect((await socket.call('session.hello')).result.protocol).toBe('skyline/1');
    socket.close();
  });
});

describe('the shared world', () => {
  let test: TestServer;
  const watchers: { client: SkylineClient; frames: FleetFrame[]; worlds: WorldSpec[] }[] = [];

  beforeAll(async () => {
    test = await startTestServer({ mode: 'realtime', realtimeRate: 400, sharedWorld: { seed: 3, drones: 2, robots: 1, driver: 'scripted' } });
    for (let k = 0; k < 2; k++) {
      const client = await connectSkylineClient(test.server.url);
      const watcher = { client, frames: [] as FleetFrame[], worlds: [] as WorldSpec[] };
      await client.subscribe((frame) => watcher.frames.push(frame), { world: 'shared', onWorld: (world) => watcher.worlds.push(world) });
      watchers.push(watcher);
    }
  });

  afterAll(async () => {
    for (const { client } of watchers) client.close();
    await test?.server.close();
  });

  it('sends both watchers its world and then the same frames, with the step rising', async () => {
    await waitUntil(() => watchers.every(({ frames }) => frames.length >= 50), 'fifty shared frames for each watcher');
    for (const { frames, worlds } of watchers) {
      expect(worlds).toHaveLength(1);
      expect(worlds[0].seed).toBe(3);
      const steps = frames.map((frame) => frame.step);
      for (let k = 1; k < steps.length; k++) expect(steps[k]).toBeGreaterThan(steps[k - 1]);
      expect(frames[0].vehicles.map((vehicle) => vehicle.id)).toEqual(['drone-1', 'drone-2', 'robot-1']);
    }
    const [a, b] = watchers;
    const common = a.frames.find((frame) => b.frames.some((other) => other.step === frame.step))!;
    expect(common).toBeDefined();
    expect(b.frames.find((frame) => frame.step === common.step)!.vehicles).toEqual(common.vehicles);
  });

  it('says in hello that it has a shared world, which steps with its scripted driver failing nowhere', async () => {
    const { client } = watchers[0];
    expect((await client.hello()).sharedWorld).toBe(true);
    expect(test.server.stats().sharedWorld!.failures).toBe(0);
    const lastSeen = Math.max(...watchers.map(({ frames }) => frames[frames.length - 1].step));
    expect(test.server.stats().sharedWorld!.step).toBeGreaterThanOrEqual(lastSeen);
  });

  it('refuses a watcher\'s commands to its agents and env.step', async () => {
    for (const { client } of watchers) {
      const error = await client.act({ agent: 'drone-1', verb: 'takeoff' }).then(() => null, (reason: unknown) => reason);
      expect(error).toBeInstanceOf(SkylineRpcError);
      expect((error as SkylineRpcError).code).toBe(RPC_ERRORS.unknownAgent);
      expect((error as SkylineRpcError).data).toMatchObject({ owner: 'shared' });
      const step = await client.step(1).then(() => null, (reason: unknown) => reason);
      expect((step as SkylineRpcError).code).toBe(RPC_ERRORS.wrongMode);
    }
  });
});
