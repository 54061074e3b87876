/**
 * The action vocabulary: every verb in one list (adding a verb is one file plus one line here),
 * validation of `{verb, args}` for a vehicle kind, and the vocabulary published as JSON Schema
 * and as OpenAI chat-completions tool definitions.
 */
import { z } from 'zod';
import { AgentError, type GroundedVerb } from '../session/fleet-session-contract.ts';
import { closestWords } from './closest-words.ts';
import { kindsOf, VEHICLE_KINDS, type VehicleKind, type VerbDefinition, type VerbWorldLimits } from './verb-definition.ts';
import { MOTORS_VERB } from './motors-verb.ts';
import { WHEELS_VERB } from './wheels-verb.ts';
import { RATES_VERB } from './rates-verb.ts';
import { VELOCITY_VERB } from './velocity-verb.ts';
import { GOTO_VERB } from './goto-verb.ts';
import { TAKEOFF_VERB } from './takeoff-verb.ts';
import { LAND_VERB } from './land-verb.ts';
import { HOVER_VERB } from './hover-verb.ts';
import { FLY_TO_VERB } from './fly-to-verb.ts';
import { DRIVE_TO_VERB } from './drive-to-verb.ts';
import { PICK_UP_VERB } from './pick-up-verb.ts';
import { DROP_OFF_VERB } from './drop-off-verb.ts';
import { FOLLOW_VERB } from './follow-verb.ts';
import { WAIT_VERB } from './wait-verb.ts';
import { SAY_VERB } from './say-verb.ts';

/** Every verb, lowest rung first. */
export const VERBS: readonly VerbDefinition[] = [
  MOTORS_VERB, WHEELS_VERB, RATES_VERB, VELOCITY_VERB, GOTO_VERB,
  TAKEOFF_VERB, LAND_VERB, HOVER_VERB, FLY_TO_VERB, DRIVE_TO_VERB, PICK_UP_VERB, DROP_OFF_VERB, FOLLOW_VERB, WAIT_VERB, SAY_VERB,
];

export const VERB_NAMES: readonly string[] = VERBS.map((verb) => verb.name);

const VERB_BY_NAME = new Map(VERBS.map((verb) => [verb.name, verb]));

/** The same job on the other kind of vehicle, offered when a verb does not apply. */
const COUNTERPART: Readonly<Record<string, string>> = { wheels: 'motors', motors: 'wheels', fly_to: 'drive_to', drive_to: 'fly_to', rates: 'velocity' };

export function verbDefinition(name: string): VerbDefinition | undefined {
  return VERB_BY_NAME.get(name);
}

/** The verbs a vehicle kind accepts, lowest rung first. */
export function verbsFor(kind: VehicleKind): string[] {
  checkKind(kind);
  return VERBS.filter((verb) => verb.args[kind] !== undefined).map((verb) => verb.name);
}

function checkKind(kind: string): asserts kind is VehicleKind {
  if (!(VEHICLE_KINDS as readonly string[]).includes(kind)) {
    throw new AgentError('invalid_args', `kind: ${JSON.stringify(kind)} is not a vehicle kind; accepted: ${VEHICLE_KINDS.join(', ')}`, {
      field: 'kind', known: [...VEHICLE_KINDS],
    });
  }
}

/** "Fly-To", "fly to" and "flyTo" all name fly_to. */
function canonicalVerbName(text: string): string {
  return text.trim().replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase().replace(/[\s-]+/g, '_');
}

/** ["values", 2] → "values[2]"; ["place"] → "place". */
function jsonPath(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i > 0 ? '.' : ''}${String(part)}`)).join('');
}

/**
 * Checks `{verb, args}` for a vehicle of `kind` and returns the verb with its parsed args (text
 * trimmed, optional args left out). Throws AgentError 'unknown_verb' (with the kind's verbs and the
 * closest), 'not_applicable' (the verb is for another kind) or 'invalid_args' (details.field is the path).
 */
export function parseVerb(kind: VehicleKind, verb: string, args: unknown, limits?: VerbWorldLimits): GroundedVerb {
  checkKind(kind);
  const known = verbsFor(kind);
  if (typeof verb !== 'string' || verb.trim() === '') {
    throw new AgentError('unknown_verb', `verb: must be a verb name; accepted for a ${kind}: ${known.join(', ')}`, { field: 'verb', known, closest: [] });
  }
  const name = canonicalVerbName(verb);
  const definition = VERB_BY_NAME.get(name);
  if (!definition) {
    const closest = closestWords(name, known);
    throw new AgentError(
      'unknown_verb',
      `verb: "${verb}" is not a verb; closest: ${closest.join(', ')}; accepted for a ${kind}: ${known.join(', ')}`,
      { field: 'verb', known, closest },
    );
  }
  const schema = definition.args[kind];
  if (!schema) {
    const kinds = kindsOf(definition);
    const counterpart = COUNTERPART[name];
    const closest = counterpart && known.includes(counterpart) ? [counterpart] : closestWords(name, known);
    throw new AgentError(
      'not_applicable',
      `verb: ${name} applies to ${kinds.map((k) => `a ${k}`).join(' or ')}, not a ${kind}${counterpart && known.includes(counterpart) ? `; a ${kind} uses ${counterpart}` : ''}; accepted for a ${kind}: ${known.join(', ')}`,
      { field: 'verb', known, closest },
    );
  }
  const result = schema.safeParse(args === undefined || args === null ? {} : args);
  if (!result.success) {
    const issue = result.error.issues[0];
    const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const field = unknownKey ?? jsonPath(issue.path);
    throw new AgentError('invalid_args', `${name}${field ? `.${field}` : ''}: ${issue.message}`, { field: field || 'args' });
  }
  const parsed = result.data as Record<string, unknown>;
  const worldProblem = limits && definition.checkWorld?.(kind, parsed, limits);
  if (worldProblem) throw new AgentError('invalid_args', `${name}.${worldProblem.field}: ${worldProblem.message}`, { field: worldProblem.field });
  return { verb: name, args: parsed };
}

/** The JSON Schema of one verb's args for a kind (no "$schema" key, ready to embed). */
export function verbArgsJsonSchema(definition: VerbDefinition, kind: VehicleKind): Record<string, unknown> {
  const schema = definition.args[kind];
  if (!schema) throw new Error(`vocabulary: ${definition.name} has no args for a ${kind}`);
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  return rest;
}

export interface VocabularyEntry {
  verb: string;
  rung: VerbDefinition['rung'];
  kinds: VehicleKind[];
  description: string;
  /** JSON Schema of the args, per kind the verb applies to. */
  args: Partial<Record<VehicleKind, Record<string, unknown>>>;
}

/** Every verb as plain JSON: rung, kinds, description and args schema per kind (what `vocabulary.list` returns). */
export function vocabularyList(kind?: VehicleKind): VocabularyEntry[] {
  if (kind !== undefined) checkKind(kind);
  return VERBS.filter((verb) => kind === undefined || verb.args[kind] !== undefined).map((verb) => ({
    verb: verb.name,
    rung: verb.rung,
    kinds: kindsOf(verb),
    description: verb.description,
    args: Object.fromEntries(kindsOf(verb).map((k) => [k, verbArgsJsonSchema(verb, k)])),
  }));
}

/** A JSON Schema (draft 2020-12) of an action `{verb, args}`: one alternative per verb and kind. */
export function vocabularyJsonSchema(): Record<string, unknown> {
  const alternatives = VERBS.flatMap((verb) =>
    kindsOf(verb).map((kind) => ({
      title: `${verb.name} (${kind})`,
      description: verb.description,
      'x-skyline-rung': verb.rung,
      'x-skyline-kind': kind,
      type: 'object',
      properties: { verb: { const: verb.name }, args: verbArgsJsonSchema(verb, kind) },
      required: ['verb'],
      additionalProperties: false,
    })),
  );
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://skyline.local/schemas/vocabulary.schema.json',
    title: 'Skyline action vocabulary',
    description: 'An action is {verb, args}; which alternatives apply depends on the vehicle kind (x-skyline-kind).',
    oneOf: alternatives,
  };
}

export interface OpenAiToolDefinition {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

export interface ToolDefinitionOptions {
  /** When one conversation commands several agents, every tool takes a required `agent` among these ids. */
  agentIds?: readonly string[];
}

/** Merges the per-kind object schemas of a verb: every property, required only where every kind requires it. */
function mergedParameters(verb: VerbDefinition, kinds: readonly VehicleKind[]): Record<string, unknown> {
  const schemas = kinds.map((kind) => verbArgsJsonSchema(verb, kind));
  if (schemas.length === 1) return schemas[0];
  const properties: Record<string, unknown> = {};
  for (const schema of schemas) Object.assign(properties, schema.properties as Record<string, unknown>);
  const requiredLists = schemas.map((schema) => (schema.required as string[] | undefined) ?? []);
  const required = requiredLists[0].filter((name) => requiredLists.every((list) => list.includes(name)));
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
}

/** The chat-completions `tools` array: one function per verb (for `kind`, or every verb). */
export function openAiToolDefinitions(kind?: VehicleKind, options: ToolDefinitionOptions = {}): OpenAiToolDefinition[] {
  if (kind !== undefined) checkKind(kind);
  return VERBS.filter((verb) => kind === undefined || verb.args[kind] !== undefined).map((verb) => {
    const kinds = kind === undefined ? kindsOf(verb) : [kind];
    const parameters = mergedParameters(verb, kinds);
    if (options.agentIds && options.agentIds.length > 0) {
      const properties = { agent: { type: 'string', enum: [...options.agentIds], description: 'the agent that acts' }, ...(parameters.properties as object) };
      const required = ['agent', ...((parameters.required as string[] | undefined) ?? [])];
      Object.assign(parameters, { properties, required });
    }
    const applies = kind === undefined ? ` (${kinds.join(', ')})` : '';
    return { type: 'function', function: { name: verb.name, description: `${verb.description}${applies}`, parameters } };
  });
}
