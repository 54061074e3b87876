/**
 * What the server streams to any subscriber, seen from Node: the shared world and its recent
 * frames by step, for comparing with what the page drew.
 */
import WebSocket from 'ws';
import type { FleetFrame } from '../../sim/index.ts';
import type { WorldSpec } from '../../worlds/index.ts';

const FRAMES_KEPT = 2000;

export interface StreamWatcher {
  world(): WorldSpec | null;
  latest(): FleetFrame | null;
  frameAt(step: number): FleetFrame | undefined;
  framesReceived(): number;
  close(): void;
}

export async function watchSharedStream(url: string): Promise<StreamWatcher> {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let world: WorldSpec | null = null, latest: FleetFrame | null = null, received = 0;
  const byStep = new Map<number, FleetFrame>();
  const answered = new Promise<void>((resolve, reject) => {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: number; method?: string; params?: Record<string, unknown>; error?: { message: string } };
      if (message.id === 1) {
        if (message.error) reject(new Error(`stream.subscribe failed: ${message.error.message}`));
        else resolve();
      } else if (message.method === 'stream.world') {
        world = message.params!.world as WorldSpec;
        byStep.clear();
      } else if (message.method === 'stream.frame') {
        const frame = message.params!.frame as FleetFrame;
        received++;
        latest = frame;
        byStep.set(frame.step, frame);
        if (byStep.size > FRAMES_KEPT) byStep.delete(byStep.keys().next().value!);
      }
    });
  });
  socket.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'stream.subscribe', params: { world: 'shared' } }));
  await answered;
  return {
    world: () => world,
    latest: () => latest,
    frameAt: (step) => byStep.get(step),
    framesReceived: () => received,
    close: () => socket.close(),
  };
}
