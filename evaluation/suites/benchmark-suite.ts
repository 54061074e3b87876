/**
 * What a benchmark suite is: a fixed list of episodes, each a seed, a world, a task, a time budget
 * and a success rule. A suite is data (suites/skyline-bench-1.ts); changing any episode, budget or
 * rule makes a new benchmark version, so that scores under one version stay comparable.
 */
export type BenchmarkTaskName = 'delivery' | 'search' | 'navigate';

export interface SuiteDefinition {
  /** The suite's name within its benchmark ("search"). */
  name: string;
  task: BenchmarkTaskName;
  description: string;
  /** Side of the generated city, metres (generated from each episode's seed). */
  worldSize: number;
  /** Simulated seconds an episode may last. */
  budgetS: number;
  /** Simulated seconds between decisions of scripted and random agents. */
  decideEveryS: number;
  /** The success rule in words (the task's file applies it). */
  successRule: string;
  /** One episode per seed, in this order; `--episodes N` runs the first N. */
  seeds: readonly number[];
  /** Delivery only: the fleet and the order rate. */
  fleet?: { drones: number; robots: number };
  orderRatePerHour?: number;
}

export interface BenchmarkDefinition {
  version: string;
  suites: readonly SuiteDefinition[];
}

/** One episode to play: everything that decides its outcome besides the agent. */
export interface EpisodeSpec {
  /** "search-101": unique within a benchmark version. */
  id: string;
  benchmark: string;
  suite: string;
  task: BenchmarkTaskName;
  seed: number;
  worldSize: number;
  budgetS: number;
  decideEveryS: number;
  fleet: { drones: number; robots: number };
  orderRatePerHour: number;
}

export function episodesOf(benchmark: BenchmarkDefinition, suite: SuiteDefinition, count = suite.seeds.length): EpisodeSpec[] {
  if (!Number.isInteger(count) || count < 1 || count > suite.seeds.length) {
    throw new RangeError(`--episodes: ${count} is not accepted for suite ${suite.name}; accepted: 1..${suite.seeds.length} (the suite's fixed list)`);
  }
  return suite.seeds.slice(0, count).map((seed) => ({
    id: `${suite.name}-${seed}`, benchmark: benchmark.version, suite: suite.name, task: suite.task, seed,
    worldSize: suite.worldSize, budgetS: suite.budgetS, decideEveryS: suite.decideEveryS,
    fleet: suite.fleet ?? { drones: 1, robots: 0 }, orderRatePerHour: suite.orderRatePerHour ?? 0,
  }));
}
