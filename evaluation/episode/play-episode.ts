/**
 * Plays one episode of any task with one kind of agent and returns its result for the report.
 * No files here (the recorder and the report are the Node side's); the same code runs in worker
 * threads and, for LLM agents, concurrently in the main thread.
 */
import { checkFailedCallShare, createLlmAgentDriver, createScriptedDriver, type LlmOptions } from '../../agents/index.ts';
import type { FleetFrame } from '../../sim/index.ts';
import type { GoalAgent } from '../agents/goal-agent.ts';
import { createLlmGoalAgent } from '../agents/llm-goal-agent.ts';
import { createOracleGoalAgent } from '../agents/oracle-goal-agent.ts';
import { createRandomDeliveryDriver } from '../agents/random-delivery-driver.ts';
import { createRandomGoalAgent } from '../agents/random-goal-agent.ts';
import type { EpisodeSpec } from '../suites/benchmark-suite.ts';
import { runDeliveryTask } from '../tasks/delivery-task.ts';
import { NAVIGATE_TASK } from '../tasks/navigate-task.ts';
import { SEARCH_TASK } from '../tasks/search-task.ts';
import { EpisodeRandom } from './episode-random.ts';
import { noLlmUse, type EpisodeResult, type LlmEpisodeUse } from './episode-result.ts';
import { runGoalEpisode } from './goal-episode.ts';

export const EVAL_AGENT_KINDS = ['scripted', 'random', 'llm'] as const;
export type EvalAgentKind = (typeof EVAL_AGENT_KINDS)[number];

export interface PlayOptions {
  agents: EvalAgentKind;
  /** Required for 'llm'. */
  llm?: LlmOptions;
  imageSize?: number;
  maxTurns?: number;
  /** Share of failed model calls that stops the episode (and the run). */
  maxFailedCallShare?: number;
  onFrame?: (frame: FleetFrame) => void;
  onProgress?: (t: number) => void;
}

export interface PlayedEpisode {
  result: EpisodeResult;
  transcript: unknown[];
}

export async function playEpisode(spec: EpisodeSpec, options: PlayOptions): Promise<PlayedEpisode> {
  const started = Date.now();
  if (options.agents === 'llm' && !options.llm) throw new RangeError('llm agents need llm options (model, endpoint)');
  const base = {
    id: spec.id, benchmark: spec.benchmark, suite: spec.suite, task: spec.task, agents: options.agents,
    model: options.agents === 'llm' ? options.llm!.model : null, seed: spec.seed, recording: null, error: null,
  };
  if (spec.task === 'delivery') {
    const outcome = await runDeliveryTask(spec, (session) => {
      if (options.agents === 'scripted') return createScriptedDriver(session);
      if (options.agents === 'random') return createRandomDeliveryDriver(session, new EpisodeRandom(spec.seed, 2));
      return createLlmAgentDriver({ session, ...options.llm! });
    }, {
      onFrame: options.onFrame, onProgress: options.onProgress,
      afterDecision: (driver) => options.agents === 'llm' && checkFailedCallShare(driver.metrics(), options.maxFailedCallShare),
    });
    const d = outcome.driverMetrics;
    const llm: LlmEpisodeUse = options.agents === 'llm'
      ? { ...noLlmUse(), calls: d.llm_calls ?? 0, failedCalls: (d.llm_errors ?? 0) + (d.llm_timeouts ?? 0), promptTokens: d.prompt_tokens ?? 0, completionTokens: d.completion_tokens ?? 0, totalTokens: d.total_tokens ?? 0 }
      : noLlmUse();
    return {
      result: {
        ...base, world: outcome.worldName, instruction: null, answer: null, success: outcome.success, score: outcome.score, simTimeS: outcome.simTimeS,
        metrics: outcome.metrics, llm, wallS: (Date.now() - started) / 1000,
      },
      transcript: outcome.transcript,
    };
  }
  const task = spec.task === 'search' ? SEARCH_TASK : NAVIGATE_TASK;
  const agent = goalAgent(options);
  const guarded: GoalAgent = options.agents !== 'llm' ? agent : {
    name: agent.name, metrics: () => agent.metrics(), transcript: agent.transcript,
    async decide(view) {
      await agent.decide(view);
      checkFailedCallShare(agent.metrics(), options.maxFailedCallShare);
    },
  };
  const outcome = await runGoalEpisode({ spec, task, agent: guarded, onFrame: options.onFrame, onProgress: options.onProgress });
  const a = agent.metrics();
  const llm: LlmEpisodeUse = options.agents === 'llm'
    ? {
      calls: a.llm_calls ?? 0, failedCalls: (a.llm_errors ?? 0) + (a.llm_timeouts ?? 0), promptTokens: a.prompt_tokens ?? 0,
      completionTokens: a.completion_tokens ?? 0, totalTokens: a.total_tokens ?? 0, latencyMeanMs: a.latencyMeanMs ?? 0, latencyP95Ms: a.latencyP95Ms ?? 0,
    }
    : noLlmUse();
  return {
    result: {
      ...base, world: outcome.worldName, instruction: outcome.setup.instruction, answer: outcome.setup.answer, success: outcome.success,
      score: outcome.success ? 1 : 0, simTimeS: outcome.simTimeS, metrics: outcome.metrics, llm, wallS: (Date.now() - started) / 1000,
      ...(outcome.pictures ? { pictures: outcome.pictures } : {}),
    },
    transcript: agent.transcript?.() ?? [],
  };
}

function goalAgent(options: PlayOptions): GoalAgent {
  if (options.agents === 'scripted') return createOracleGoalAgent();
  if (options.agents === 'random') return createRandomGoalAgent();
  return createLlmGoalAgent({ llm: options.llm!, imageSize: options.imageSize, maxTurns: options.maxTurns });
}

