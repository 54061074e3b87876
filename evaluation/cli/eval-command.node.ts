/**
 * `skyline eval`: plays a suite of the benchmark with scripted, random or LLM agents, in parallel,
 * with a progress bar, and writes a report folder (report.json, index.html, one JSON per episode,
 * recordings). `--compare A B` prints two reports side by side instead.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { checkLlmEndpoint, isLlmAvailable, llmOptionsFromEnvironment, DEFAULT_MAX_FAILED_CALL_SHARE, type LlmOptions } from '../../agents/index.ts';
import { eventsPathFor, oneOf, realNumber, startReplayServer, untilStopped, wholeNumber } from '../../sim/index.ts';
import { REPLAY_PORT } from '../report/html-report.ts';
import type { EpisodeResult } from '../episode/episode-result.ts';
import { EVAL_AGENT_KINDS, type EvalAgentKind } from '../episode/play-episode.ts';
import { compareReports } from '../report/compare-reports.ts';
import { inEvalShard, mergeEvalReports, parseEvalShard, type EvalShard } from '../report/merge-reports.node.ts';
import { readReport, writeReportFiles } from '../report/report-files.node.ts';
import { parseTokenPrice, REPORT_FORMAT, summariseSuite, type EvalReport } from '../scores/suite-summary.ts';
import { benchmarkByVersion, DEFAULT_BENCHMARK, suitesByName } from '../suites/benchmark-catalog.ts';
import { episodesOf, type EpisodeSpec } from '../suites/benchmark-suite.ts';
import { DEFAULT_IMAGE_SIZE, DEFAULT_MAX_TURNS } from '../agents/llm-goal-agent.ts';
import { playConcurrently, playInWorkers } from './episode-pool.node.ts';

interface EvalFlags {
  suite: string;
  benchmark: string;
  agents: EvalAgentKind;
  model?: string;
  episodes?: number;
  concurrency: number;
  workers: number;
  out: string;
  price?: string;
  imageSize: number;
  maxTurns: number;
  maxFailedShare: number;
  timeout: number;
  retries: number;
  record: boolean;
  progress: boolean;
  json: boolean;
  compare?: string[];
  serve?: string;
  shard?: EvalShard;
  merge?: string[];
  port: number;
}

export interface EvalCommandDependencies {
  /** The built viewer's folder (built first when needed), for --serve. */
  viewerDir?: () => Promise<string>;
}

export function createEvalCommand(dependencies: EvalCommandDependencies = {}): Command {
  return new Command('eval')
    .description('Score agents on the Skyline benchmark (skyline-bench/1: delivery, search, navigate) and write a report; or compare two reports.')
    .option('--suite <name>', 'suite: delivery | search | navigate | all', 'all')
    .option('--benchmark <version>', 'benchmark version', DEFAULT_BENCHMARK)
    .option('--agents <kind>', `who plays: ${EVAL_AGENT_KINDS.join(' | ')} (scripted = the oracle on search and navigate)`, oneOf(EVAL_AGENT_KINDS), 'scripted')
    .option('--model <name>', 'model for --agents llm (default: SKYLINE_MODEL)')
    .option('--episodes <n>', 'the first N episodes of each suite (default: all 20)', wholeNumber(1, 10_000))
    .option('--concurrency <n>', 'LLM episodes (and so model calls) in flight at once', wholeNumber(1, 256), 8)
    .option('--workers <n>', 'worker threads for scripted and random episodes', wholeNumber(1, 64), Math.max(1, Math.min(4, availableParallelism())))
    .option('--out <dir>', 'report folder', 'report')
    .option('--price <in,out>', 'USD per million prompt and completion tokens, for the cost column (e.g. 0.15,0.60)')
    .option('--image-size <px>', 'side of the camera image sent to vision models on search', wholeNumber(16, 1024), DEFAULT_IMAGE_SIZE)
    .option('--max-turns <n>', 'model calls allowed per search or navigate episode', wholeNumber(1, 1000), DEFAULT_MAX_TURNS)
    .option('--max-failed-share <share>', 'stop the run when more than this share of model calls failed (after 4 calls)', realNumber(0, 1), DEFAULT_MAX_FAILED_CALL_SHARE)
    .option('--timeout <s>', 'time limit of one model call, seconds', realNumber(1, 600), 60)
    .option('--retries <n>', 'HTTP retries of a failed model call (connection errors, 429, 5xx)', wholeNumber(0, 10), 2)
    .option('--no-record', 'do not record episodes for the viewer')
    .option('--no-progress', 'hide the progress bar')
    .option('--json', 'print the report\'s suite summaries as JSON instead of a table', false)
    .option('--compare <reports...>', 'print two report folders side by side (no episodes are played)')
    .option('--shard <i/n>', 'play only shard i of n (every n-th episode, from the i-th; 0 ≤ i < n), for batch schedulers; join the parts with --merge', parseEvalShard)
    .option('--merge <reports...>', 'join report folders written with --shard into --out (the same scores as the run in one piece; no episodes are played)')
    .option('--serve <report>', 'serve a report folder with the viewer, so its replay links open each episode (no episodes are played)')
    .option('--port <port>', 'HTTP port for --serve (the report\'s links assume 8790; 0 picks a free one)', wholeNumber(0, 65535), REPLAY_PORT)
    .addHelpText('after', `
Examples:
  $ npx skyline eval --suite search --agents scripted --episodes 10 --out /tmp/r
  $ npx skyline eval --suite all --agents random --out runs/random
  $ OPENAI_BASE_URL=http://localhost:8000/v1 npx skyline eval --suite search --agents llm --model my-vlm --episodes 20 --concurrency 8 --price 0.15,0.60 --out runs/my-vlm
  $ npx skyline eval --compare runs/random runs/my-vlm
  $ npx skyline eval --serve runs/my-vlm          # the report at http://127.0.0.1:8790/report.html, replays one click away
  $ for i in 0 1 2; do npx skyline eval --suite all --agents scripted --shard $i/3 --out runs/part-$i; done
  $ npx skyline eval --merge runs/part-0 runs/part-1 runs/part-2 --out runs/scripted

The report folder holds report.json, index.html (open it in a browser), episodes/ID.json and
recordings/ID.arrow (npx skyline replay runs/my-vlm/recordings/search-101.arrow).`)
    .action(async (flags: EvalFlags) => {
      if (flags.compare) return compare(flags.compare);
      if (flags.merge) return merge(flags.merge, flags.out, flags.json);
      if (flags.serve) return serveReport(flags.serve, flags.port, dependencies);
      const benchmark = benchmarkByVersion(flags.benchmark);
      const suites = suitesByName(benchmark, flags.suite);
      const price = flags.price === undefined ? null : parseTokenPrice(flags.price);
      let llm: LlmOptions | undefined;
      if (flags.agents === 'llm') {
        if (!isLlmAvailable()) {
          throw new Error('--agents llm needs a chat-completions endpoint: set OPENAI_BASE_URL (a local or hosted OpenAI-compatible server) and/or OPENAI_API_KEY, and the model with --model or SKYLINE_MODEL');
        }
        llm = llmOptionsFromEnvironment({ ...(flags.model ? { model: flags.model } : {}), timeoutMs: flags.timeout * 1000, maxRetries: flags.retries });
        await checkLlmEndpoint(llm);
      }
      const shard = flags.shard ?? null;
      const specs: EpisodeSpec[] = suites.flatMap((suite) => episodesOf(benchmark, suite, flags.episodes ?? suite.seeds.length)).filter((_spec, k) => inEvalShard(k, shard));
      const bar = flags.progress && process.stderr.isTTY
        ? new cliProgress.SingleBar({ format: 'eval |{bar}| {value}/{total} episodes, {successes} succeeded, {eta_formatted} left', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
        : null;
      let successes = 0;
      bar?.start(specs.length, 0, { successes });
      const onDone = (result: EpisodeResult): void => {
        if (result.success) successes++;
        bar?.increment(1, { successes });
      };
      const options = { agents: flags.agents, llm, imageSize: flags.imageSize, maxTurns: flags.maxTurns, maxFailedCallShare: flags.maxFailedShare, outDir: flags.out, record: flags.record };
      const started = Date.now();
      let results: EpisodeResult[];
      try {
        results = flags.agents === 'llm'
          ? await playConcurrently(specs, options, flags.concurrency, onDone)
          : await playInWorkers(specs, options, flags.workers, onDone);
      } finally {
        bar?.stop();
      }
      const report: EvalReport = {
        format: REPORT_FORMAT, benchmark: benchmark.version, agents: flags.agents, model: llm?.model ?? null, createdAt: new Date().toISOString(),
        settings: { suite: flags.suite, episodes: flags.episodes ?? null, ...(shard ? { shard: `${shard.index}/${shard.count}` } : {}), ...(llm ? { baseURL: llm.baseURL ?? null, imageSize: flags.imageSize, maxTurns: flags.maxTurns } : {}), ...(price ? { price } : {}) },
        suites: suites.map((suite) => summariseSuite(suite, results.filter((r) => r.suite === suite.name), price)),
        episodes: results,
      };
      const files = await writeReportFiles(flags.out, report);
      const wallS = (Date.now() - started) / 1000;
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ report: files.json, html: files.html, wall_s: wallS, suites: report.suites.map(({ meanMetrics: _m, ...rest }) => rest) })}\n`);
        return;
      }
      const lines = report.suites.map((s) => `  ${s.suite.padEnd(9)} ${(100 * s.successRate).toFixed(1).padStart(5)} % success (${s.successes}/${s.episodes}, 95 % CI ${(100 * s.successCi95[0]).toFixed(0)}–${(100 * s.successCi95[1]).toFixed(0)} %), mean score ${s.meanScore.toFixed(3)}${s.llmCalls ? `, ${s.totalTokens} tokens, ${s.latencyMeanMs.toFixed(0)} ms per call` : ''}${s.costUsd !== null ? `, $${s.costUsd.toFixed(4)}` : ''}`);
      process.stdout.write(`${benchmark.version} with ${flags.agents} agents${llm ? ` (${llm.model})` : ''}: ${results.length} episodes in ${wallS.toFixed(1)} s\n${lines.join('\n')}\nreport: ${files.html} (and ${files.json})\n`);
    });
}

async function merge(paths: string[], outDir: string, json: boolean): Promise<void> {
  const report = await mergeEvalReports(paths, outDir);
  if (json) {
    process.stdout.write(`${JSON.stringify({ report: join(outDir, 'report.json'), html: join(outDir, 'index.html'), suites: report.suites.map(({ meanMetrics: _m, ...rest }) => rest) })}\n`);
    return;
  }
  const lines = report.suites.map((s) => `  ${s.suite.padEnd(9)} ${(100 * s.successRate).toFixed(1).padStart(5)} % success (${s.successes}/${s.episodes}), mean score ${s.meanScore.toFixed(3)}`);
  process.stdout.write(`${report.benchmark} with ${report.agents} agents: ${report.episodes.length} episodes merged from ${paths.length} parts\n${lines.join('\n')}\nreport: ${join(outDir, 'index.html')} (and ${join(outDir, 'report.json')})\n`);
}

async function compare(paths: string[]): Promise<void> {
  if (paths.length !== 2) throw new Error(`--compare: needs exactly two report folders; got ${paths.length}`);
  const [a, b] = await Promise.all(paths.map((path) => readReport(path)));
  process.stdout.write(compareReports(a, b, [paths[0], paths[1]]));
}

/** Serves the viewer, the report's page at /report.html and every recording at /recordings/NAME (the page's links). */
async function serveReport(dir: string, port: number, dependencies: EvalCommandDependencies): Promise<void> {
  if (!dependencies.viewerDir) throw new Error('--serve: this program has no viewer to serve (run it through the skyline command)');
  const report = await readReport(dir, '--serve');
  const extraFiles: Record<string, string> = { '/report.html': join(dir, 'index.html') };
  for (const episode of report.episodes) {
    if (!episode.recording) continue;
    for (const file of [join(dir, episode.recording), eventsPathFor(join(dir, episode.recording))]) {
      if (existsSync(file)) extraFiles[`/recordings/${encodeURIComponent(basename(file))}`] = file;
    }
  }
  if (!existsSync(extraFiles['/report.html'])) throw new Error(`--serve: ${dir} has no index.html; accepted: a folder written by skyline eval --out`);
  const server = await startReplayServer({ viewerDir: await dependencies.viewerDir(), extraFiles, port });
  const recordings = Object.keys(extraFiles).filter((path) => path.endsWith('.arrow')).length;
  process.stdout.write(`Serving ${dir}: ${report.episodes.length} episodes, ${recordings} recordings\nReport: ${server.origin}/report.html\n(Ctrl-C to stop)\n`);
  await untilStopped();
  await server.close();
}
