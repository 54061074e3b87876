import { describe, expect, it } from 'vitest';
import { episodesOf, playEpisode, SKYLINE_BENCH_1, summariseSuite, type EvalAgentKind } from '../../evaluation/index.ts';

const suite = (name: string) => SKYLINE_BENCH_1.suites.find((s) => s.name === name)!;

async function play(name: string, agents: EvalAgentKind, count?: number) {
  const results = [];
  for (const spec of episodesOf(SKYLINE_BENCH_1, suite(name), count)) results.push((await playEpisode(spec, { agents })).result);
  return results;
}

describe('skyline-bench/1 baselines', () => {
  it('the scripted oracle succeeds on at least 90 % of the search and navigate episodes', async () => {
    for (const name of ['search', 'navigate']) {
      const results = await play(name, 'scripted');
      const summary = summariseSuite(suite(name), results, null);
      expect(summary.episodes).toBe(20);
      expect(summary.successRate).toBeGreaterThanOrEqual(0.9);
      expect(results.every((r) => r.error === null)).toBe(true);
    }
  });

  it('the random agent succeeds on at most 10 % of them', async () => {
    for (const name of ['search', 'navigate']) {
      const summary = summariseSuite(suite(name), await play(name, 'random'), null);
      expect(summary.episodes).toBe(20);
      expect(summary.successRate).toBeLessThanOrEqual(0.1);
    }
  });

  it('gives the same scores and metrics for the same seeds', async () => {
    const strip = (results: Awaited<ReturnType<typeof play>>) => results.map(({ wallS: _wall, ...rest }) => rest);
    for (const [name, agents] of [['search', 'scripted'], ['navigate', 'random']] as const) {
      const first = strip(await play(name, agents, 4));
      const second = strip(await play(name, agents, 4));
      expect(second).toEqual(first);
      expect(new Set(first.map((r) => r.instruction)).size).toBe(4);
    }
  });
});
