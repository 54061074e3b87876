/**
 * The input schemas of the tools that are not verbs (act, observe, wait_until, reset, ...), as
 * zod schemas checked by the server and as the JSON Schema tools/list publishes. A failed check
 * names the field, the rule and what is accepted, as the vocabulary's own checks do.
 */
import { z } from 'zod';
import { AgentError } from '../session/fleet-session-contract.ts';
import { IMAGE_SIZE_RANGE, MAX_WAIT_S } from './mcp-settings.ts';

const MAX_FLEET = 64;
const AGENT_TEXT = 'an agent id of this world, e.g. "drone-1" or "robot-1" (describe_world lists them)';

export const AGENT_PROPERTY = { type: 'string', minLength: 1, maxLength: 64, description: `the agent that acts: ${AGENT_TEXT}` } as const;

const agent = z.string({ error: `must be ${AGENT_TEXT}` }).min(1, { error: `must be ${AGENT_TEXT}` }).max(64, { error: `must be ${AGENT_TEXT}` }).describe(AGENT_TEXT);
const whole = (min: number, max: number, what: string) =>
  z.int({ error: `must be a whole number in ${min}..${max}` }).min(min, { error: `must be in ${min}..${max}` }).max(max, { error: `must be in ${min}..${max}` }).describe(what);

export const OBSERVE_PARTS = ['text', 'json', 'image', 'depth'] as const;

export const TOOL_INPUTS = {
  act: z.strictObject({
    agent,
    text: z.string({ error: 'must be an instruction in words' }).min(1, { error: 'must not be empty' }).max(2000, { error: 'must be at most 2000 characters' })
      .describe('an instruction in words, e.g. "take off and fly to Depot 2", "pick up the parcel", "drive to 12 Elm St"'),
  }),
  observe: z.strictObject({
    agent,
    include: z.array(z.enum(OBSERVE_PARTS, { error: `must be one of ${OBSERVE_PARTS.join(', ')}` }), { error: `must be a list of ${OBSERVE_PARTS.join(', ')}` })
      .min(1, { error: 'must name at least one part' }).max(4, { error: 'must name at most 4 parts' }).optional()
      .describe('which parts to return (default text, json, image): the text description, the JSON observation, the forward camera image (PNG), the depth image (PNG, grey: near is dark)'),
    image_size: whole(IMAGE_SIZE_RANGE.min, IMAGE_SIZE_RANGE.max, 'side of the camera image in pixels (default: the server\'s --image-size)').optional(),
  }),
  wait_until: z.strictObject({
    agent: agent.optional(),
    max_s: z.number({ error: `must be simulated seconds in (0, ${MAX_WAIT_S}]` }).positive({ error: `must be simulated seconds in (0, ${MAX_WAIT_S}]` })
      .max(MAX_WAIT_S, { error: `must be at most ${MAX_WAIT_S} simulated seconds` }).optional()
      .describe(`simulated-time limit of the wait in seconds (default 60, at most ${MAX_WAIT_S})`),
  }),
  describe_world: z.strictObject({}),
  metrics: z.strictObject({}),
  reset: z.strictObject({
    seed: whole(0, 0xffffffff, 'seed of the episode (orders; the city too unless world_seed is given)').optional(),
    world_seed: whole(0, 0xffffffff, 'generate the city from this seed').optional(),
    size: whole(300, 8000, 'side of the generated city, m').optional(),
    drones: whole(0, MAX_FLEET, 'drones in the fleet').optional(),
    robots: whole(0, MAX_FLEET, 'ground robots in the fleet').optional(),
  }),
} as const;

export type ToolInputName = keyof typeof TOOL_INPUTS;
export type ToolInput<N extends ToolInputName> = z.infer<(typeof TOOL_INPUTS)[N]>;

/** The JSON Schema of a tool's input (no "$schema" key, as the vocabulary's). */
export function toolInputJsonSchema(name: ToolInputName): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(TOOL_INPUTS[name], { io: 'input' }) as Record<string, unknown>;
  return rest;
}

/** Checks a tool's arguments; throws AgentError 'invalid_args' naming `tool.field`. */
export function parseToolInput<N extends ToolInputName>(name: N, args: unknown): ToolInput<N> {
  const result = TOOL_INPUTS[name].safeParse(args ?? {});
  if (result.success) return result.data as ToolInput<N>;
  const issue = result.error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    const accepted = Object.keys(TOOL_INPUTS[name].shape);
    throw new AgentError('invalid_args', `${name}.${issue.keys[0]}: unknown argument; accepted: ${accepted.join(', ') || 'no arguments'}`, { field: issue.keys[0], known: accepted });
  }
  const field = issue.path.map(String).join('.') || 'arguments';
  throw new AgentError('invalid_args', `${name}.${field}: ${issue.message}`, { field });
}
