/**
 * Words to generator params through a language model, when one is configured (OPENAI_API_KEY or
 * OPENAI_BASE_URL; model from SKYLINE_MODEL). The model proposes params as JSON; the generator's
 * own zod schema judges them. A reply that is not valid JSON or breaks the schema is rejected with a
 * warning naming the problem, and the keyword rules decide instead. The key is never logged.
 */
import OpenAI from 'openai';
import { z } from 'zod';
import { GeneratorParamsSchema } from './generator-params.ts';
import { formatValidationIssues } from './validation-errors.ts';
import { keywordParamsFromPrompt, type PromptInterpretation } from './prompt-keyword-rules.ts';

export const DEFAULT_WORLD_MODEL = 'default';

export interface LlmPromptOptions {
  /** Where to read OPENAI_API_KEY, OPENAI_BASE_URL and SKYLINE_MODEL; defaults to the process environment. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Receives warnings (rejected proposals, unreachable server); defaults to console.warn. */
  warn?: (message: string) => void;
  /** Request time limit, milliseconds (default 30000). */
  timeoutMs?: number;
}

function processEnv(): Readonly<Record<string, string | undefined>> {
  return typeof process !== 'undefined' && process.env ? process.env : {};
}

/** True when the environment names a language-model endpoint or key. */
export function isLlmConfigured(env: Readonly<Record<string, string | undefined>> = processEnv()): boolean {
  return Boolean(env.OPENAI_API_KEY || env.OPENAI_BASE_URL);
}

function systemPrompt(): string {
  const schema = z.toJSONSchema(GeneratorParamsSchema, { io: 'input' });
  return [
    'You turn a description of a city into parameters for a procedural city generator.',
    'Reply with exactly one JSON object and nothing else. Include only the fields the description implies;',
    'the generator fills the rest with defaults. Sizes are metres, wind speeds m/s, angles degrees.',
    `The object must satisfy this JSON Schema:\n${JSON.stringify(schema)}`,
  ].join('\n');
}

/** Parses a model reply: a JSON object, possibly inside a ```json fence. Throws a one-line reason. */
function parseReply(content: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(content);
  const body = (fenced ? fenced[1] : content).trim();
  try {
    return JSON.parse(body);
  } catch {
    throw new Error(`the reply is not valid JSON (starts with ${JSON.stringify(body.slice(0, 40))})`);
  }
}

/**
 * Params from a prompt: asked of the language model when one is configured, from keyword rules
 * otherwise or when the model's proposal is rejected.
 */
export async function paramsFromPromptWithLlm(text: string, options: LlmPromptOptions = {}): Promise<PromptInterpretation> {
  const env = options.env ?? processEnv();
  const warn = options.warn ?? ((message: string) => console.warn(message));
  if (!isLlmConfigured(env)) return keywordParamsFromPrompt(text);
  const secret = env.OPENAI_API_KEY ?? '';
  const scrub = (message: string): string => (secret.length > 0 ? message.split(secret).join('***') : message);
  const model = env.SKYLINE_MODEL || DEFAULT_WORLD_MODEL;
  try {
    const client = new OpenAI({
      apiKey: secret || 'unused',
      baseURL: env.OPENAI_BASE_URL || undefined,
      timeout: options.timeoutMs ?? 30_000,
      maxRetries: 0,
      dangerouslyAllowBrowser: true,
    });
    const completion = await client.chat.completions.create({
      model,
      temperature: 0,
      response_format: { type: 'json_object' },
      messages: [
        { role: 'system', content: systemPrompt() },
        { role: 'user', content: text },
      ],
    });
    const proposal = parseReply(completion.choices[0]?.message?.content ?? '');
    const result = GeneratorParamsSchema.safeParse(proposal);
    if (!result.success) throw new Error(`the proposed params break the schema: ${formatValidationIssues(result.error.issues, proposal).join('; ')}`);
    return {
      params: result.data,
      overrides: proposal as PromptInterpretation['overrides'],
      notes: [`${model} proposed ${JSON.stringify(proposal)}`],
      source: 'llm',
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    warn(scrub(`world prompt: rejected the language model's proposal (${reason}); using keyword rules instead`));
    return keywordParamsFromPrompt(text);
  }
}
