/** The checks `skyline run --agents llm` makes: the endpoint once before the episode, the failed-call share during it. */
import { checkLlmEndpoint } from '../llm/endpoint-check.ts';
import { llmOptionsFromEnvironment } from '../llm/llm-options.ts';

export { checkFailedCallShare } from '../llm/endpoint-check.ts';

/** Throws (naming the URL) when the configured endpoint is unreachable, refuses the key or lacks the model. */
export async function preflightLlmEndpoint(model?: string): Promise<void> {
  await checkLlmEndpoint(llmOptionsFromEnvironment(model ? { model } : {}));
}
