/**
 * One `skyline mcp` world: the fleet session (agents/session), its clock (lockstep: only
 * wait_until advances it; realtime: the shared RealtimeClock does), the safety guard that runs
 * after every advance, and a bounded log of recent events that resources and wait_until read.
 */
import type { FleetEvent } from '../../sim/index.ts';
import { createFleetSession, type FleetSessionExtras } from '../session/fleet-session.ts';
import type { FleetResetOptions, FleetResetResult, FleetSession } from '../session/fleet-session-contract.ts';
import { RealtimeClock, type RealtimeWorld } from '../server/realtime-clock.ts';
import { guardFleet } from './safety-rules.ts';
import { resolveMcpSettings, type McpWorldSettings } from './mcp-settings.ts';

/** Events kept for the `skyline://events/recent` resource and wait_until's report. */
export const EVENT_LOG_SIZE = 500;

export type McpWorldChange = { kind: 'events'; events: readonly FleetEvent[] } | { kind: 'reset' };

export interface McpResetOverrides {
  seed?: number;
  fleet?: { drones: number; robots: number };
  world?: FleetResetOptions['world'];
}

export class McpWorld {
  readonly session: FleetSession & FleetSessionExtras;
  readonly settings: McpWorldSettings;
  private log: FleetEvent[] = [];
  private listeners = new Set<(change: McpWorldChange) => void>();
  private summary: FleetResetResult | null = null;
  private closed = false;
  private readonly realtime: RealtimeWorld = {
    advance: (steps) => {
      try {
        this.advance(steps);
      } catch {
        // A world that cannot step (closed mid-tick) simply stops; the clock must not throw.
      }
    },
  };

  private constructor(settings: McpWorldSettings, private readonly clock: RealtimeClock | null, private readonly ownsClock = false) {
    this.settings = settings;
    // Free text is grounded by the rules only, so every grounded verb passes the safety checks first.
    this.session = createFleetSession({ llm: null });
  }

  /**
   * A world reset from `settings`. In realtime mode `clock` (shared by a server's worlds) steps it
   * from now on; without one the world gets a clock of its own, stopped when it closes.
   */
  static async create(settings: Partial<McpWorldSettings>, clock: RealtimeClock | null = null): Promise<McpWorld> {
    const resolved = resolveMcpSettings(settings);
    const ownClock = resolved.mode === 'realtime' && !clock;
    const world = new McpWorld(resolved, resolved.mode === 'realtime' ? clock ?? new RealtimeClock(resolved.realtimeRate) : null, ownClock);
    await world.reset();
    return world;
  }

  get mode(): McpWorldSettings['mode'] {
    return this.settings.mode;
  }

  /** The last reset's summary (agents, world size, depots). */
  get resetSummary(): FleetResetResult {
    if (!this.summary) throw new Error('McpWorld: not reset yet');
    return this.summary;
  }

  async reset(overrides: McpResetOverrides = {}): Promise<FleetResetResult> {
    const seed = overrides.seed ?? this.settings.seed;
    this.summary = await this.session.reset({
      seed,
      world: overrides.world ?? this.settings.world,
      fleet: overrides.fleet ?? this.settings.fleet,
      task: 'delivery',
    });
    this.log = [];
    this.clock?.add(this.realtime);
    this.emit({ kind: 'reset' });
    return this.summary;
  }

  /** Advances `steps` physics steps, then applies the safety guard; returns the events of both. */
  advance(steps: number): FleetEvent[] {
    if (this.closed) throw new Error('McpWorld: closed');
    const { events } = this.session.step(steps);
    events.push(...guardFleet(this.session, this.settings.safety));
    if (events.length > 0) {
      for (const event of events) this.log.push(event);
      if (this.log.length > EVENT_LOG_SIZE + EVENT_LOG_SIZE / 4) this.log.splice(0, this.log.length - EVENT_LOG_SIZE);
      this.emit({ kind: 'events', events });
    }
    return events;
  }

  /**
   * Who advances a lockstep world now: one wait_until at a time drives, the others watch its
   * events, so parallel waits (one per agent) do not make time pass twice as fast.
   */
  driver: symbol | null = null;

  /** A note in the event log that is not the simulation's own (a refused action). */
  note(event: FleetEvent): void {
    this.log.push(event);
    this.emit({ kind: 'events', events: [event] });
  }

  recentEvents(limit = EVENT_LOG_SIZE): FleetEvent[] {
    return this.log.slice(-limit);
  }

  /** Calls `listener` after every reset and every advance that produced events; returns the unsubscribe. */
  onChange(listener: (change: McpWorldChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.clock?.remove(this.realtime);
    if (this.ownsClock) this.clock?.stop();
    this.listeners.clear();
  }

  private emit(change: McpWorldChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
