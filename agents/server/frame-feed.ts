/**
 * Frames of one world (a session's own, or the server's shared one) fanned out to its subscribers
 * with back-pressure: a subscriber whose socket holds more than `maxBufferedBytes` unsent skips
 * frames (counted, and reported in its next frame's `dropped`), so a slow reader never grows the
 * server's memory. A frame is serialized once per step, and only when someone will receive it.
 */
import type { FleetFrame } from '../../sim/index.ts';
import type { WorldSpec } from '../../worlds/index.ts';
import type { FleetSession, FleetStepResult } from '../session/fleet-session-contract.ts';

/** The socket as the feed sees it (ws's WebSocket satisfies it). */
export interface MessageChannel {
  send(text: string): void;
  readonly bufferedAmount: number;
}

export class FrameSubscription {
  /** Frames skipped since the last one sent. */
  dropped = 0;
  droppedTotal = 0;
  sent = 0;
  /** The most bytes seen waiting in the socket right after sending to it. */
  peakBufferedBytes = 0;

  constructor(
    readonly id: string,
    readonly every: number,
    readonly channel: MessageChannel,
    readonly maxBufferedBytes: number,
  ) {}

  wants(step: number): boolean {
    return step % this.every === 0;
  }

  /** Whether a message of about `bytes` fits; an idle socket always takes one (a frame larger than the bound still goes out). */
  hasRoomFor(bytes: number): boolean {
    const buffered = this.channel.bufferedAmount;
    return buffered === 0 || buffered + bytes <= this.maxBufferedBytes;
  }

  skip(): void {
    this.dropped++;
    this.droppedTotal++;
  }

  send(text: string): void {
    this.channel.send(text);
    this.peakBufferedBytes = Math.max(this.peakBufferedBytes, this.channel.bufferedAmount);
  }
}

/** Bytes of a frame notification besides the frame itself (generous: ids are short). */
const FRAME_ENVELOPE_BYTES = 160;

export class FrameFeed {
  private readonly subscriptions = new Set<FrameSubscription>();
  private lastFrameBytes = 0;

  get size(): number {
    return this.subscriptions.size;
  }

  add(subscription: FrameSubscription): void {
    this.subscriptions.add(subscription);
  }

  remove(subscription: FrameSubscription): void {
    this.subscriptions.delete(subscription);
  }

  /** Steps until the next step some subscriber wants a frame at, at most `limit`. */
  stepsToNextFrame(step: number, limit: number): number {
    let steps = limit;
    for (const subscription of this.subscriptions) steps = Math.min(steps, subscription.every - (step % subscription.every));
    return Math.max(1, steps);
  }

  /** Sends the world to every subscriber (never dropped: a viewer cannot draw frames without it). */
  publishWorld(world: WorldSpec, worldId: string): void {
    if (this.subscriptions.size === 0) return;
    const worldJson = JSON.stringify(world);
    for (const subscription of this.subscriptions) sendWorld(subscription, worldJson, worldId);
  }

  publishFrame(step: number, frame: () => FleetFrame): void {
    let frameJson: string | null = null;
    for (const subscription of this.subscriptions) {
      if (!subscription.wants(step)) continue;
      // The last frame's size is the estimate, so a backed-up subscriber costs no serialization.
      if (!subscription.hasRoomFor(this.lastFrameBytes)) {
        subscription.skip();
        continue;
      }
      if (frameJson === null) {
        frameJson = JSON.stringify(frame());
        this.lastFrameBytes = frameJson.length + FRAME_ENVELOPE_BYTES;
      }
      if (!subscription.hasRoomFor(this.lastFrameBytes)) {
        subscription.skip();
        continue;
      }
      subscription.send(`{"jsonrpc":"2.0","method":"stream.frame","params":{"subscription":${JSON.stringify(subscription.id)},"dropped":${subscription.dropped},"frame":${frameJson}}}`);
      subscription.dropped = 0;
      subscription.sent++;
    }
  }
}

/** The world each connection was last sent in full by a stream.world, by its worldId. */
const worldSentOn = new WeakMap<MessageChannel, string>();

/**
 * A stream.world notification: the world in full the first time a connection gets this worldId,
 * then (another subscription of the same connection) only the id, so a connection holding many
 * subscriptions is not sent many copies of a large city.
 */
export function sendWorld(subscription: FrameSubscription, worldJson: string, worldId: string): void {
  const head = `{"jsonrpc":"2.0","method":"stream.world","params":{"subscription":${JSON.stringify(subscription.id)},"worldId":${JSON.stringify(worldId)}`;
  if (worldSentOn.get(subscription.channel) === worldId) {
    subscription.send(`${head}}}`);
    return;
  }
  worldSentOn.set(subscription.channel, worldId);
  subscription.send(`${head},"world":${worldJson}}}`);
}

/** Steps a session `steps` steps, stopping at each step a subscriber wants so it gets that frame. */
export function stepWithFrames(session: FleetSession, steps: number, feed: FrameFeed): FleetStepResult {
  if (feed.size === 0) return session.step(steps);
  // step(0) advances nothing: it tells the current step (and hands over events already pending).
  let result = session.step(0);
  const events = [...result.events];
  for (let remaining = steps; remaining > 0;) {
    const chunk = feed.stepsToNextFrame(result.step, remaining);
    result = session.step(chunk);
    for (const event of result.events) events.push(event);
    remaining -= chunk;
    feed.publishFrame(result.step, () => session.frame());
  }
  return { step: result.step, t: result.t, events };
}
