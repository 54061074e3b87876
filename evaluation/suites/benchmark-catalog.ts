/** The benchmark versions this build knows, and looking a suite up by name with a clear refusal. */
import type { BenchmarkDefinition, SuiteDefinition } from './benchmark-suite.ts';
import { SKYLINE_BENCH_1 } from './skyline-bench-1.ts';

export const BENCHMARKS: readonly BenchmarkDefinition[] = [SKYLINE_BENCH_1];
export const DEFAULT_BENCHMARK = SKYLINE_BENCH_1.version;

export function benchmarkByVersion(version: string): BenchmarkDefinition {
  const found = BENCHMARKS.find((benchmark) => benchmark.version === version);
  if (!found) throw new RangeError(`--benchmark: ${JSON.stringify(version)} is not a benchmark version; accepted: ${BENCHMARKS.map((b) => b.version).join(', ')}`);
  return found;
}

/** The suites named by `name` ("search", or "all" for every suite of the version). */
export function suitesByName(benchmark: BenchmarkDefinition, name: string): SuiteDefinition[] {
  if (name === 'all') return [...benchmark.suites];
  const suite = benchmark.suites.find((s) => s.name === name);
  if (!suite) throw new RangeError(`--suite: ${JSON.stringify(name)} is not a suite of ${benchmark.version}; accepted: ${benchmark.suites.map((s) => s.name).join(', ')}, all`);
  return [suite];
}
