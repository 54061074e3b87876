/** What one episode leaves in a report: its spec, the outcome, the metrics, language-model use. */
export interface EpisodeResult {
  id: string;
  benchmark: string;
  suite: string;
  task: string;
  agents: string;
  model: string | null;
  seed: number;
  world: string;
  /** What the agent was told (goal tasks). */
  instruction: string | null;
  /** The answer in words (goal tasks), for people reading the report. */
  answer: string | null;
  success: boolean;
  /** The task's score in 0..1 (success for goal tasks, the on-time rate for delivery). */
  score: number;
  /** Simulated seconds played. */
  simTimeS: number;
  metrics: Record<string, number>;
  llm: LlmEpisodeUse;
  wallS: number;
  /** The recording's path relative to the report folder, when recorded. */
  recording: string | null;
  /** Why the episode could not be played (it then counts as a failure). */
  error: string | null;
  /** Search: 64 px PNGs (base64) of the object up close and of the drone's last forward view. */
  pictures?: { objectPng: string; lastViewPng: string };
}

export interface LlmEpisodeUse {
  calls: number;
  failedCalls: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Mean and 95th percentile of one call's round trip, ms (0 without calls). */
  latencyMeanMs: number;
  latencyP95Ms: number;
}

export function noLlmUse(): LlmEpisodeUse {
  return { calls: 0, failedCalls: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0, latencyMeanMs: 0, latencyP95Ms: 0 };
}

export function latencySummary(latenciesMs: readonly number[]): { latencyMeanMs: number; latencyP95Ms: number } {
  if (latenciesMs.length === 0) return { latencyMeanMs: 0, latencyP95Ms: 0 };
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return { latencyMeanMs: mean, latencyP95Ms: sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] };
}
