/** A model's tool call checked like any other action: JSON arguments, then the vocabulary's schema. */
import { AgentError, type GroundedVerb } from '../session/fleet-session-contract.ts';
import { parseVerb } from '../vocabulary/verb-registry.ts';
import type { VehicleKind, VerbWorldLimits } from '../vocabulary/verb-definition.ts';

/** The parts of a chat-completions tool call this layer reads. */
export interface ChatToolCall {
  id: string;
  type: string;
  function?: { name: string; arguments: string };
}

/** The arguments of a tool call as an object; malformed JSON is an AgentError 'invalid_args' quoting the start of it. */
export function toolCallArguments(call: ChatToolCall): Record<string, unknown> {
  const name = call.function?.name ?? '(no name)';
  const text = call.function?.arguments ?? '';
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new AgentError('invalid_args', `tool call ${name}: arguments are not valid JSON (${(error as Error).message}; starts with ${JSON.stringify(text.slice(0, 60))})`, {
      field: 'arguments',
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AgentError('invalid_args', `tool call ${name}: arguments must be a JSON object; got ${JSON.stringify(parsed).slice(0, 60)}`, { field: 'arguments' });
  }
  return parsed as Record<string, unknown>;
}

/** A tool call as a verb for a vehicle of `kind`; throws the vocabulary's AgentError when it breaks the schema. */
export function parseToolCall(call: ChatToolCall, kind: VehicleKind, limits?: VerbWorldLimits): GroundedVerb {
  if (call.type !== 'function' || !call.function) {
    throw new AgentError('unknown_verb', `tool call ${call.id}: only function calls are accepted (got type ${JSON.stringify(call.type)})`, { field: 'type' });
  }
  return parseVerb(kind, call.function.name, toolCallArguments(call), limits);
}
