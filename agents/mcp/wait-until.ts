/**
 * wait_until: the server, not the model, owns a flight. In lockstep it advances the world until
 * the agent's skill ends, an event concerns the agent, or the simulated-time limit passes; in
 * realtime it watches the clock's steps for the same things. It returns what happened.
 */
import type { FleetEvent } from '../../sim/index.ts';
import type { McpWorld } from './mcp-world.ts';

export type WaitOutcome = 'skill_ended' | 'event' | 'time_limit' | 'cancelled' | 'reset';

export interface WaitUntilResult {
  agent: string | null;
  outcome: WaitOutcome;
  /** The agent's skill when the wait began and when it ended (null: holding position). */
  skillBefore: string | null;
  skillAfter: string | null;
  t: number;
  step: number;
  waitedS: number;
  /** Events concerning the agent (or every event when no agent was named), oldest first. */
  events: FleetEvent[];
  position: number[] | null;
}

/** Steps per lockstep chunk: 0.1 simulated seconds between checks. */
const CHUNK_STEPS = 10;
/** Lockstep chunks between yields to the event loop, so one long wait does not stall other sessions. */
const CHUNKS_PER_YIELD = 20;
const REALTIME_POLL_MS = 20;
const MAX_EVENTS_RETURNED = 50;
/** Progress chatter and the echoes of the client's own calls (a replaced skill, a refused action) do not end a wait. */
const QUIET_KINDS = new Set(['skill_started', 'skill_progress', 'skill_replaced', 'rejected']);

export interface WaitUntilOptions {
  agent?: string;
  maxS: number;
  signal?: AbortSignal;
  /** Called about once per simulated second with the seconds waited so far. */
  onProgress?: (waitedS: number) => void;
}

export async function waitUntil(world: McpWorld, options: WaitUntilOptions): Promise<WaitUntilResult> {
  const { session } = world;
  const env = session.fleetEnv;
  const agent = options.agent ?? null;
  const skillBefore = agent === null ? null : session.skillOf(agent);
  const start = env.t;
  const events: FleetEvent[] = [];
  let outcome: WaitOutcome | null = null;
  /** Set by the world's listener, which the loop's narrowing cannot see. */
  const seen = { event: false, reset: false };
  let lastProgress = 0;
  const take = (batch: readonly FleetEvent[]): void => {
    for (const event of batch) {
      if (agent !== null && event.agent !== agent && !mentions(event, agent)) continue;
      events.push(event);
      if (agent !== null && !QUIET_KINDS.has(event.kind)) seen.event = true;
    }
  };
  // Events arrive through the world's listeners whoever advances it: this wait, another one, or the realtime clock.
  const unsubscribe = world.onChange((change) => {
    if (change.kind === 'events') take(change.events);
    else seen.reset = true;
  });
  const me = Symbol('wait_until');
  try {
    let chunks = 0;
    while (outcome === null) {
      if (options.signal?.aborted) {
        outcome = 'cancelled';
        break;
      }
      const waited = env.t - start;
      if (waited >= options.maxS - 1e-9) {
        outcome = 'time_limit';
        break;
      }
      if (world.mode === 'lockstep' && (world.driver === null || world.driver === me)) {
        world.driver = me;
        world.advance(Math.max(1, Math.min(CHUNK_STEPS, Math.round((options.maxS - waited) / env.dt))));
        if (++chunks % CHUNKS_PER_YIELD === 0) await new Promise((resolve) => setImmediate(resolve));
      } else {
        await new Promise((resolve) => setTimeout(resolve, world.mode === 'lockstep' ? 1 : REALTIME_POLL_MS));
      }
      if (seen.reset) {
        outcome = 'reset';
        break;
      }
      // The skill's end outranks the events that announce it (skill_done, skill_failed).
      if (skillBefore !== null && session.skillOf(agent!) !== skillBefore) outcome = 'skill_ended';
      else if (seen.event) outcome = 'event';
      if (options.onProgress && env.t - start - lastProgress >= 1) {
        lastProgress = Math.floor(env.t - start);
        options.onProgress(env.t - start);
      }
    }
  } finally {
    if (world.driver === me) world.driver = null;
    unsubscribe();
  }
  return {
    agent, outcome, skillBefore, skillAfter: agent === null || outcome === 'reset' ? null : session.skillOf(agent),
    t: round(env.t), step: env.step, waitedS: round(env.t - start), events: events.slice(-MAX_EVENTS_RETURNED),
    position: agent === null ? null : env.vehicle(agent).position.map((v) => round(v)),
  };
}

/** A message addressed to the agent concerns it too. */
function mentions(event: FleetEvent, agent: string): boolean {
  return event.data?.to === agent;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
