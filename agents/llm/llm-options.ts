/**
 * How to reach a chat-completions endpoint: model, base URL, key, time limit and retries. The
 * key comes from the environment (OPENAI_API_KEY) or the caller, never from files, and every
 * text that leaves this layer goes through `scrubSecret` first.
 */
import OpenAI from 'openai';
import { DEFAULT_WORLD_MODEL, isLlmConfigured } from '../../worlds/index.ts';

export interface LlmOptions {
  model: string;
  baseURL?: string;
  apiKey?: string;
  /** Time limit of one request, milliseconds. */
  timeoutMs: number;
  /** Retries of a failed HTTP request (connection errors, 429, 5xx), by the client. */
  maxRetries: number;
  temperature?: number;
  seed?: number;
}

export const DEFAULT_LLM_TIMEOUT_MS = 30_000;
export const DEFAULT_LLM_MAX_RETRIES = 2;

type Environment = Readonly<Record<string, string | undefined>>;

function processEnvironment(): Environment {
  return typeof process !== 'undefined' && process.env ? process.env : {};
}

/** True when OPENAI_BASE_URL or OPENAI_API_KEY is set. */
export function isLlmAvailable(env: Environment = processEnvironment()): boolean {
  return isLlmConfigured(env);
}

/** Options from OPENAI_BASE_URL, OPENAI_API_KEY and SKYLINE_MODEL; `overrides` win (a --model flag, a timeout). */
export function llmOptionsFromEnvironment(overrides: Partial<LlmOptions> = {}, env: Environment = processEnvironment()): LlmOptions {
  const options: LlmOptions = {
    model: overrides.model || env.SKYLINE_MODEL || DEFAULT_WORLD_MODEL,
    baseURL: overrides.baseURL ?? (env.OPENAI_BASE_URL || undefined),
    apiKey: overrides.apiKey ?? (env.OPENAI_API_KEY || undefined),
    timeoutMs: overrides.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS,
    maxRetries: overrides.maxRetries ?? DEFAULT_LLM_MAX_RETRIES,
    ...(overrides.temperature !== undefined ? { temperature: overrides.temperature } : {}),
    ...(overrides.seed !== undefined ? { seed: overrides.seed } : {}),
  };
  checkLlmOptions(options);
  return options;
}

/** Throws a RangeError naming the bad option and what is accepted. */
export function checkLlmOptions(options: LlmOptions): void {
  if (typeof options.model !== 'string' || options.model.trim() === '') throw new RangeError('llm model: must be a model name (--model or SKYLINE_MODEL)');
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0 || options.timeoutMs > 600_000) {
    throw new RangeError(`llm timeoutMs: ${options.timeoutMs} is out of range; accepted: 1..600000 ms`);
  }
  if (!Number.isInteger(options.maxRetries) || options.maxRetries < 0 || options.maxRetries > 10) {
    throw new RangeError(`llm maxRetries: ${options.maxRetries} is out of range; accepted: whole numbers 0..10`);
  }
  if (options.temperature !== undefined && !(options.temperature >= 0 && options.temperature <= 2)) {
    throw new RangeError(`llm temperature: ${options.temperature} is out of range; accepted: 0..2`);
  }
  if (options.seed !== undefined && !Number.isInteger(options.seed)) throw new RangeError(`llm seed: ${options.seed} is not a whole number`);
  if (options.baseURL !== undefined) {
    try {
      new URL(options.baseURL);
    } catch {
      throw new RangeError(`llm baseURL: ${JSON.stringify(options.baseURL)} is not a URL; accepted: e.g. http://127.0.0.1:8080/v1`);
    }
  }
}

/** The client for these options: its own timeout and HTTP retries, usable in browsers too. */
export function createChatClient(options: LlmOptions): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey || 'unused',
    baseURL: options.baseURL,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
    dangerouslyAllowBrowser: true,
  });
}

/** Replaces the key wherever it appears in a text. */
export function scrubSecret(text: string, options: Pick<LlmOptions, 'apiKey'>): string {
  const key = options.apiKey ?? '';
  return key.length >= 4 ? text.split(key).join('***') : text;
}
