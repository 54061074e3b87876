/**
 * evaluation/ — Skyline Bench: versioned seeded suites, the benchmark's tasks (delivery, search,
 * navigate), baseline agents, scores and reports. This is the layer's public face (no Node-only
 * code; the `skyline eval` command is in index.node.ts).
 */
export { type BenchmarkDefinition, type BenchmarkTaskName, type EpisodeSpec, type SuiteDefinition, episodesOf } from './suites/benchmark-suite.ts';
export { BENCHMARKS, DEFAULT_BENCHMARK, benchmarkByVersion, suitesByName } from './suites/benchmark-catalog.ts';
export { SKYLINE_BENCH_1 } from './suites/skyline-bench-1.ts';
export type { GoalTask, GoalSetup, GoalEndState, GoalJudgement } from './tasks/goal-task.ts';
export { SEARCH_TASK, SEARCH_RADIUS_M, SEARCH_MAX_HEIGHT_ABOVE_M } from './tasks/search-task.ts';
export { NAVIGATE_TASK, NAVIGATE_RADIUS_M } from './tasks/navigate-task.ts';
export { runDeliveryTask, DELIVERY_SUCCESS_SCORE } from './tasks/delivery-task.ts';
export type { GoalAgent, GoalEpisodeView } from './agents/goal-agent.ts';
export { createOracleGoalAgent } from './agents/oracle-goal-agent.ts';
export { createRandomGoalAgent } from './agents/random-goal-agent.ts';
export { createRandomDeliveryDriver } from './agents/random-delivery-driver.ts';
export { createLlmGoalAgent, goalTaskPrompt, FOUND_TOOL_DEFINITION, DEFAULT_IMAGE_SIZE, DEFAULT_MAX_TURNS, type LlmGoalAgentOptions } from './agents/llm-goal-agent.ts';
export { EpisodeRandom } from './episode/episode-random.ts';
export { runGoalEpisode, type GoalEpisodeOptions, type GoalEpisodeOutcome } from './episode/goal-episode.ts';
export { playEpisode, EVAL_AGENT_KINDS, type EvalAgentKind, type PlayOptions, type PlayedEpisode } from './episode/play-episode.ts';
export type { EpisodeResult, LlmEpisodeUse } from './episode/episode-result.ts';
export { wilsonInterval } from './scores/wilson-interval.ts';
export { summariseSuite, parseTokenPrice, REPORT_FORMAT, type EvalReport, type SuiteSummary, type TokenPrice } from './scores/suite-summary.ts';
export { renderHtmlReport, REPLAY_PORT } from './report/html-report.ts';
export { compareReports } from './report/compare-reports.ts';
