/**
 * The messages of one LLM agent turn: a system prompt (who the agent is, the rules, the places),
 * the observation (text, and the camera image for vision models), and tool results. Pure
 * functions, so what the model sees can be tested without a model.
 */
import type OpenAI from 'openai';
import type { ActResult, AgentObservation, WorldDescription } from '../session/fleet-session-contract.ts';
import type { VehicleKind } from '../vocabulary/verb-definition.ts';

type ChatMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;
type ContentPart = OpenAI.Chat.Completions.ChatCompletionContentPart;

/** Places named in the system prompt; the rest can still be reached by name or address. */
export const PROMPT_PLACE_COUNT = 60;
/** Outcomes of earlier turns repeated to the model, newest last. */
export const REMEMBERED_OUTCOMES = 6;

export function agentSystemPrompt(agent: string, kind: VehicleKind, world: WorldDescription): string {
  const places = world.places.slice(0, PROMPT_PLACE_COUNT).map((place) => `${place.name} (${place.kind})`);
  return [
    `You are ${agent}, a delivery ${kind === 'drone' ? 'quadcopter drone' : 'ground robot'} in a simulated city. You act only by calling tools.`,
    'Call one tool that starts a task (fly_to, drive_to, takeoff, land, goto, ...) per turn; say may come before it.',
    'A task keeps running without you; you are asked again when it ends or a message arrives.',
    'If a tool call is rejected, read the error (it lists accepted values and the closest matches) and correct the call.',
    'Coordinates are metres: x east, y north, z up.',
    `World bounds: x ${world.bounds.minX}..${world.bounds.maxX}, y ${world.bounds.minY}..${world.bounds.maxY}.`,
    `Places (addresses like "12 Elm St" and descriptions like "the tallest building" work too): ${places.join(', ')}.`,
  ].join('\n');
}

/** The observation as a user message: the text description, recent outcomes, and the RGB image when `vision` is on. */
export function observationMessage(observation: AgentObservation, recentOutcomes: readonly string[], vision: boolean): ChatMessage {
  const lines = [
    `Step ${observation.step}, t = ${observation.t.toFixed(2)} s.`,
    observation.text ?? JSON.stringify(observation.json ?? {}),
  ];
  if (recentOutcomes.length > 0) lines.push(`Your recent actions:\n${recentOutcomes.map((outcome) => `- ${outcome}`).join('\n')}`);
  lines.push('What do you do next?');
  const text = lines.join('\n');
  if (!vision || !observation.image) return { role: 'user', content: text };
  const parts: ContentPart[] = [
    { type: 'text', text },
    { type: 'image_url', image_url: { url: `data:image/png;base64,${observation.image.rgbPngBase64}`, detail: 'low' } },
  ];
  return { role: 'user', content: parts };
}

/** What the model reads back after a call: the accepted action or the error with its options. */
export function toolResultContent(outcome: { ok: true; result: ActResult } | { ok: false; code: string; message: string; known?: string[]; closest?: string[] } | { ok: false; skipped: string }): string {
  if (outcome.ok) return JSON.stringify({ ok: true, actions: outcome.result.actions, skill: outcome.result.skill });
  if ('skipped' in outcome) return JSON.stringify({ ok: false, skipped: outcome.skipped });
  return JSON.stringify({
    ok: false, error: outcome.code, message: outcome.message,
    ...(outcome.closest && outcome.closest.length > 0 ? { closest: outcome.closest } : {}),
    ...(outcome.known && outcome.known.length > 0 ? { known: outcome.known.slice(0, 30) } : {}),
  });
}

/** A message as the transcript keeps it: images replaced by a note of their size, no secrets. */
export function transcriptContent(message: ChatMessage, scrub: (text: string) => string): unknown {
  const content = (message as { content?: unknown }).content;
  if (typeof content === 'string') return scrub(content);
  if (!Array.isArray(content)) return content ?? null;
  return content.map((part: ContentPart | { type: string; text?: string }) =>
    part.type === 'image_url' ? { type: 'image_url', image_url: '[png image, base64 omitted]' } : part.type === 'text' ? { type: 'text', text: scrub((part as { text: string }).text) } : part,
  );
}
