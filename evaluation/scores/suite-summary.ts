/**
 * A run's report as data: per suite the success rate with its 95 % Wilson interval, the mean
 * score and metrics, language-model use and cost, and every episode. The HTML and --compare
 * read only this, so their numbers are the episodes' numbers.
 */
import type { EpisodeResult } from '../episode/episode-result.ts';
import { wilsonInterval } from './wilson-interval.ts';

export const REPORT_FORMAT = 'skyline-eval-report/1';

/** USD per million prompt and completion tokens. */
export interface TokenPrice {
  promptPerMillion: number;
  completionPerMillion: number;
}

export interface SuiteSummary {
  suite: string;
  task: string;
  successRule: string;
  episodes: number;
  successes: number;
  successRate: number;
  successCi95: [number, number];
  meanScore: number;
  /** Mean of each metric over the suite's episodes. */
  meanMetrics: Record<string, number>;
  llmCalls: number;
  failedCalls: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Mean round trip of a call over all calls, ms. */
  latencyMeanMs: number;
  /** USD, when a price was given. */
  costUsd: number | null;
  errors: number;
}

export interface EvalReport {
  format: typeof REPORT_FORMAT;
  benchmark: string;
  agents: string;
  model: string | null;
  createdAt: string;
  settings: Record<string, unknown>;
  suites: SuiteSummary[];
  episodes: EpisodeResult[];
}

export function summariseSuite(suite: { name: string; task: string; successRule: string }, episodes: readonly EpisodeResult[], price: TokenPrice | null): SuiteSummary {
  const n = episodes.length;
  const successes = episodes.filter((e) => e.success).length;
  const keys = [...new Set(episodes.flatMap((e) => Object.keys(e.metrics)))].sort();
  const meanMetrics = Object.fromEntries(keys.map((key) => [key, n > 0 ? episodes.reduce((sum, e) => sum + (e.metrics[key] ?? 0), 0) / n : 0]));
  const sum = (pick: (e: EpisodeResult) => number): number => episodes.reduce((total, e) => total + pick(e), 0);
  const calls = sum((e) => e.llm.calls);
  const promptTokens = sum((e) => e.llm.promptTokens), completionTokens = sum((e) => e.llm.completionTokens);
  return {
    suite: suite.name, task: suite.task, successRule: suite.successRule, episodes: n, successes,
    successRate: n > 0 ? successes / n : 0, successCi95: wilsonInterval(successes, n), meanScore: n > 0 ? sum((e) => e.score) / n : 0,
    meanMetrics, llmCalls: calls, failedCalls: sum((e) => e.llm.failedCalls), promptTokens, completionTokens, totalTokens: sum((e) => e.llm.totalTokens),
    latencyMeanMs: calls > 0 ? sum((e) => e.llm.latencyMeanMs * e.llm.calls) / calls : 0,
    costUsd: price ? (promptTokens * price.promptPerMillion + completionTokens * price.completionPerMillion) / 1e6 : null,
    errors: episodes.filter((e) => e.error !== null).length,
  };
}

/** Parses --price "0.15,0.60" (USD per million prompt and completion tokens). */
export function parseTokenPrice(text: string): TokenPrice {
  const parts = text.split(',').map((part) => Number(part.trim()));
  if (parts.length !== 2 || parts.some((value) => !Number.isFinite(value) || value < 0)) {
    throw new RangeError(`--price: ${JSON.stringify(text)} is not accepted; accepted: two non-negative numbers "PROMPT,COMPLETION", USD per million tokens (e.g. 0.15,0.60)`);
  }
  return { promptPerMillion: parts[0], completionPerMillion: parts[1] };
}
