/**
 * The LLM/VLM agent: on each decide(), every idle agent (no running skill) or agent with new
 * messages gets one turn. The model sees the text observation (and the camera image when vision
 * is on) with the vocabulary as tools; its tool calls go to session.act, and a rejection goes back
 * to it as the tool result for a bounded number of corrections. Time limits, HTTP retries, token
 * counts and a transcript of every message (never the key) come with it.
 */
import type OpenAI from 'openai';
import { AgentError, type AgentObservation, type FleetAgentDriver, type FleetSession } from '../session/fleet-session-contract.ts';
import { openAiToolDefinitions } from '../vocabulary/verb-registry.ts';
import type { VehicleKind } from '../vocabulary/verb-definition.ts';
import { createChatClient, llmOptionsFromEnvironment, scrubSecret, type LlmOptions } from './llm-options.ts';
import { countCompletion, countFailure, emptyLlmUsage } from './llm-usage.ts';
import { parseToolCall, type ChatToolCall } from './tool-call-parsing.ts';
import { agentSystemPrompt, observationMessage, REMEMBERED_OUTCOMES, toolResultContent, transcriptContent } from './agent-turn-messages.ts';

type ChatMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;

export interface LlmAgentDriverOptions extends Partial<LlmOptions> {
  session: FleetSession;
  /** The agents this driver decides for (default: every agent of the session). */
  agents?: string[];
  /** Attach the forward camera's RGB image to each observation (for vision models). */
  vision?: boolean;
  /** Corrections allowed per turn after a rejected or malformed tool call (default 2). */
  maxCorrections?: number;
  /** Where OPENAI_BASE_URL, OPENAI_API_KEY and SKYLINE_MODEL are read (default: the process environment). */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface TranscriptEntry {
  agent: string;
  step: number;
  t: number;
  role: 'system' | 'user' | 'assistant' | 'tool' | 'error';
  content: unknown;
  tool_calls?: { id: string; name: string; arguments: string }[];
  tool_call_id?: string;
}

export const DEFAULT_MAX_CORRECTIONS = 2;

interface AgentMemory {
  outcomes: string[];
  /** Inbox messages already shown to the model (the session repeats the latest ones). */
  seenMessages: Set<string>;
}

/** The messages in an observation's inbox, as keys that identify each one. */
function inboxKeys(observation: AgentObservation): string[] {
  const json = observation.json ?? {};
  const inbox = (json.inbox ?? json.messages) as unknown;
  if (!Array.isArray(inbox)) return [];
  return inbox.map((message) => JSON.stringify(message));
}

/** Whether an agent needs a turn: no skill running, or messages it has not been shown yet. */
export function agentNeedsTurn(observation: AgentObservation, seenMessages: ReadonlySet<string> = new Set()): boolean {
  if (inboxKeys(observation).some((key) => !seenMessages.has(key))) return true;
  const skill = observation.json?.skill;
  return skill === null || skill === undefined || skill === '';
}

function kindOf(agent: string, observation: AgentObservation): VehicleKind {
  const kind = observation.json?.kind;
  if (kind === 'drone' || kind === 'robot') return kind;
  return agent.startsWith('robot') ? 'robot' : 'drone';
}

/** The driver with its transcript typed. */
export interface LlmAgentDriver extends FleetAgentDriver {
  transcript(): TranscriptEntry[];
}

export function createLlmAgentDriver(options: LlmAgentDriverOptions): LlmAgentDriver {
  const { session, agents, vision = false, maxCorrections = DEFAULT_MAX_CORRECTIONS, env, ...llmOverrides } = options;
  const llm = llmOptionsFromEnvironment(llmOverrides, env);
  // Without an endpoint or a key every call would fail against the public default; say so once, up front.
  if (!llm.baseURL && !llm.apiKey) {
    throw new RangeError('llm agent: no language model configured; set OPENAI_BASE_URL (an OpenAI-compatible server) and/or OPENAI_API_KEY');
  }
  if (!Number.isInteger(maxCorrections) || maxCorrections < 0 || maxCorrections > 10) {
    throw new RangeError(`maxCorrections: ${maxCorrections} is out of range; accepted: whole numbers 0..10`);
  }
  const client = createChatClient(llm);
  const scrub = (text: string): string => scrubSecret(text, llm);
  const usage = emptyLlmUsage();
  const counters = { turns: 0, actions_sent: 0, actions_rejected: 0, corrections: 0, agents_busy: 0 };
  const transcript: TranscriptEntry[] = [];
  const memory = new Map<string, AgentMemory>();

  const record = (agent: string, observation: AgentObservation, entry: Omit<TranscriptEntry, 'agent' | 'step' | 't'>): void => {
    transcript.push({ agent, step: observation.step, t: observation.t, ...entry });
  };

  const memoryOf = (agent: string): AgentMemory => {
    let entry = memory.get(agent);
    if (!entry) {
      entry = { outcomes: [], seenMessages: new Set() };
      memory.set(agent, entry);
    }
    return entry;
  };

  const remember = (agent: string, outcome: string): void => {
    const entry = memoryOf(agent);
    entry.outcomes.push(scrub(outcome));
    if (entry.outcomes.length > REMEMBERED_OUTCOMES) entry.outcomes.shift();
  };

  /** Runs a reply's tool calls in order until one starts a skill; answers every call id as the protocol requires. */
  async function runToolCalls(agent: string, kind: VehicleKind, calls: ChatToolCall[], observation: AgentObservation, messages: ChatMessage[]): Promise<boolean> {
    let rejected = false;
    let started = false;
    for (const call of calls) {
      let content: string;
      if (rejected || started) {
        content = toolResultContent({ ok: false, skipped: rejected ? 'an earlier call in this reply was rejected' : 'one task per turn; you will be asked again when it ends' });
      } else {
        try {
          const grounded = parseToolCall(call, kind);
          const result = await session.act({ agent, verb: grounded.verb, args: grounded.args });
          counters.actions_sent += 1;
          started = result.skill !== null;
          content = toolResultContent({ ok: true, result });
          remember(agent, `${grounded.verb} ${JSON.stringify(grounded.args)} → accepted${result.skill ? ` (running: ${result.skill})` : ''}`);
        } catch (error) {
          if (!(error instanceof AgentError)) throw error;
          counters.actions_rejected += 1;
          if (error.details.field === 'arguments') usage.malformed_replies += 1;
          rejected = true;
          content = toolResultContent({ ok: false, code: error.code, message: error.message, known: error.details.known, closest: error.details.closest });
          remember(agent, `${call.function?.name ?? '?'} ${call.function?.arguments ?? ''} → rejected: ${error.message}`);
        }
      }
      const message: ChatMessage = { role: 'tool', tool_call_id: call.id, content: scrub(content) };
      messages.push(message);
      record(agent, observation, { role: 'tool', tool_call_id: call.id, content: message.content });
    }
    return rejected;
  }

  async function takeTurn(agent: string, observation: AgentObservation): Promise<void> {
    const kind = kindOf(agent, observation);
    counters.turns += 1;
    const messages: ChatMessage[] = [
      { role: 'system', content: agentSystemPrompt(agent, kind, session.describeWorld()) },
      observationMessage(observation, memoryOf(agent).outcomes, vision),
    ];
    for (const message of messages) record(agent, observation, { role: message.role as 'system' | 'user', content: transcriptContent(message, scrub) });
    const tools = openAiToolDefinitions(kind);
    for (let attempt = 0; attempt <= maxCorrections; attempt++) {
      if (attempt > 0) counters.corrections += 1;
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      try {
        completion = await client.chat.completions.create({
          model: llm.model,
          messages,
          tools,
          ...(llm.temperature !== undefined ? { temperature: llm.temperature } : {}),
          ...(llm.seed !== undefined ? { seed: llm.seed } : {}),
        });
      } catch (error) {
        const reason = countFailure(usage, error);
        const detail = error instanceof Error ? error.message : String(error);
        record(agent, observation, { role: 'error', content: scrub(`${reason === 'timeout' ? `no reply within ${llm.timeoutMs} ms` : 'request failed'}: ${detail}`) });
        return; // the agent's running skill (or hover) carries on; it is asked again next decide()
      }
      countCompletion(usage, completion);
      const reply = completion.choices?.[0]?.message;
      if (!reply) {
        usage.malformed_replies += 1;
        record(agent, observation, { role: 'error', content: 'malformed reply: no choices' });
        continue;
      }
      const calls = (reply.tool_calls ?? []) as ChatToolCall[];
      messages.push({
        role: 'assistant', content: reply.content ?? null,
        ...(calls.length > 0 ? { tool_calls: reply.tool_calls } : {}),
      } as ChatMessage);
      record(agent, observation, {
        role: 'assistant', content: reply.content === null || reply.content === undefined ? null : scrub(reply.content),
        ...(calls.length > 0 ? { tool_calls: calls.map((call) => ({ id: call.id, name: call.function?.name ?? '', arguments: scrub(call.function?.arguments ?? '') })) } : {}),
      });
      if (calls.length === 0) return; // the model chose to do nothing this turn
      const rejected = await runToolCalls(agent, kind, calls, observation, messages);
      if (!rejected) return;
    }
  }

  return {
    name: `llm:${llm.model}`,
    async decide(): Promise<void> {
      const ids = agents ?? session.agentIds();
      for (const agent of ids) {
        const observation = session.observe(agent, vision ? ['json', 'text', 'image'] : ['json', 'text']);
        const seen = memoryOf(agent).seenMessages;
        if (!agentNeedsTurn(observation, seen)) {
          counters.agents_busy += 1;
          continue;
        }
        for (const key of inboxKeys(observation)) seen.add(key);
        await takeTurn(agent, observation);
      }
    },
    metrics(): Record<string, number> {
      return { ...usage, ...counters };
    },
    transcript(): TranscriptEntry[] {
      return transcript.map((entry) => ({ ...entry }));
    },
  };
}
