/**
 * One look at a chat-completions endpoint before any episode: GET {base}/models (and, where a
 * server has no models list or does not list the model, one tiny completion). An endpoint that does not answer, refuses the
 * key or does not serve the model stops the run at once with a message naming the URL, instead
 * of every call failing quietly for minutes. The key is sent, never written into a message.
 */
import type { LlmOptions } from './llm-options.ts';
import { scrubSecret } from './llm-options.ts';

export const DEFAULT_ENDPOINT_CHECK_TIMEOUT_MS = 8_000;
const OPENAI_DEFAULT_BASE = 'https://api.openai.com/v1';

export class LlmEndpointError extends Error {
  constructor(readonly url: string, message: string) {
    super(message);
    this.name = 'LlmEndpointError';
  }
}

export interface EndpointCheckResult {
  baseURL: string;
  /** The models the server lists, or null when it has no models list. */
  models: string[] | null;
}

export async function checkLlmEndpoint(options: LlmOptions, timeoutMs = DEFAULT_ENDPOINT_CHECK_TIMEOUT_MS): Promise<EndpointCheckResult> {
  const base = (options.baseURL ?? OPENAI_DEFAULT_BASE).replace(/\/+$/, '');
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) };
  const scrub = (text: string): string => scrubSecret(text, options);
  const listUrl = `${base}/models`;
  const list = await request(listUrl, { method: 'GET', headers }, timeoutMs, scrub);
  if (list.status === 401 || list.status === 403) {
    throw new LlmEndpointError(base, `the language-model endpoint ${base} refused the key (HTTP ${list.status} from GET ${listUrl}); set OPENAI_API_KEY to a key it accepts`);
  }
  const ids = list.status === 200 ? modelIds(list.body) : null;
  if (ids !== null && ids.includes(options.model)) return { baseURL: base, models: ids };
  // No usable models list (some servers have none), or the model is not on it (some servers answer
  // to any name): one completion of one token says whether the model answers.
  const completionUrl = `${base}/chat/completions`;
  const probe = await request(completionUrl, {
    method: 'POST', headers, body: JSON.stringify({ model: options.model, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 }),
  }, timeoutMs, scrub);
  if (probe.status >= 200 && probe.status < 300) return { baseURL: base, models: ids };
  const detail = scrub(errorText(probe.body)).slice(0, 300);
  if (ids !== null) {
    throw new LlmEndpointError(base, `model ${JSON.stringify(options.model)} is not served by ${base}; models there: ${ids.slice(0, 20).join(', ') || 'none'} (choose one with --model or SKYLINE_MODEL)${detail ? `; the server said: ${detail}` : ''}`);
  }
  if (probe.status === 404 && /model/i.test(detail)) {
    throw new LlmEndpointError(base, `model ${JSON.stringify(options.model)} is not served by ${base}: ${detail}`);
  }
  throw new LlmEndpointError(base, `the language-model endpoint ${base} answered POST ${completionUrl} with HTTP ${probe.status}${detail ? `: ${detail}` : ''}; check OPENAI_BASE_URL, OPENAI_API_KEY and --model`);
}

async function request(url: string, init: RequestInit, timeoutMs: number, scrub: (text: string) => string): Promise<{ status: number; body: string }> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = error instanceof Error && error.name === 'TimeoutError'
      ? `no answer within ${(timeoutMs / 1000).toFixed(0)} s`
      : cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
    const base = url.replace(/\/(models|chat\/completions)$/, '');
    throw new LlmEndpointError(base, scrub(`cannot reach the language-model endpoint ${base} (${reason}); start the server there or set OPENAI_BASE_URL to one that answers`));
  }
}

function modelIds(body: string): string[] | null {
  try {
    const parsed = JSON.parse(body) as { data?: { id?: unknown }[] };
    if (!Array.isArray(parsed.data)) return null;
    return parsed.data.map((entry) => entry.id).filter((id): id is string => typeof id === 'string');
  } catch {
    return null;
  }
}

function errorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: string } | string; message?: string };
    if (typeof parsed.error === 'string') return parsed.error;
    return parsed.error?.message ?? parsed.message ?? body;
  } catch {
    return body;
  }
}

/**
 * A run's guard against an endpoint that fails during the run: throws once at least `minCalls`
 * calls were made and more than `maxShare` of them failed.
 */
export function checkFailedCallShare(usage: { llm_calls?: number; llm_errors?: number; llm_timeouts?: number }, maxShare = DEFAULT_MAX_FAILED_CALL_SHARE, minCalls = 4): void {
  const calls = usage.llm_calls ?? 0;
  const failed = (usage.llm_errors ?? 0) + (usage.llm_timeouts ?? 0);
  if (calls >= minCalls && failed / calls > maxShare) {
    throw new Error(`${failed} of ${calls} language-model calls failed (more than ${(maxShare * 100).toFixed(0)} % allowed); stopping the run`);
  }
}

export const DEFAULT_MAX_FAILED_CALL_SHARE = 0.5;
