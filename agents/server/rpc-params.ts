/**
 * The params of every method as zod schemas (docs/protocol.md). A failed check becomes -32602
 * whose data names the field, what is accepted and what was received; strings are never coerced
 * to numbers and numbers must be finite.
 */
import { z } from 'zod';
import { MAX_STEPS_PER_CALL } from '../session/fleet-session.ts';
import { describeJson, RPC_ERRORS, RpcError } from './json-rpc.ts';

const MAX_ID_LENGTH = 64;
const MAX_TEXT_LENGTH = 2000;
const MAX_FLEET = 64;
/** Nesting deeper than this is refused before any handler sees it (a WorldSpec needs about 6). */
export const MAX_PARAMS_DEPTH = 32;

function whole(min: number, max: number): z.ZodInt {
  const expected = `a whole number in ${min}..${max}`;
  return z.int({ error: expected }).min(min, { error: expected }).max(max, { error: expected });
}

function text(what: string, maxLength: number): z.ZodString {
  const expected = `${what} (a string of 1..${maxLength} characters)`;
  return z.string({ error: expected }).min(1, { error: expected }).max(maxLength, { error: expected });
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T): z.ZodEnum<{ [K in T[number]]: K }> {
  return z.enum(values, { error: `one of ${values.join(', ')}` });
}

const jsonObject = z.record(z.string(), z.unknown(), { error: 'an object' });
const empty = z.strictObject({});

export const PARAM_SCHEMAS = {
  'session.hello': z.strictObject({ client: text('a client name', 200).optional() }),
  'vocabulary.list': z.strictObject({ kind: oneOf(['drone', 'robot']).optional() }),
  'env.reset': z.strictObject({
    seed: whole(0, 0xffffffff),
    world: jsonObject.optional(),
    task: oneOf(['delivery']).optional(),
    fleet: z.strictObject({ drones: whole(0, MAX_FLEET), robots: whole(0, MAX_FLEET) }, { error: 'an object {drones, robots}' }).optional(),
  }),
  'world.describe': empty,
  'world.spec': z.strictObject({ resend: z.boolean({ error: 'true or false' }).optional() }),
  'agent.act': z.strictObject({
    agent: text('an agent id of this session', MAX_ID_LENGTH),
    verb: text('a verb name (vocabulary.list)', MAX_ID_LENGTH).optional(),
    args: jsonObject.optional(),
    text: text('a free-text instruction', MAX_TEXT_LENGTH).optional(),
  }),
  'env.step': z.strictObject({ steps: whole(1, MAX_STEPS_PER_CALL) }),
  'agent.observe': z.strictObject({
    agent: text('an agent id of this session', MAX_ID_LENGTH),
    modalities: z.array(oneOf(['json', 'text', 'vector', 'image']), { error: 'a list of json, text, vector, image' })
      .min(1, { error: 'a non-empty list of json, text, vector, image' }).max(4, { error: 'at most 4 of json, text, vector, image' }).optional(),
  }),
  'metrics.get': empty,
  'stream.subscribe': z.strictObject({ every: whole(1, 100_000).optional(), world: oneOf(['own', 'shared']).optional() }),
  'stream.unsubscribe': z.strictObject({ subscription: text('a subscription id from stream.subscribe', MAX_ID_LENGTH) }),
} as const;

export type MethodName = keyof typeof PARAM_SCHEMAS;
export type MethodParams<M extends MethodName> = z.infer<(typeof PARAM_SCHEMAS)[M]>;
export const METHOD_NAMES = Object.keys(PARAM_SCHEMAS) as MethodName[];

/** Validates `params` for `method`; absent params count as {}. Throws RpcError -32602 naming the field. */
export function parseParams<M extends MethodName>(method: M, params: unknown): MethodParams<M> {
  const value = params === undefined || params === null ? {} : params;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalidParams('params', 'an object of named params (by-position arrays are not accepted)', value);
  }
  checkNumbersAndDepth(value, '', 0);
  const schema = PARAM_SCHEMAS[method];
  const result = schema.safeParse(value);
  if (result.success) {
    if (method === 'agent.act') checkActShape(result.data as MethodParams<'agent.act'>);
    return result.data as MethodParams<M>;
  }
  // A misspelt param explains the missing one, so it is named first.
  const issue = result.error.issues.find((candidate) => candidate.code === 'unrecognized_keys') ?? result.error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const accepted = Object.keys((schema as z.ZodObject).shape);
    const field = [...issue.path.map(String), key].join('.');
    throw invalidParams(field, accepted.length ? `known params: ${accepted.join(', ')}` : 'no params', (value as Record<string, unknown>)[key], `unknown param`);
  }
  const field = issue.path.length ? issue.path.map(String).join('.') : 'params';
  throw invalidParams(field, issue.message, valueAt(value, issue.path));
}

function checkActShape(params: MethodParams<'agent.act'>): void {
  const hasVerb = params.verb !== undefined, hasText = params.text !== undefined;
  if (hasVerb === hasText) {
    throw invalidParams(hasVerb ? 'text' : 'verb', 'either {agent, verb, args?} or {agent, text}, not both and not neither', hasVerb ? params.text : undefined);
  }
  if (hasText && params.args !== undefined) throw invalidParams('args', 'args only with a verb, not with text', params.args);
}

/** JSON has no NaN, but 1e400 parses to Infinity: refuse it anywhere in params, and deep nesting. */
function checkNumbersAndDepth(value: unknown, path: string, depth: number): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalidParams(path || 'params', 'a finite number (within ±1.8e308)', value);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth >= MAX_PARAMS_DEPTH) throw invalidParams(path || 'params', `nesting at most ${MAX_PARAMS_DEPTH} levels deep`, value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) checkNumbersAndDepth(value[i], `${path}.${i}`.replace(/^\./, ''), depth + 1);
  } else {
    for (const key of Object.keys(value)) checkNumbersAndDepth((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key, depth + 1);
  }
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

export function invalidParams(field: string, expected: string, received: unknown, what = 'not accepted'): RpcError {
  return new RpcError(RPC_ERRORS.invalidParams, `invalid params: ${field}: ${describeJson(received)} ${what}; accepted: ${expected}`, {
    field, expected, received: describeJson(received),
  });
}
