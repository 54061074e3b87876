/**
 * The LLM/VLM agent for search and navigate: whenever the drone is idle it gets one turn with the
 * task's instruction, the text observation, its recent actions and (search) the search camera's
 * RGB image (episode-pictures.ts); the vocabulary's tools plus `found` (search). Tool calls go to the session; a
 * rejected call goes back to the model once for correction. Tokens, latency and a transcript
 * (images replaced by a note) come with it; the key is never written anywhere.
 */
import type OpenAI from 'openai';
import {
  AgentError, createChatClient, openAiToolDefinitions, parseToolCall, scrubSecret, type ChatToolCall, type LlmOptions,
  type WorldDescription,
} from '../../agents/index.ts';
import type { GoalTask } from '../tasks/goal-task.ts';
import { SEARCH_CAMERA, searchCameraPng } from '../episode/episode-pictures.ts';
import { latencySummary } from '../episode/episode-result.ts';
import type { GoalAgent, GoalEpisodeView } from './goal-agent.ts';

type ChatMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;

export interface LlmGoalAgentOptions {
  llm: LlmOptions;
  /** Attach the camera image (default: true for search, false for navigate). */
  vision?: boolean;
  /** Side of the square camera image, pixels. */
  imageSize?: number;
  /** Most turns (model calls) per episode. */
  maxTurns?: number;
}

export const DEFAULT_IMAGE_SIZE = 128;
export const DEFAULT_MAX_TURNS = 40;
const REMEMBERED = 6;
const MAX_CORRECTIONS = 1;

/** The `found` tool offered on search (an OpenAI tool definition). */
export const FOUND_TOOL_DEFINITION = {
  type: 'function' as const,
  function: {
    name: 'found',
    description: 'Declare that the object you were asked to find is right here, below or in front of you. Ends the episode.',
    parameters: { type: 'object', properties: {}, additionalProperties: false },
  },
};

export function createLlmGoalAgent(options: LlmGoalAgentOptions): GoalAgent {
  const client = createChatClient(options.llm);
  const scrub = (text: string): string => scrubSecret(text, options.llm);
  const maxTurns = options.maxTurns ?? DEFAULT_MAX_TURNS;
  const latencies: number[] = [];
  const usage = { llm_calls: 0, llm_errors: 0, llm_timeouts: 0, prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, turns: 0, actions_rejected_by_session: 0, images_sent: 0 };
  const outcomes: string[] = [];
  const transcript: unknown[] = [];
  const remember = (outcome: string): void => {
    outcomes.push(scrub(outcome));
    if (outcomes.length > REMEMBERED) outcomes.shift();
  };

  return {
    name: `llm:${options.llm.model}`,
    async decide(view: GoalEpisodeView): Promise<void> {
      const { session, drone, task } = view;
      if (session.skillOf(drone) !== null || usage.turns >= maxTurns) return;
      usage.turns += 1;
      const vision = options.vision ?? task.name === 'search';
      const observation = session.observe(drone, ['text']);
      const text = [
        observation.text ?? '',
        outcomes.length > 0 ? `Your recent actions:\n${outcomes.map((o) => `- ${o}`).join('\n')}` : '',
        'What do you do next?',
      ].filter(Boolean).join('\n');
      let user: ChatMessage = { role: 'user', content: text };
      if (vision) {
        const png = await searchCameraPng(session.fleetEnv, drone, options.imageSize ?? DEFAULT_IMAGE_SIZE);
        usage.images_sent += 1;
        user = { role: 'user', content: [{ type: 'text', text }, { type: 'image_url', image_url: { url: `data:image/png;base64,${png}`, detail: 'low' } }] };
      }
      const messages: ChatMessage[] = [{ role: 'system', content: systemPrompt(view) }, user];
      transcript.push({ t: observation.t, role: 'user', content: text, image: vision });
      const tools = [...openAiToolDefinitions('drone'), ...(task.endVerb === 'found' ? [FOUND_TOOL_DEFINITION] : [])];
      for (let attempt = 0; attempt <= MAX_CORRECTIONS; attempt++) {
        const started = performance.now();
        let completion: OpenAI.Chat.Completions.ChatCompletion;
        try {
          completion = await client.chat.completions.create({
            model: options.llm.model, messages, tools,
            ...(options.llm.temperature !== undefined ? { temperature: options.llm.temperature } : {}),
            ...(options.llm.seed !== undefined ? { seed: options.llm.seed } : {}),
          });
        } catch (error) {
          usage.llm_calls += 1;
          latencies.push(performance.now() - started);
          const timeout = error instanceof Error && /timed? ?out/i.test(error.message);
          if (timeout) usage.llm_timeouts += 1;
          else usage.llm_errors += 1;
          transcript.push({ t: observation.t, role: 'error', content: scrub(error instanceof Error ? error.message : String(error)) });
          return;
        }
        usage.llm_calls += 1;
        latencies.push(performance.now() - started);
        usage.prompt_tokens += completion.usage?.prompt_tokens ?? 0;
        usage.completion_tokens += completion.usage?.completion_tokens ?? 0;
        usage.total_tokens += completion.usage?.total_tokens ?? (completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0);
        const reply = completion.choices?.[0]?.message;
        const calls = (reply?.tool_calls ?? []) as ChatToolCall[];
        transcript.push({ t: observation.t, role: 'assistant', content: reply?.content ? scrub(reply.content) : null, tool_calls: calls.map((c) => ({ name: c.function?.name, arguments: scrub(c.function?.arguments ?? '') })) });
        if (!reply || calls.length === 0) return;
        messages.push({ role: 'assistant', content: reply.content ?? null, tool_calls: reply.tool_calls } as ChatMessage);
        const call = calls[0];
        let result: string;
        let rejected = false;
        if (call.function?.name === 'found' && task.endVerb === 'found') {
          view.declare();
          result = JSON.stringify({ ok: true, ended: true });
          remember('found → the episode ends');
        } else {
          try {
            const verb = parseToolCall(call, 'drone', { bounds: session.fleetEnv.spec.bounds });
            const accepted = await session.act({ agent: drone, verb: verb.verb, args: verb.args });
            result = JSON.stringify({ ok: true, skill: accepted.skill });
            remember(`${verb.verb} ${JSON.stringify(verb.args)} → accepted`);
          } catch (error) {
            if (!(error instanceof AgentError)) throw error;
            rejected = true;
            usage.actions_rejected_by_session += 1;
            result = JSON.stringify({ ok: false, error: error.code, message: error.message, closest: error.details.closest ?? [] });
            remember(`${call.function?.name ?? '?'} ${call.function?.arguments ?? ''} → rejected: ${error.message}`);
          }
        }
        for (const other of calls) {
          messages.push({ role: 'tool', tool_call_id: other.id, content: scrub(other === call ? result : JSON.stringify({ ok: false, skipped: 'one call per turn' })) });
        }
        if (!rejected) return;
      }
    },
    metrics(): Record<string, number> {
      return { ...usage, ...latencySummary(latencies) };
    },
    transcript: () => transcript.map((entry) => ({ ...(entry as object) })),
  };
}

function systemPrompt(view: GoalEpisodeView): string {
  return goalTaskPrompt({ drone: view.drone, task: view.task, instruction: view.instruction, world: view.session.describeWorld() });
}

/**
 * What a model is told about a goal episode: who it is, the instruction, how it is judged, the
 * camera, the bounds and the places. Pure, so another transport (an MCP prompt) can offer the same text.
 */
export function goalTaskPrompt(options: { drone: string; task: Pick<GoalTask, 'endVerb' | 'rules'>; instruction: string; world: WorldDescription }): string {
  const { drone, task, instruction, world } = options;
  const places = world.places.slice(0, 60).map((place) => `${place.name} (${place.kind})`);
  return [
    `You are ${drone}, a quadcopter drone in a simulated city. You act only by calling tools, one per turn.`,
    `Your task: ${instruction}`,
    task.rules,
    task.endVerb === 'found' ? `Each turn you see your camera image (${SEARCH_CAMERA.fovDeg}° wide, tilted ${-SEARCH_CAMERA.pitchDeg}° down, facing where you fly: the bottom edge is behind straight down). Fly low and slow enough to see the object; goto {x, y, z} flies straight, so climb above roofs first.` : 'fly_to {place} cruises at a safe altitude and lands on the place; goto and land give finer control.',
    'A task keeps running without you; you are asked again when it ends. Coordinates are metres: x east, y north, z up.',
    `World bounds: x ${world.bounds.minX}..${world.bounds.maxX}, y ${world.bounds.minY}..${world.bounds.maxY}.`,
    `Places: ${places.join(', ')}.`,
  ].join('\n');
}
