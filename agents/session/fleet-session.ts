/**
 * The fleet session: one city, one delivery fleet, the agents' skills and observations behind the
 * FleetSession contract (the WebSocket server, `skyline run` and the LLM loop all drive this).
 * Every failure is an AgentError; a rejected action is counted and leaves the world untouched.
 */
import { FleetEnv, FleetInputError, type DeliveryOptions, type FleetEvent, type FleetFrame, type InboxMessage } from '../../sim/index.ts';
import { generateWorld, validateWorldSpec, type WorldSpec } from '../../worlds/index.ts';
import { groundText, type GroundingContext } from '../grounding/ground-text.ts';
import { groundTextWithLlm } from '../grounding/llm-grounding.ts';
import { emptyLlmUsage, type LlmUsage } from '../llm/llm-usage.ts';
import type { LlmOptions } from '../llm/llm-options.ts';
import { buildImageObservation } from '../observations/image-observation.ts';
import { buildJsonObservation } from '../observations/json-observation.ts';
import { notablePlaces, type ObservationContext } from '../observations/observation-context.ts';
import { buildTextObservation } from '../observations/text-observation.ts';
import { buildVectorObservation } from '../observations/vector-observation.ts';
import { precheckVerb } from '../skills/skill-factory.ts';
import { SkillRunner } from '../skills/skill-runner.ts';
import { closestWords } from '../vocabulary/closest-words.ts';
import { parseVerb, verbsFor } from '../vocabulary/verb-registry.ts';
import {
  AgentError, type ActResult, type AgentAction, type AgentObservation, type FleetResetOptions, type FleetResetResult, type FleetSession,
  type FleetStepResult, type GroundedVerb, type ObservationModality, type WorldDescription,
} from './fleet-session-contract.ts';

export interface FleetSessionOptions {
  /** Grounds free text with this model when the rules do not understand it; null/absent: rules only. */
  llm?: LlmOptions | null;
  maxDrones?: number;
  maxRobots?: number;
  /** Rules of the delivery task (order rate, deadlines, payload...). */
  delivery?: Partial<DeliveryOptions>;
}

export const DEFAULT_FLEET = { drones: 4, robots: 2 } as const;
export const DEFAULT_WORLD_SIZE = 1000; // m
export const DEFAULT_MAX_DRONES = 64;
export const DEFAULT_MAX_ROBOTS = 64;
/** The most steps one step() call may advance (100 simulated seconds). */
export const MAX_STEPS_PER_CALL = 10_000;
const OBSERVATION_MODALITIES: readonly ObservationModality[] = ['json', 'text', 'vector', 'image'];
const RECENT_EVENTS_KEPT = 200;
const RECENT_EVENTS_SHOWN = 12;
const MAX_PENDING_EVENTS = 10_000;
/** Event kinds every agent hears about (the rest only the agent they concern). */
const PUBLIC_EVENT_KINDS = new Set(['order_created', 'order_timed_out', 'crash', 'delivered']);

export function createFleetSession(options: FleetSessionOptions = {}): FleetSession & FleetSessionExtras {
  return new FleetSessionImpl(options);
}

/** What the session offers beyond the contract (metrics for drivers, the env for tests and tools). */
export interface FleetSessionExtras {
  /** The simulated world; throws 'not_ready' before reset. */
  readonly fleetEnv: FleetEnv;
  /** Language-model use by free-text grounding. */
  groundingUsage(): LlmUsage;
  /** The running skill's label for an agent, null while it holds. */
  skillOf(agent: string): string | null;
}

class FleetSessionImpl implements FleetSession, FleetSessionExtras {
  private env: FleetEnv | null = null;
  private runners = new Map<string, SkillRunner>();
  /** Skill events not yet returned by step(). */
  private skillEvents: FleetEvent[] = [];
  /** Skill events not yet sent with a frame. */
  private frameSkillEvents: FleetEvent[] = [];
  private recent: FleetEvent[] = [];
  private lastMessages = new Map<string, InboxMessage[]>();
  private actionsSent = 0;
  private actionsRejected = 0;
  private readonly usage = emptyLlmUsage();
  private readonly maxDrones: number;
  private readonly maxRobots: number;

  constructor(private readonly options: FleetSessionOptions) {
    this.maxDrones = options.maxDrones ?? DEFAULT_MAX_DRONES;
    this.maxRobots = options.maxRobots ?? DEFAULT_MAX_ROBOTS;
  }

  get fleetEnv(): FleetEnv {
    return this.ready();
  }

  groundingUsage(): LlmUsage {
    return { ...this.usage };
  }

  skillOf(agent: string): string | null {
    this.ready();
    return this.runner(agent).skillLabel;
  }

  async reset(options: FleetResetOptions): Promise<FleetResetResult> {
    if (options === null || typeof options !== 'object') throw invalid('options', 'reset options must be an object {seed, world?, task?, fleet?}');
    const seed = options.seed;
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw invalid('seed', `seed: ${String(seed)} is not accepted; accepted: a whole number in 0..4294967295`);
    if (options.task !== undefined && options.task !== 'delivery') throw invalid('task', `task: ${JSON.stringify(options.task)} is not a task; accepted: delivery`);
    const fleet = options.fleet ?? DEFAULT_FLEET;
    if (fleet === null || typeof fleet !== 'object') throw invalid('fleet', 'fleet: must be an object {drones, robots}');
    const drones = fleet.drones ?? 0, robots = fleet.robots ?? 0;
    checkCount('fleet.drones', drones, this.maxDrones);
    checkCount('fleet.robots', robots, this.maxRobots);
    if (drones + robots === 0) throw invalid('fleet', 'fleet: needs at least one drone or robot');
    const world = buildWorld(options.world, seed);
    let env: FleetEnv;
    try {
      env = FleetEnv.create({ seed, world, drones, robots, delivery: this.options.delivery });
    } catch (error) {
      throw asAgentError(error, 'world');
    }
    this.env = env;
    this.skillEvents = [];
    this.frameSkillEvents = [];
    this.recent = [];
    this.lastMessages = new Map();
    this.actionsSent = 0;
    this.actionsRejected = 0;
    this.runners = new Map(env.vehicleIds().map((id) => [id, new SkillRunner(env, id, this.skillEvents)]));
    return {
      agents: env.vehicleIds().map((id) => ({ id, kind: env.vehicle(id).kind, home: env.homeOf(id) })),
      step: env.step, t: env.t,
      world: {
        seed: world.seed, size: Math.max(world.bounds.maxX - world.bounds.minX, world.bounds.maxY - world.bounds.minY),
        buildings: world.buildings.length, streets: world.streets.length, depots: world.depots.map((depot) => depot.name),
      },
    };
  }

  describeWorld(): WorldDescription {
    const env = this.ready();
    const { minX, minY, maxX, maxY } = env.spec.bounds;
    return {
      bounds: { minX, minY, maxX, maxY },
      places: notablePlaces(env).map((place) => ({
        name: place.name, kind: place.kind, position: [place.position.x, place.position.y, place.position.z],
        ...(place.address ? { address: place.address } : {}),
      })),
      streets: env.spec.streets.map((street) => street.name),
    };
  }

  agentIds(): string[] {
    return this.ready().vehicleIds();
  }

  async act(action: AgentAction): Promise<ActResult> {
    const env = this.ready();
    this.actionsSent++;
    try {
      if (action === null || typeof action !== 'object') throw invalid('action', 'action: must be an object {agent, verb, args} or {agent, text}');
      const agent = (action as { agent?: unknown }).agent;
      const runner = this.runner(agent);
      const id = runner.id;
      const kind = env.vehicle(id).kind;
      let verbs: GroundedVerb[];
      let groundedBy: 'rules' | 'llm' | undefined;
      if ('verb' in action && action.verb !== undefined) {
        verbs = [parseVerb(kind, action.verb, action.args ?? {}, { bounds: env.spec.bounds })];
      } else if ('text' in action) {
        ({ verbs, groundedBy } = await this.ground(id, action.text));
      } else {
        throw invalid('action', 'action: needs a "verb" (with "args") or a "text"');
      }
      for (const verb of verbs) precheckVerb(runner.ctx, verb);
      let skill: string | null;
      try {
        skill = runner.start(verbs);
        this.capPendingEvents();
      } catch (error) {
        throw asAgentError(error, 'args');
      }
      return { agent: id, actions: verbs, skill, ...(groundedBy ? { groundedBy } : {}) };
    } catch (error) {
      const agentError = asAgentError(error, 'action');
      this.actionsRejected++;
      env.noteRejectedAction();
      const agent = typeof (action as { agent?: unknown })?.agent === 'string' ? (action as { agent: string }).agent : undefined;
      this.pushSkillEvent({ t: env.t, step: env.step, kind: 'rejected', ...(agent && env.hasVehicle(agent) ? { agent } : {}), text: agentError.message, data: { code: agentError.code } });
      throw agentError;
    }
  }

  step(steps: number): FleetStepResult {
    const env = this.ready();
    if (!Number.isInteger(steps) || steps < 0 || steps > MAX_STEPS_PER_CALL) throw invalid('steps', `steps: ${String(steps)} is not accepted; accepted: a whole number in 0..${MAX_STEPS_PER_CALL}`);
    const events: FleetEvent[] = [];
    for (let s = 0; s < steps; s++) {
      for (const runner of this.runners.values()) runner.update();
      this.drainSkillEvents(events);
      for (const event of env.advance(1)) {
        events.push(event);
        this.remember(event);
      }
    }
    this.drainSkillEvents(events);
    return { step: env.step, t: env.t, events };
  }

  observe(agent: string, modalities: readonly ObservationModality[]): AgentObservation {
    const env = this.ready();
    const runner = this.runner(agent);
    const id = runner.id;
    const wanted = modalities === undefined ? ['json' as const] : modalities;
    if (!Array.isArray(wanted) || wanted.length === 0 || wanted.some((m) => !OBSERVATION_MODALITIES.includes(m))) {
      const bad = Array.isArray(wanted) ? wanted.find((m) => !OBSERVATION_MODALITIES.includes(m)) : wanted;
      throw new AgentError('invalid_args', `modalities: ${JSON.stringify(bad)} is not accepted; accepted: a non-empty list of ${OBSERVATION_MODALITIES.join(', ')}`, {
        field: 'modalities', known: [...OBSERVATION_MODALITIES], closest: typeof bad === 'string' ? closestWords(bad, OBSERVATION_MODALITIES) : [],
      });
    }
    const fresh = env.takeInbox(id);
    // Messages stay in the agent's observations until new ones arrive, so a second look still sees them.
    if (fresh.length > 0) this.lastMessages.set(id, fresh);
    const context: ObservationContext = {
      env, agent: id, skill: runner.skillLabel, target: runner.target, messages: fresh.length > 0 ? fresh : this.lastMessages.get(id) ?? [],
      recentEvents: this.recent.filter((e) => e.agent === id || (e.agent === undefined && e.kind !== 'rejected') || PUBLIC_EVENT_KINDS.has(e.kind)).slice(-RECENT_EVENTS_SHOWN),
      verbs: verbsFor(env.vehicle(id).kind),
    };
    const observation: AgentObservation = { agent: id, step: env.step, t: env.t };
    if (wanted.includes('json')) observation.json = buildJsonObservation(context);
    if (wanted.includes('text')) observation.text = buildTextObservation(context);
    if (wanted.includes('vector')) observation.vector = buildVectorObservation(context);
    if (wanted.includes('image')) observation.image = buildImageObservation(env, id);
    return observation;
  }

  frame(): FleetFrame {
    const frame = this.ready().frame();
    if (this.frameSkillEvents.length > 0) {
      frame.events = [...frame.events, ...this.frameSkillEvents.splice(0)].sort((a, b) => a.step - b.step);
    }
    return frame;
  }

  metrics(): Record<string, number> {
    const env = this.ready();
    return { ...(env.metrics() as unknown as Record<string, number>), actions_sent: this.actionsSent, actions_rejected: this.actionsRejected };
  }

  worldSpec(): WorldSpec {
    return this.ready().spec;
  }

  // ---- helpers ----

  private ready(): FleetEnv {
    if (!this.env) throw new AgentError('not_ready', 'no world yet: call reset({seed, world?, fleet?}) first');
    return this.env;
  }

  private runner(agent: unknown): SkillRunner {
    const runner = typeof agent === 'string' ? this.runners.get(agent) : undefined;
    if (runner) return runner;
    const known = [...this.runners.keys()];
    const closest = typeof agent === 'string' ? closestWords(agent, known) : [];
    throw new AgentError('unknown_agent', `agent: ${JSON.stringify(agent)} is not an agent of this session; closest: ${closest.join(', ') || 'none'}; known: ${known.join(', ')}`, {
      field: 'agent', known, closest,
    });
  }

  private async ground(id: string, text: unknown): Promise<{ verbs: GroundedVerb[]; groundedBy: 'rules' | 'llm' }> {
    const env = this.ready();
    if (typeof text !== 'string') throw invalid('text', `text: must be a string; got ${JSON.stringify(text)}`);
    const state = env.vehicle(id);
    const context: GroundingContext = { places: env.places, world: env.world, agentKind: state.kind, agentPosition: state.position, agentIds: env.vehicleIds(), home: env.homeOf(id) };
    try {
      return { verbs: groundText(text, context), groundedBy: 'rules' };
    } catch (error) {
      if (!this.options.llm || !(error instanceof AgentError) || (error.code !== 'unknown_verb' && error.code !== 'invalid_args')) throw error;
      return { verbs: await groundTextWithLlm(text, context, this.options.llm, this.usage), groundedBy: 'llm' };
    }
  }

  private drainSkillEvents(into: FleetEvent[]): void {
    const pending = this.skillEvents.splice(0);
    for (const event of pending.length > MAX_PENDING_EVENTS ? pending.slice(pending.length - MAX_PENDING_EVENTS) : pending) {
      into.push(event);
      this.remember(event);
      this.frameSkillEvents.push(event);
    }
    if (this.frameSkillEvents.length > MAX_PENDING_EVENTS) this.frameSkillEvents.splice(0, this.frameSkillEvents.length - MAX_PENDING_EVENTS);
  }

  private pushSkillEvent(event: FleetEvent): void {
    this.skillEvents.push(event);
    this.capPendingEvents();
  }

  /**
   * A client that acts and never steps must not grow the server's memory: keep the newest, in place
   * (runners hold the array) and in batches, so a full list does not cost a shift of every element per act.
   */
  private capPendingEvents(): void {
    if (this.skillEvents.length > MAX_PENDING_EVENTS + MAX_PENDING_EVENTS / 4) this.skillEvents.splice(0, this.skillEvents.length - MAX_PENDING_EVENTS);
  }

  private remember(event: FleetEvent): void {
    this.recent.push(event);
    if (this.recent.length > RECENT_EVENTS_KEPT) this.recent.splice(0, this.recent.length - RECENT_EVENTS_KEPT);
  }
}

function buildWorld(world: FleetResetOptions['world'], seed: number): WorldSpec {
  if (world === undefined || world === null) return generate(seed, DEFAULT_WORLD_SIZE);
  if (typeof world !== 'object') throw invalid('world', 'world: must be a WorldSpec or generator settings {seed?, size?}');
  if ('buildings' in world || 'version' in world) {
    const checked = validateWorldSpec(world);
    if (!checked.ok) throw invalid('world', `world: not a valid WorldSpec: ${checked.issues.slice(0, 3).join('; ')}`);
    return checked.spec;
  }
  const settings = world as { seed?: unknown; size?: unknown };
  for (const key of Object.keys(settings)) {
    if (key !== 'seed' && key !== 'size') throw invalid(`world.${key}`, `world.${key}: unknown setting; accepted: seed, size (or a whole WorldSpec)`);
  }
  const worldSeed = settings.seed ?? seed;
  if (!Number.isInteger(worldSeed) || (worldSeed as number) < 0 || (worldSeed as number) > 0xffffffff) {
    throw invalid('world.seed', `world.seed: ${String(worldSeed)} is not accepted; accepted: a whole number in 0..4294967295`);
  }
  const size = settings.size ?? DEFAULT_WORLD_SIZE;
  if (typeof size !== 'number' || !(size >= 300 && size <= 8000)) throw invalid('world.size', `world.size: ${String(size)} is not accepted; accepted: 300..8000 m`);
  return generate(worldSeed as number, size);
}

function generate(seed: number, size: number): WorldSpec {
  try {
    return generateWorld(seed, { size });
  } catch (error) {
    throw asAgentError(error, 'world');
  }
}

function checkCount(field: string, value: unknown, max: number): void {
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > max) {
    throw invalid(field, `${field}: ${String(value)} is not accepted; accepted: a whole number in 0..${max}`);
  }
}

function invalid(field: string, message: string): AgentError {
  return new AgentError('invalid_args', message, { field });
}

/** Errors from below (bad commands, bad worlds) as AgentError 'invalid_args' naming the field. */
function asAgentError(error: unknown, field: string): AgentError {
  if (error instanceof AgentError) return error;
  if (error instanceof FleetInputError) return new AgentError('invalid_args', error.message, { field: error.field, known: error.known });
  return new AgentError('invalid_args', error instanceof Error ? error.message : String(error), { field });
}
