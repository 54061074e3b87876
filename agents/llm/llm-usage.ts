/** Counters of language-model use, for the metrics table: calls, tokens, timeouts, errors. */
import { APIConnectionTimeoutError } from 'openai';

export interface LlmUsage {
  llm_calls: number;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  llm_timeouts: number;
  llm_errors: number;
  malformed_replies: number;
}

export function emptyLlmUsage(): LlmUsage {
  return { llm_calls: 0, prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, llm_timeouts: 0, llm_errors: 0, malformed_replies: 0 };
}

/** Adds the usage block of one completion (absent on some servers, then only the call counts). */
export function countCompletion(usage: LlmUsage, reply: { usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null }): void {
  usage.llm_calls += 1;
  const tokens = reply.usage;
  if (!tokens) return;
  usage.prompt_tokens += tokens.prompt_tokens ?? 0;
  usage.completion_tokens += tokens.completion_tokens ?? 0;
  usage.total_tokens += tokens.total_tokens ?? (tokens.prompt_tokens ?? 0) + (tokens.completion_tokens ?? 0);
}

/** A request that failed: timeouts are counted apart from other errors. */
export function countFailure(usage: LlmUsage, error: unknown): 'timeout' | 'error' {
  usage.llm_calls += 1;
  if (isTimeout(error)) {
    usage.llm_timeouts += 1;
    return 'timeout';
  }
  usage.llm_errors += 1;
  return 'error';
}

export function isTimeout(error: unknown): boolean {
  return error instanceof APIConnectionTimeoutError || (error instanceof Error && /timed? ?out/i.test(error.message));
}

/** Why a language-model request gave no answer: the reason and a message with no secret in it. */
export class LlmRequestError extends Error {
  constructor(readonly reason: 'timeout' | 'error', message: string) {
    super(message);
    this.name = 'LlmRequestError';
  }
}
