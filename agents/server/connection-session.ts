/**
 * One connection's session: it owns its FleetSession (made on its first env.reset), its frame
 * subscriptions and its rate budget. Agent ids are looked up only in this session's own world,
 * so another connection's agents are unreachable by construction.
 */
import type { FleetResetOptions, FleetResetResult, FleetSession, FleetStepResult } from '../session/fleet-session-contract.ts';
import { FrameFeed, FrameSubscription, sendWorld, stepWithFrames, type MessageChannel } from './frame-feed.ts';
import { RPC_ERRORS, RpcError } from './json-rpc.ts';
import type { RealtimeClock, RealtimeWorld } from './realtime-clock.ts';
import type { SharedWorld } from './shared-world.ts';
import { TokenBucket } from './token-bucket.ts';

import type { ServerMode } from './server-options.ts';

/** What every connection shares: the server's settings, its clock and its shared world. */
export interface ServerContext {
  readonly mode: ServerMode;
  readonly version: string;
  readonly sessionFactory: () => FleetSession;
  readonly sharedWorld: SharedWorld | null;
  readonly clock: RealtimeClock | null;
  readonly maxBufferedBytes: number;
  readonly maxMessagesPerSecond: number;
  readonly messageBurst: number;
  readonly maxMessageBytes: number;
  readonly maxSessions: number;
}

interface SubscriptionEntry {
  subscription: FrameSubscription;
  feed: FrameFeed;
}

export class ConnectionSession implements RealtimeWorld {
  readonly feed = new FrameFeed();
  readonly bucket: TokenBucket;
  private fleet: FleetSession | null = null;
  private hasWorld = false;
  private readonly subscriptions = new Map<string, SubscriptionEntry>();
  private nextSubscription = 1;
  /** Work to do once the current reply is sent (a subscriber's first world goes after its subscription id). */
  private readonly afterReply: (() => void)[] = [];
  realtimeFailures = 0;

  constructor(
    readonly id: string,
    readonly channel: MessageChannel,
    readonly context: ServerContext,
  ) {
    this.bucket = new TokenBucket(context.maxMessagesPerSecond, context.messageBurst);
  }

  /** This session's world; not_ready (-32005) before its first successful env.reset. */
  world(): FleetSession {
    if (!this.fleet || !this.hasWorld) {
      const shared = this.context.sharedWorld ? ' (the shared world is watch-only: stream.subscribe {world: "shared"})' : '';
      throw new RpcError(RPC_ERRORS.notReady, `not_ready: this session has no world yet: call env.reset {seed, world?, fleet?} first${shared}`, { reason: 'not_ready' });
    }
    return this.fleet;
  }

  get ownsWorld(): boolean {
    return this.hasWorld;
  }

  async reset(options: FleetResetOptions): Promise<FleetResetResult> {
    this.fleet ??= this.context.sessionFactory();
    const result = await this.fleet.reset(options);
    this.hasWorld = true;
    this.afterReply.push(() => this.feed.publishWorld(this.fleet!.worldSpec()));
    if (this.context.mode === 'realtime') this.context.clock?.add(this);
    return result;
  }

  step(steps: number): FleetStepResult {
    if (this.context.mode !== 'lockstep') {
      throw new RpcError(RPC_ERRORS.wrongMode, `wrong_mode: env.step is for lockstep servers; this one runs in ${this.context.mode} mode and steps every world itself`, { reason: 'wrong_mode', mode: this.context.mode });
    }
    return stepWithFrames(this.world(), steps, this.feed);
  }

  /** The real-time clock's call: never throws (a failing world stops only itself). */
  advance(steps: number): void {
    if (!this.fleet) return;
    try {
      stepWithFrames(this.fleet, steps, this.feed);
    } catch {
      this.realtimeFailures++;
    }
  }

  subscribe(every: number, which: 'own' | 'shared'): string {
    const shared = this.context.sharedWorld;
    if (which === 'shared' && !shared) {
      throw new RpcError(RPC_ERRORS.invalidParams, 'invalid params: world: "shared" not accepted: this server has no shared world; accepted: own', { field: 'world', expected: 'own', received: '"shared"' });
    }
    const id = `${this.id}.${this.nextSubscription++}`;
    const subscription = new FrameSubscription(id, every, this.channel, this.context.maxBufferedBytes);
    const feed = which === 'shared' ? shared!.feed : this.feed;
    feed.add(subscription);
    this.subscriptions.set(id, { subscription, feed });
    const spec = which === 'shared' ? shared!.session : this.hasWorld ? this.fleet : null;
    if (spec) this.afterReply.push(() => sendWorld(subscription, JSON.stringify(spec.worldSpec())));
    return id;
  }

  unsubscribe(id: string): void {
    const entry = this.subscriptions.get(id);
    if (!entry) {
      const known = [...this.subscriptions.keys()];
      throw new RpcError(RPC_ERRORS.invalidParams, `invalid params: subscription: ${JSON.stringify(id)} is not a subscription of this session; accepted: ${known.join(', ') || 'none (stream.subscribe first)'}`, {
        field: 'subscription', expected: 'a subscription id from stream.subscribe', known,
      });
    }
    entry.feed.remove(entry.subscription);
    this.subscriptions.delete(id);
  }

  /** Frames dropped for this connection's subscribers so far, and the most bytes its socket held after a frame. */
  streamStats(): { dropped: number; sent: number; peakBufferedBytes: number } {
    let dropped = 0, sent = 0, peak = 0;
    for (const { subscription } of this.subscriptions.values()) {
      dropped += subscription.droppedTotal;
      sent += subscription.sent;
      peak = Math.max(peak, subscription.peakBufferedBytes);
    }
    return { dropped, sent, peakBufferedBytes: peak };
  }

  runAfterReply(): void {
    for (const task of this.afterReply.splice(0)) task();
  }

  close(): void {
    for (const { subscription, feed } of this.subscriptions.values()) feed.remove(subscription);
    this.subscriptions.clear();
    this.afterReply.length = 0;
    this.context.clock?.remove(this);
    this.fleet = null;
  }
}
