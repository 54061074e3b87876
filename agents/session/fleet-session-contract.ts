import type { FleetEvent, FleetFrame } from '../../sim/index.ts';
import type { WorldSpec } from '../../worlds/index.ts';

/**
 * The contract between a fleet world with its agents (agents/session/fleet-session.ts) and
 * whatever drives it: the WebSocket server, `skyline run`, the LLM agent loop, `npm start`.
 * Every method either returns plain JSON-able data or throws an AgentError, so the server can
 * map failures to JSON-RPC errors without knowing what went wrong inside.
 */

export type FleetTaskName = 'delivery';

export interface FleetResetOptions {
  seed: number;
  /** A WorldSpec, or generator settings; default: a 1 km city generated from `seed`. */
  world?: WorldSpec | { seed?: number; size?: number };
  task?: FleetTaskName;
  fleet?: { drones: number; robots: number };
}

export interface AgentSummary {
  id: string; // "drone-1", "robot-1"
  kind: 'drone' | 'robot';
  /** The place the vehicle starts at (a depot's name). */
  home: string;
}

export interface FleetResetResult {
  agents: AgentSummary[];
  step: number;
  t: number;
  world: { seed: number; size: number; buildings: number; streets: number; depots: string[] };
}

/** An action by verb, or free text to be grounded to verbs. */
export type AgentAction =
  | { agent: string; verb: string; args?: Record<string, unknown> }
  | { agent: string; text: string };

export interface GroundedVerb {
  verb: string;
  args: Record<string, unknown>;
}

export interface ActResult {
  agent: string;
  /** What was accepted: one verb, or the verbs free text was grounded to (run in order). */
  actions: GroundedVerb[];
  /** The skill now running for the agent ("fly_to Depot 2"), or null for one-step verbs. */
  skill: string | null;
  /** How free text was understood: 'rules' or 'llm'; absent for verb actions. */
  groundedBy?: 'rules' | 'llm';
}

export interface FleetStepResult {
  step: number;
  t: number;
  /** Events since the previous step call (skill progress and completion, deliveries, crashes, messages). */
  events: FleetEvent[];
}

export type ObservationModality = 'json' | 'text' | 'vector' | 'image';

export interface AgentObservation {
  agent: string;
  step: number;
  t: number;
  json?: Record<string, unknown>;
  text?: string;
  vector?: number[];
  /** Images from the vehicle's forward camera, PNG as base64. */
  image?: { width: number; height: number; rgbPngBase64: string; depthPngBase64: string };
}

export interface PlaceSummary {
  name: string;
  kind: string;
  position: [number, number, number];
  address?: string;
}

export interface WorldDescription {
  bounds: { minX: number; minY: number; maxX: number; maxY: number };
  places: PlaceSummary[];
  streets: string[];
}

/** Why an action or query was refused; `field` names the offending argument, `known`/`closest` the accepted values. */
export type AgentErrorCode =
  | 'unknown_agent'
  | 'unknown_verb'
  | 'unknown_place'
  | 'invalid_args'
  | 'not_applicable' // the verb exists but not for this vehicle kind or state (wheels on a drone, drop_off with no cargo)
  | 'not_ready'; // no world yet: call reset first

export class AgentError extends Error {
  constructor(
    readonly code: AgentErrorCode,
    message: string,
    readonly details: { field?: string; known?: string[]; closest?: string[] } = {},
  ) {
    super(message);
    this.name = 'AgentError';
  }
}

export interface FleetSession {
  reset(options: FleetResetOptions): Promise<FleetResetResult>;
  describeWorld(): WorldDescription;
  agentIds(): string[];
  /** Validates, grounds free text (rules, or the LLM when one is configured), starts the skill. */
  act(action: AgentAction): Promise<ActResult>;
  /** Advances the world `steps` physics steps (dt = 0.01 s) with every running skill in control. */
  step(steps: number): FleetStepResult;
  observe(agent: string, modalities: readonly ObservationModality[]): AgentObservation;
  /** What a viewer draws now (the stream.subscribe feed and the recorder use it). */
  frame(): FleetFrame;
  metrics(): Record<string, number>;
  /** The world being simulated (for viewers: `stream.subscribe` sends it once before frames). */
  worldSpec(): WorldSpec;
}

/**
 * Something that decides for a fleet's agents: the scripted dispatcher, the LLM agent. A run
 * loop alternates `await driver.decide()` (which calls `session.act`) and `session.step(k)`.
 */
export interface FleetAgentDriver {
  readonly name: string;
  decide(): Promise<void>;
  /** Counters for the metrics table (LLM calls, tokens, timeouts, actions sent, ...). */
  metrics(): Record<string, number>;
  /** What was said to and by the agents, saved with the episode (LLM drivers). */
  transcript?(): unknown[];
}
