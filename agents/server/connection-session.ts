/**
 * One connection's session: it owns its FleetSession (made on its first env.reset), its frame
 * subscriptions and its rate budget. Agent ids are looked up only in this session's own world,
 * so another connection's agents are unreachable by construction.
 */
import type { FleetEvent } from '../../sim/index.ts';
import type { WorldSpec } from '../../worlds/index.ts';
import type { FleetResetOptions, FleetResetResult, FleetSession, FleetStepResult } from '../session/fleet-session-contract.ts';
import type { FairScheduler } from './fair-scheduler.ts';
import { FrameFeed, FrameSubscription, sendWorld, stepWithFrames, type MessageChannel } from './frame-feed.ts';
import { RPC_ERRORS, RpcError, SerializedResult } from './json-rpc.ts';
import { estimateWorldBytes, worldAreaSquareMetres, type WorldMemoryLedger } from './world-memory.ts';
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
  readonly maxOutputBytes: number;
  readonly maxVehicleStepsPerSecond: number;
  readonly vehicleStepBurst: number;
  readonly maxSubscriptions: number;
  /** Every session's slices take turns here. */
  readonly scheduler: FairScheduler;
  readonly worldMemory: WorldMemoryLedger;
  /** Server-wide tallies for the stats. */
  readonly counters: { outputRefusals: number };
}

/** Vehicle-steps in one slice of env.step (2 steps of a full 128-vehicle world, about 1 ms). */
export const SLICE_VEHICLE_STEPS = 256;
/**
 * What an env.reset costs of the work budget, per km² of city: building an 8 km city takes about
 * as long as 220,000 vehicle-steps (~0.5 s on an idle core), so resets cannot dodge the budget.
 */
export const RESET_VEHICLE_STEPS_PER_KM2 = 3500;
/** The shared world never resets, so it has one id. */
const SHARED_WORLD_ID = 'shared';

/** What world.spec answers: the world the first time this connection asks for it, then only its id. */
export interface WorldSpecAnswer {
  worldId: string;
  world?: WorldSpec;
}

interface SubscriptionEntry {
  subscription: FrameSubscription;
  feed: FrameFeed;
}

export class ConnectionSession implements RealtimeWorld {
  readonly feed = new FrameFeed();
  readonly bucket: TokenBucket;
  /** The work budget: vehicle-steps per second. */
  readonly workBucket: TokenBucket;
  private fleet: FleetSession | null = null;
  private hasWorld = false;
  private closed = false;
  private vehicles = 0;
  private worldBytes = 0;
  private worlds = 0;
  private worldId = '';
  /** The world whose spec this connection has already been sent in a world.spec answer. */
  private specSentFor: string | null = null;
  /** The full world.spec result of the current world, serialized once (tens of ms for a large city). */
  private specResult: SerializedResult | null = null;
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
    this.workBucket = new TokenBucket(context.maxVehicleStepsPerSecond, context.vehicleStepBurst);
  }

  /** Bytes this connection's socket holds unsent (answers and notifications). */
  get bufferedBytes(): number {
    return this.channel.bufferedAmount;
  }

  get subscriptionCount(): number {
    return this.subscriptions.size;
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
    const ledger = this.context.worldMemory;
    const bytes = estimateWorldBytes(options.world as Record<string, unknown> | undefined);
    if (!ledger.fits(bytes, this.worldBytes)) {
      const mb = (value: number): number => Math.round(value / (1024 * 1024));
      throw new RpcError(RPC_ERRORS.worldMemoryFull, `world memory full: this world needs about ${mb(bytes)} MB and the server's worlds already hold ${mb(ledger.usedBytes - this.worldBytes)} of ${mb(ledger.limitBytes)} MB (maxWorldMemory, --max-world-memory); retry later or ask for a smaller world.size`, {
        limit: 'maxWorldMemory', limit_bytes: ledger.limitBytes, used_bytes: ledger.usedBytes - this.worldBytes, requested_bytes: bytes,
      });
    }
    const squareKm = worldAreaSquareMetres(options.world as Record<string, unknown> | undefined) / 1e6;
    this.chargeWork(Math.max(1, Math.round(RESET_VEHICLE_STEPS_PER_KM2 * squareKm)), `an env.reset of a ${squareKm.toFixed(1)} km² city`);
    // Held before the world is built, so two resets cannot both pass the check.
    ledger.move(this.worldBytes, bytes);
    const held = this.worldBytes;
    this.worldBytes = bytes;
    this.fleet ??= this.context.sessionFactory();
    let result: FleetResetResult;
    try {
      result = await this.fleet.reset(options);
    } catch (error) {
      if (!this.closed) {
        ledger.move(bytes, this.hasWorld ? held : 0);
        this.worldBytes = this.hasWorld ? held : 0;
      }
      throw error;
    }
    this.hasWorld = true;
    this.vehicles = result.agents.length;
    this.worldId = `${this.id}.w${++this.worlds}`;
    this.specResult = null;
    const worldId = this.worldId;
    this.afterReply.push(() => this.feed.publishWorld(this.fleet!.worldSpec(), worldId));
    if (this.context.mode === 'realtime') this.context.clock?.add(this);
    return result;
  }

  /**
   * Steps this session's world in slices of SLICE_VEHICLE_STEPS that take turns with every other
   * session's work; charged to the work budget up front, whole or not at all.
   */
  async step(steps: number): Promise<FleetStepResult> {
    if (this.context.mode !== 'lockstep') {
      throw new RpcError(RPC_ERRORS.wrongMode, `wrong_mode: env.step is for lockstep servers; this one runs in ${this.context.mode} mode and steps every world itself`, { reason: 'wrong_mode', mode: this.context.mode });
    }
    const world = this.world();
    const vehicles = Math.max(1, this.vehicles);
    this.chargeWork(steps * vehicles, `${steps} steps × ${this.vehicles} vehicles`, steps);
    const sliceSteps = Math.max(1, Math.floor(SLICE_VEHICLE_STEPS / Math.max(1, this.vehicles)));
    const events: FleetEvent[] = [];
    let last: FleetStepResult | null = null;
    for (let remaining = steps; remaining > 0;) {
      const chunk = Math.min(remaining, sliceSteps);
      remaining -= chunk;
      const result = await this.context.scheduler.run(() => {
        if (this.closed) throw new RpcError(RPC_ERRORS.notReady, 'not_ready: the session closed during env.step', { reason: 'closed' });
        return stepWithFrames(world, chunk, this.feed);
      });
      for (const event of result.events) events.push(event);
      last = result;
    }
    return { step: last!.step, t: last!.t, events };
  }

  /** Takes `cost` vehicle-steps from the work budget, or throws -32013 naming it; `steps` only for env.step. */
  private chargeWork(cost: number, what: string, steps?: number): void {
    if (this.workBucket.take(cost)) return;
    const { maxVehicleStepsPerSecond: rate, vehicleStepBurst: burst } = this.context;
    const fewer = steps === undefined ? 'ask for a smaller world.size' : `ask for at most ${Math.floor(burst / Math.max(1, this.vehicles))} steps per call`;
    const why = cost > burst
      ? `${what} = ${cost} vehicle-steps is more than the burst of ${burst}; ${fewer}`
      : `${cost} vehicle-steps (${what}) would pass the budget of ${rate} vehicle-steps/s (burst ${burst}); wait and retry`;
    throw new RpcError(RPC_ERRORS.workBudget, `work budget exceeded: maxVehicleStepsPerSecond: ${why}`, {
      budget: 'maxVehicleStepsPerSecond', limit_per_s: rate, burst, requested: cost, ...(steps === undefined ? {} : { steps }), vehicles: this.vehicles,
    });
  }

  /** The world once per connection, then only its id (unless `resend`). */
  worldSpecAnswer(resend: boolean): WorldSpecAnswer | SerializedResult {
    const spec = this.world().worldSpec();
    if (this.specSentFor === this.worldId && !resend) return { worldId: this.worldId };
    this.specSentFor = this.worldId;
    this.specResult ??= new SerializedResult(JSON.stringify({ worldId: this.worldId, world: spec } satisfies WorldSpecAnswer));
    return this.specResult;
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
    if (this.subscriptions.size >= this.context.maxSubscriptions) {
      throw new RpcError(RPC_ERRORS.tooManySubscriptions, `too many subscriptions: this session holds ${this.subscriptions.size}, the most allowed (maxSubscriptions); stream.unsubscribe one first (one subscription with the smallest every serves any number of uses)`, {
        limit: 'maxSubscriptions', max: this.context.maxSubscriptions, held: [...this.subscriptions.keys()],
      });
    }
    const id = `${this.id}.${this.nextSubscription++}`;
    const subscription = new FrameSubscription(id, every, this.channel, this.context.maxBufferedBytes);
    const feed = which === 'shared' ? shared!.feed : this.feed;
    feed.add(subscription);
    this.subscriptions.set(id, { subscription, feed });
    const spec = which === 'shared' ? shared!.session : this.hasWorld ? this.fleet : null;
    const worldId = which === 'shared' ? SHARED_WORLD_ID : this.worldId;
    if (spec) this.afterReply.push(() => sendWorld(subscription, JSON.stringify(spec.worldSpec()), worldId));
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
    this.closed = true;
    this.context.worldMemory.move(this.worldBytes, 0);
    this.worldBytes = 0;
    for (const { subscription, feed } of this.subscriptions.values()) feed.remove(subscription);
    this.subscriptions.clear();
    this.afterReply.length = 0;
    this.context.clock?.remove(this);
    this.fleet = null;
    this.specResult = null;
  }
}
