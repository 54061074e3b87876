/**
 * Shards of one evaluation joined into one report: `skyline eval --shard i/n` plays every n-th
 * episode of the suite (by its place in the benchmark's list, so a shard's episodes do not depend
 * on how many shards there are), and `skyline eval --merge A B ... --out DIR` puts the parts back
 * together. Every episode is seeded by its own spec, so the merged scores equal those of the run
 * in one piece. Parts of different benchmarks, agents or models are refused; an episode found in
 * two parts counts once when the two agree, and is refused when they differ.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { eventsPathFor } from '../../sim/index.ts';
import type { EpisodeResult } from '../episode/episode-result.ts';
import { summariseSuite, type EvalReport, type TokenPrice } from '../scores/suite-summary.ts';
import { benchmarkByVersion, suitesByName } from '../suites/benchmark-catalog.ts';
import { episodesOf } from '../suites/benchmark-suite.ts';
import { readReport, writeReportFiles } from './report-files.node.ts';

export interface EvalShard {
  index: number;
  count: number;
}

/** "i/n" with 0 ≤ i < n ≤ 10,000, or an error naming what is accepted. */
export function parseEvalShard(text: string): EvalShard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN, count = match ? Number(match[2]) : NaN;
  if (!match || !(count >= 1 && count <= 10_000) || !(index >= 0 && index < count)) {
    throw new Error(`--shard: "${text}" is not accepted; accepted: i/n with n from 1 to 10000 and i from 0 to n-1 (for example 0/4)`);
  }
  return { index, count };
}

/** Whether the k-th episode of the run (in the benchmark's order) belongs to this shard. */
export function inEvalShard(k: number, shard: EvalShard | null): boolean {
  return shard === null || k % shard.count === shard.index;
}

/** Joins report folders written by `--shard` into `outDir`; returns the merged report. */
export async function mergeEvalReports(paths: readonly string[], outDir: string): Promise<EvalReport> {
  if (paths.length === 0) throw new Error('--merge: needs at least one report folder written by skyline eval --shard i/n --out DIR');
  const parts = await Promise.all(paths.map(async (path) => ({ path, report: await readReport(path, '--merge') })));
  const first = parts[0].report;
  for (const { path, report } of parts) {
    for (const key of ['benchmark', 'agents', 'model'] as const) {
      if (report[key] !== first[key]) throw new Error(`--merge: ${path} has ${key} ${JSON.stringify(report[key])} but ${paths[0]} has ${JSON.stringify(first[key])}; accepted: parts of one evaluation`);
    }
    if (report.settings.suite !== first.settings.suite || report.settings.episodes !== first.settings.episodes) {
      throw new Error(`--merge: ${path} played suite ${String(report.settings.suite)} (episodes ${String(report.settings.episodes)}) but ${paths[0]} played ${String(first.settings.suite)} (episodes ${String(first.settings.episodes)}); accepted: parts of one evaluation`);
    }
  }
  const benchmark = benchmarkByVersion(first.benchmark);
  const suites = suitesByName(benchmark, String(first.settings.suite ?? 'all'));
  const episodes = first.settings.episodes === null || first.settings.episodes === undefined ? undefined : Number(first.settings.episodes);
  const order = suites.flatMap((suite) => episodesOf(benchmark, suite, episodes ?? suite.seeds.length)).map((spec) => spec.id);
  const byId = new Map<string, { result: EpisodeResult; from: string }>();
  for (const { path, report } of parts) {
    for (const result of report.episodes) {
      const seen = byId.get(result.id);
      if (seen) {
        if (seen.result.success !== result.success || seen.result.score !== result.score) {
          throw new Error(`--merge: episode ${result.id} is in ${seen.from} and ${path} with different outcomes; accepted: parts of one evaluation`);
        }
        continue;
      }
      byId.set(result.id, { result, from: path });
    }
  }
  const missing = order.filter((id) => !byId.has(id));
  if (missing.length) throw new Error(`--merge: ${missing.length} of ${order.length} episodes are in no part (first: ${missing.slice(0, 5).join(', ')}); give every shard's folder`);
  await mkdir(outDir, { recursive: true });
  const merged: EpisodeResult[] = [];
  for (const id of order) {
    const { result, from } = byId.get(id)!;
    merged.push(result);
    // The episode's own files travel with it, so the merged report's links still open them.
    for (const relative of [result.recording, result.recording ? eventsPathFor(result.recording) : null, join('episodes', `${id}.json`)]) {
      if (!relative) continue;
      const source = join(from, relative), target = join(outDir, relative);
      if (source === target || !existsSync(source)) continue;
      await mkdir(dirname(target), { recursive: true });
      await copyFile(source, target);
    }
  }
  const price = (first.settings.price as TokenPrice | undefined) ?? null;
  const { shard: _shard, ...settings } = first.settings;
  const report: EvalReport = {
    ...first, createdAt: new Date().toISOString(), settings: { ...settings, mergedFrom: parts.length },
    suites: suites.map((suite) => summariseSuite(suite, merged.filter((r) => r.suite === suite.name), price)), episodes: merged,
  };
  await writeReportFiles(outDir, report);
  return report;
}
