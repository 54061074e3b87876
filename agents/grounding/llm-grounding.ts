/**
 * Free text to verbs by a language model: one chat-completions call with the vocabulary as
 * tools. Every tool call is checked by the vocabulary and its places by the world's index, so a
 * model cannot get past what the rules would refuse.
 */
import { AgentError, type GroundedVerb } from '../session/fleet-session-contract.ts';
import { openAiToolDefinitions } from '../vocabulary/verb-registry.ts';
import { createChatClient, scrubSecret, type LlmOptions } from '../llm/llm-options.ts';
import { countCompletion, countFailure, emptyLlmUsage, LlmRequestError, type LlmUsage } from '../llm/llm-usage.ts';
import { parseToolCall } from '../llm/tool-call-parsing.ts';
import { resolvePlace } from './place-resolver.ts';
import type { GroundingContext } from './ground-text.ts';

/** Places listed to the model; more would cost tokens without helping it pick. */
const PLACES_IN_PROMPT = 60;

function groundingPrompt(context: GroundingContext): string {
  const [x, y, z] = context.agentPosition;
  return [
    `You turn an instruction for a ${context.agentKind} in a delivery city into actions.`,
    'Call one tool per action, in the order they should run. Use only the tools given; do not answer in prose.',
    `The ${context.agentKind} is at x=${x.toFixed(1)} m (east), y=${y.toFixed(1)} m (north), z=${z.toFixed(1)} m (up).`,
    `Other agents: ${context.agentIds.join(', ') || 'none'}.`,
    `Places (a place may also be an address like "12 Elm St" or a description like "the tallest building"): ${context.places.names().slice(0, PLACES_IN_PROMPT).join(', ')}.`,
  ].join('\n');
}

/** Place arguments become the name the world knows them by, or an AgentError 'unknown_place'. */
function groundPlaces(verb: GroundedVerb, context: GroundingContext): GroundedVerb {
  if (typeof verb.args.place !== 'string') return verb;
  const place = resolvePlace(verb.args.place, context.places, context.agentPosition, context.home);
  return { verb: verb.verb, args: { ...verb.args, place: place.name } };
}

/**
 * Grounds `text` with one model call. Throws AgentError for a reply that names no action or a
 * tool call that breaks the vocabulary, and LlmRequestError('timeout' | 'error') when no reply came.
 */
export async function groundTextWithLlm(text: string, context: GroundingContext, llm: LlmOptions, usage: LlmUsage = emptyLlmUsage()): Promise<GroundedVerb[]> {
  if (typeof text !== 'string' || text.trim() === '') throw new AgentError('invalid_args', 'text: must not be empty', { field: 'text' });
  const client = createChatClient(llm);
  let completion;
  try {
    completion = await client.chat.completions.create({
      model: llm.model,
      messages: [
        { role: 'system', content: groundingPrompt(context) },
        { role: 'user', content: text },
      ],
      tools: openAiToolDefinitions(context.agentKind),
      ...(llm.temperature !== undefined ? { temperature: llm.temperature } : {}),
      ...(llm.seed !== undefined ? { seed: llm.seed } : {}),
    });
  } catch (error) {
    const reason = countFailure(usage, error);
    const message = error instanceof Error ? error.message : String(error);
    throw new LlmRequestError(reason, scrubSecret(`llm grounding: ${reason === 'timeout' ? `no reply within ${llm.timeoutMs} ms` : 'the request failed'} (${message})`, llm));
  }
  countCompletion(usage, completion);
  const message = completion.choices?.[0]?.message;
  const calls = message?.tool_calls ?? [];
  if (calls.length === 0) {
    usage.malformed_replies += 1;
    const said = typeof message?.content === 'string' ? message.content.slice(0, 120) : '';
    throw new AgentError('unknown_verb', `llm grounding: the model called no tool for "${text}"${said ? ` (it said ${JSON.stringify(said)})` : ''}`, { field: 'text' });
  }
  const limits = { bounds: context.world.spec.bounds };
  try {
    return calls.map((call) => groundPlaces(parseToolCall(call, context.agentKind, limits), context));
  } catch (error) {
    if (error instanceof AgentError && error.code === 'invalid_args') usage.malformed_replies += 1;
    throw error;
  }
}
