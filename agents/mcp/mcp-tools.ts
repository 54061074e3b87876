/**
 * The tools of `skyline mcp`: one per verb of the vocabulary (its JSON Schema plus an `agent`
 * parameter, exactly as agents/vocabulary publishes it), and act, observe, wait_until,
 * describe_world, metrics, reset. Every failure is an error result (isError) whose text is the
 * WebSocket API's for the same mistake, closest matches included.
 */
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { groundText } from '../grounding/ground-text.ts';
import { buildImageObservation } from '../observations/image-observation.ts';
import { AgentError, type ActResult, type GroundedVerb } from '../session/fleet-session-contract.ts';
import { toRpcError } from '../server/method-handlers.ts';
import { closestWords } from '../vocabulary/closest-words.ts';
import { openAiToolDefinitions, parseVerb, verbDefinition } from '../vocabulary/verb-registry.ts';
import { DEFAULT_WAIT_S, type McpSafetyRules } from './mcp-settings.ts';
import { AGENT_PROPERTY, parseToolInput, toolInputJsonSchema, type ToolInputName } from './mcp-tool-inputs.ts';
import type { McpWorld } from './mcp-world.ts';
import { checkVerbSafety, LOW_LEVEL_VERBS } from './safety-rules.ts';
import { waitUntil } from './wait-until.ts';

export interface ToolCallContext {
  signal?: AbortSignal;
  /** Reports progress of a long call (wait_until) when the client asked for it. */
  progress?: (progress: number, total: number, message: string) => void;
  /** Where unexpected failures are noted (never the client's data). */
  log: (line: string) => void;
}

interface ToolEntry {
  tool: Tool;
  call: (world: McpWorld, args: Record<string, unknown>, context: ToolCallContext) => Promise<CallToolResult>;
}

/**
 * Verb args whose names the acting `agent` parameter takes: follow's `agent` (whom to follow) is
 * published as `leader`, so every tool's `agent` means the one that acts.
 */
export const RENAMED_VERB_ARGS: Readonly<Record<string, Readonly<Record<string, string>>>> = { follow: { agent: 'leader' } };

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, openWorldHint: false } as const;
const ACTING = { readOnlyHint: false, destructiveHint: false, openWorldHint: false } as const;

/** Every tool, verbs first (lowest rung first), in the order tools/list gives them. */
export function buildToolCatalogue(rules: McpSafetyRules): ToolEntry[] {
  const verbTools: ToolEntry[] = openAiToolDefinitions().map(({ function: definition }) => {
    const parameters = definition.parameters as { properties?: Record<string, unknown>; required?: string[] };
    const renamed = RENAMED_VERB_ARGS[definition.name] ?? {};
    const toolName = (arg: string): string => renamed[arg] ?? arg;
    const refused = !rules.allowLowLevel && LOW_LEVEL_VERBS.includes(definition.name);
    const renames = Object.entries(renamed).map(([arg, name]) => ` (\`${name}\` is the verb's \`${arg}\`)`).join('');
    return {
      tool: {
        name: definition.name,
        description: `${definition.description}${renames}${refused ? ' Refused by this server unless it runs with --allow-low-level.' : ''} Starts a skill the server carries out; wait_until lets it run.`,
        inputSchema: {
          ...parameters,
          type: 'object',
          properties: { agent: AGENT_PROPERTY, ...Object.fromEntries(Object.entries(parameters.properties ?? {}).map(([arg, schema]) => [toolName(arg), schema])) },
          required: ['agent', ...(parameters.required ?? []).map(toolName)],
        },
        annotations: { title: `${definition.name} (rung ${verbDefinition(definition.name)?.rung})`, ...ACTING },
      },
      call: (world, args) => callVerb(world, definition.name, args, renamed),
    };
  });
  const other = (name: ToolInputName, description: string, annotations: Tool['annotations'], call: ToolEntry['call']): ToolEntry => ({
    tool: { name, description, inputSchema: toolInputJsonSchema(name) as Tool['inputSchema'], annotations }, call,
  });
  return [
    ...verbTools,
    other('act', 'Give an agent an instruction in words ("take off and fly to Depot 2"); the server grounds it to verbs with its rules and starts them in order.', ACTING, callAct),
    other('observe', 'What an agent perceives: a text description, the JSON observation (state, skill, nearby places, open orders, inbox, recent events) and its forward camera image (PNG).', READ_ONLY, callObserve),
    other('wait_until', `Let simulated time pass (lockstep: the server advances the world) until the agent's skill ends, an event concerns it, or max_s simulated seconds pass (default ${DEFAULT_WAIT_S}); returns what happened. Without an agent it waits the whole max_s.`, ACTING, callWaitUntil),
    other('describe_world', 'The city: its bounds, places (depots, pads, landmarks, addresses), streets, no-fly zones, the agents, the clock mode and the safety rules.', READ_ONLY, callDescribeWorld),
    other('metrics', 'Delivery metrics so far: orders created, delivered, on time, energy, collisions, actions sent and rejected.', READ_ONLY, callMetrics),
    other('reset', 'Start a new episode: a fresh world from the server\'s settings, or with another seed, city or fleet size. Every agent and order is replaced.', { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false }, callReset),
  ];
}

/** Runs tool `name`; never throws: every failure comes back as an error result. */
export async function callTool(catalogue: readonly ToolEntry[], world: McpWorld, name: string, args: unknown, context: ToolCallContext): Promise<CallToolResult> {
  const entry = catalogue.find((candidate) => candidate.tool.name === name);
  try {
    if (!entry) {
      const known = catalogue.map((candidate) => candidate.tool.name);
      const closest = closestWords(String(name).slice(0, 64), known);
      throw new AgentError('unknown_verb', `tool: ${JSON.stringify(String(name).slice(0, 64))} is not a tool of this server; closest: ${closest.join(', ')}; known: ${known.join(', ')}`, {
        field: 'name', known, closest,
      });
    }
    if (args !== undefined && (args === null || typeof args !== 'object' || Array.isArray(args))) {
      throw new AgentError('invalid_args', `${name}: arguments must be an object of named arguments`, { field: 'arguments' });
    }
    return await entry.call(world, (args ?? {}) as Record<string, unknown>, context);
  } catch (error) {
    return errorResult(error, name, context);
  }
}

export function errorResult(error: unknown, tool: string, context: ToolCallContext): CallToolResult {
  const rpc = toRpcError(error);
  if (!(error instanceof AgentError)) context.log(`internal error in tool ${tool.slice(0, 64)}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  return { isError: true, content: [{ type: 'text', text: rpc.message }], structuredContent: { error: { code: rpc.code, message: rpc.message, ...rpc.data } } };
}

function jsonResult(summary: string, value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: summary }, { type: 'text', text: JSON.stringify(value) }], structuredContent: value };
}

/** The agent's id, checked the way the session checks it (same error text). */
function checkedAgent(world: McpWorld, agent: unknown): string {
  world.session.skillOf(agent as string);
  return agent as string;
}

function afterActNote(world: McpWorld): string {
  return world.mode === 'lockstep' ? 'the world is paused between calls: wait_until lets it run' : 'the world runs in real time; wait_until waits for the outcome';
}

async function startVerbs(world: McpWorld, agent: string, verbs: GroundedVerb[], start: () => Promise<ActResult>): Promise<ActResult> {
  const env = world.session.fleetEnv;
  try {
    for (const verb of verbs) checkVerbSafety(env, agent, verb, world.settings.safety);
  } catch (error) {
    world.note({ t: env.t, step: env.step, kind: 'rejected', agent, text: (error as Error).message, data: { code: (error as AgentError).code, rule: 'safety' } });
    throw error;
  }
  return start();
}

async function callVerb(world: McpWorld, verb: string, args: Record<string, unknown>, renamed: Readonly<Record<string, string>>): Promise<CallToolResult> {
  const { agent: rawAgent, ...toolArgs } = args;
  const verbNameOf = new Map(Object.entries(renamed).map(([arg, name]) => [name, arg]));
  const verbArgs = Object.fromEntries(Object.entries(toolArgs).map(([name, value]) => [verbNameOf.get(name) ?? name, value]));
  const agent = checkedAgent(world, rawAgent);
  const env = world.session.fleetEnv;
  let result: ActResult;
  try {
    const parsed = parseVerb(env.vehicle(agent).kind, verb, verbArgs, { bounds: env.spec.bounds });
    result = await startVerbs(world, agent, [parsed], () => world.session.act({ agent, verb, args: verbArgs }));
  } catch (error) {
    throw withToolArgNames(error, verb, renamed);
  }
  const started = result.skill ? `${agent}: ${result.skill} started` : `${agent}: ${verb} done`;
  return jsonResult(`${started}; ${afterActNote(world)}.`, { ...result });
}

/** An error about a renamed arg names it as the tool does ("follow.leader", not "follow.agent"). */
function withToolArgNames(error: unknown, verb: string, renamed: Readonly<Record<string, string>>): unknown {
  if (!(error instanceof AgentError)) return error;
  let message = error.message;
  let field = error.details.field;
  for (const [arg, name] of Object.entries(renamed)) {
    message = message.split(`${verb}.${arg}`).join(`${verb}.${name}`);
    if (field === arg) field = name;
  }
  return message === error.message && field === error.details.field ? error : new AgentError(error.code, message, { ...error.details, ...(field ? { field } : {}) });
}

async function callAct(world: McpWorld, args: Record<string, unknown>): Promise<CallToolResult> {
  const { agent: rawAgent, text } = parseToolInput('act', args);
  const agent = checkedAgent(world, rawAgent);
  const env = world.session.fleetEnv;
  const state = env.vehicle(agent);
  let verbs: GroundedVerb[] | null = null;
  try {
    verbs = groundText(text, { places: env.places, world: env.world, agentKind: state.kind, agentPosition: state.position, agentIds: env.vehicleIds() });
  } catch {
    // The session grounds the same text the same way and reports the error as the WebSocket API does.
  }
  const result = await startVerbs(world, agent, verbs ?? [], () => world.session.act({ agent, text }));
  const understood = result.actions.map((action) => `${action.verb} ${JSON.stringify(action.args)}`).join(', then ');
  return jsonResult(`${agent}: understood as ${understood}; ${result.skill ? `${result.skill} started` : 'done'}; ${afterActNote(world)}.`, { ...result });
}

async function callObserve(world: McpWorld, args: Record<string, unknown>): Promise<CallToolResult> {
  const input = parseToolInput('observe', args);
  const agent = checkedAgent(world, input.agent);
  const include = input.include ?? ['text', 'json', 'image'];
  const size = input.image_size ?? world.settings.imageSize;
  const observation = world.session.observe(agent, ['json', ...(include.includes('text') ? ['text' as const] : [])]);
  const content: CallToolResult['content'] = [];
  const images = include.includes('image') || include.includes('depth') ? buildImageObservation(world.session.fleetEnv, agent, size) : null;
  const imageNote = images ? `; camera ${size}×${size} PNG, forward-looking, tilted 20° down${include.includes('depth') ? ' (depth: grey, near is dark, white at 200 m or farther)' : ''}` : '';
  content.push({ type: 'text', text: `${agent} at t = ${observation.t.toFixed(2)} s (step ${observation.step})${imageNote}` });
  if (include.includes('text')) content.push({ type: 'text', text: observation.text! });
  if (include.includes('json')) content.push({ type: 'text', text: JSON.stringify(observation.json) });
  if (images && include.includes('image')) content.push({ type: 'image', data: images.rgbPngBase64, mimeType: 'image/png' });
  if (images && include.includes('depth')) content.push({ type: 'image', data: images.depthPngBase64, mimeType: 'image/png' });
  return {
    content,
    structuredContent: {
      agent, step: observation.step, t: observation.t, observation: observation.json,
      ...(images ? { image: { width: images.width, height: images.height, mimeType: 'image/png', parts: include.filter((part) => part === 'image' || part === 'depth') } } : {}),
    },
  };
}

async function callWaitUntil(world: McpWorld, args: Record<string, unknown>, context: ToolCallContext): Promise<CallToolResult> {
  const input = parseToolInput('wait_until', args);
  const agent = input.agent === undefined ? undefined : checkedAgent(world, input.agent);
  const maxS = input.max_s ?? DEFAULT_WAIT_S;
  const result = await waitUntil(world, {
    agent, maxS, signal: context.signal,
    onProgress: context.progress ? (waited) => context.progress!(waited, maxS, `${waited.toFixed(0)} of at most ${maxS} simulated s`) : undefined,
  });
  const what = {
    skill_ended: `${agent}'s skill ${result.skillBefore} ended`,
    event: `an event concerning ${agent} happened`,
    time_limit: `${maxS} simulated s passed`,
    cancelled: 'the client cancelled the wait',
    reset: 'the world was reset (a reset call)',
  }[result.outcome];
  const lines = result.events.map((event) => `  t=${event.t.toFixed(2)} ${event.kind}${event.text ? `: ${event.text}` : ''}`);
  const summary = `${what} after ${result.waitedS} s (now t = ${result.t} s)${agent ? `; ${agent} is at (${result.position!.join(', ')}) ${result.skillAfter ? `running ${result.skillAfter}` : 'holding position'}` : ''}.${lines.length ? `\nEvents:\n${lines.join('\n')}` : ''}`;
  return { content: [{ type: 'text', text: summary }], structuredContent: { ...result } };
}

async function callDescribeWorld(world: McpWorld, args: Record<string, unknown>): Promise<CallToolResult> {
  parseToolInput('describe_world', args);
  const value = describeWorldJson(world);
  const agents = (value.agents as { id: string }[]).map((a) => a.id).join(', ');
  return jsonResult(`${world.session.worldSpec().name}: ${(value.places as unknown[]).length} places, agents ${agents}, ${world.mode} clock.`, value);
}

/** What describe_world and the world-description resource return. */
export function describeWorldJson(world: McpWorld): Record<string, unknown> {
  const { session } = world;
  const env = session.fleetEnv;
  return {
    name: env.spec.name, seed: env.spec.seed, mode: world.mode, t: env.t, step: env.step,
    ...session.describeWorld(),
    ceiling: env.spec.bounds.ceiling,
    agents: world.resetSummary.agents.map((agent) => ({ ...agent, skill: session.skillOf(agent.id) })),
    noFlyZones: env.spec.noFlyZones.map((zone) => zone.shape === 'box'
      ? { name: zone.name, shape: zone.shape, minX: zone.minX, minY: zone.minY, maxX: zone.maxX, maxY: zone.maxY, minZ: zone.minZ, maxZ: zone.maxZ }
      : { name: zone.name, shape: zone.shape, x: zone.x, y: zone.y, radius: zone.radius, minZ: zone.minZ, maxZ: zone.maxZ }),
    safety: world.settings.safety,
  };
}

async function callMetrics(world: McpWorld, args: Record<string, unknown>): Promise<CallToolResult> {
  parseToolInput('metrics', args);
  const metrics = world.session.metrics();
  return jsonResult(`t = ${world.session.fleetEnv.t.toFixed(2)} s: ${metrics.delivered ?? 0} delivered of ${metrics.orders_created ?? 0} orders.`, { t: world.session.fleetEnv.t, metrics });
}

async function callReset(world: McpWorld, args: Record<string, unknown>): Promise<CallToolResult> {
  const input = parseToolInput('reset', args);
  const fleet = input.drones !== undefined || input.robots !== undefined
    ? { drones: input.drones ?? world.settings.fleet.drones, robots: input.robots ?? world.settings.fleet.robots }
    : undefined;
  const generated = input.world_seed !== undefined || input.size !== undefined
    ? { ...(input.world_seed !== undefined ? { seed: input.world_seed } : {}), size: input.size ?? world.resetSummary.world.size }
    : undefined;
  const result = await world.reset({ ...(input.seed !== undefined ? { seed: input.seed } : {}), ...(fleet ? { fleet } : {}), ...(generated ? { world: generated } : {}) });
  return jsonResult(`new episode: ${world.session.worldSpec().name}, agents ${result.agents.map((a) => a.id).join(', ')}.`, { ...result });
}
