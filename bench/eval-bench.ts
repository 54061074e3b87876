/**
 * Figures for evaluation/: wall seconds per episode of each skyline-bench/1 suite with the
 * scripted agents, on one thread, and simulated seconds per wall second. Prints lines and returns
 * the figures; it never fails. Run alone with `npx tsx bench/eval-bench.ts`.
 */
import { pathToFileURL } from 'node:url';
import { episodesOf, playEpisode, SKYLINE_BENCH_1 } from '../evaluation/index.ts';
import { machineLine } from './bench-harness.ts';

const EPISODES: Record<string, number> = { search: 4, navigate: 4, delivery: 1 };

export async function runEvalBench(): Promise<Record<string, unknown>> {
  console.log(`eval bench (${machineLine()})`);
  const figures: Record<string, unknown> = {};
  for (const suite of SKYLINE_BENCH_1.suites) {
    const specs = episodesOf(SKYLINE_BENCH_1, suite, EPISODES[suite.name] ?? 1);
    let simulated = 0;
    const started = performance.now();
    for (const spec of specs) simulated += (await playEpisode(spec, { agents: 'scripted' })).result.simTimeS;
    const wall = (performance.now() - started) / 1000;
    const perEpisode = wall / specs.length;
    console.log(`  ${suite.name.padEnd(9)} ${perEpisode.toFixed(2)} s per episode (${specs.length} played), ${(simulated / wall).toFixed(0)} simulated s per wall s`);
    figures[`eval_${suite.name}_s_per_episode`] = perEpisode;
    figures[`eval_${suite.name}_sim_speedup`] = simulated / wall;
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(JSON.stringify(await runEvalBench()));
