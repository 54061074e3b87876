import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EpisodeResult, EvalReport } from '../../evaluation/index.ts';
import { createEvalCommand } from '../../evaluation/index.node.ts';
import { readRecordingFile } from '../../sim/index.ts';
import { launchViewerBrowser } from '../render/viewer-browser.ts';

const root = join(import.meta.dirname, '../..');
let folder: string;

function skyline(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['bin/skyline.mjs', ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function readEpisodes(dir: string): (EpisodeResult & { transcript: unknown[] })[] {
  return readdirSync(join(dir, 'episodes')).sort().map((name) => JSON.parse(readFileSync(join(dir, 'episodes', name), 'utf8')));
}

const pct = (value: number): string => `${(100 * value).toFixed(1)} %`;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'skyline-eval-'));
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('skyline eval', () => {
  let report: EvalReport;
  const out = () => join(folder, 'r');

  it('plays 10 search episodes with the oracle and writes a report whose numbers are the episodes\' numbers', async () => {
    const run = skyline(['eval', '--suite', 'search', '--agents', 'scripted', '--episodes', '10', '--workers', '2', '--out', out()]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    report = JSON.parse(readFileSync(join(out(), 'report.json'), 'utf8'));
    const episodes = readEpisodes(out());
    expect(episodes).toHaveLength(10);
    expect(report.suites).toHaveLength(1);
    const [summary] = report.suites;
    expect(summary.episodes).toBe(10);
    expect(summary.successes).toBe(episodes.filter((e) => e.success).length);
    expect(summary.successRate).toBeCloseTo(summary.successes / 10, 12);
    expect(summary.successRate).toBeGreaterThanOrEqual(0.9);
    expect(summary.meanScore).toBeCloseTo(episodes.reduce((sum, e) => sum + e.score, 0) / 10, 12);
    expect(summary.meanMetrics.distance_m).toBeCloseTo(episodes.reduce((sum, e) => sum + e.metrics.distance_m, 0) / 10, 9);
    expect(summary.successCi95[0]).toBeLessThan(summary.successRate);
    expect(report.episodes.map((e) => e.id)).toEqual(episodes.map((e) => e.id));
    expect(report.episodes).toEqual(episodes.map(({ transcript: _t, ...rest }) => rest));
    expect(run.stdout).toContain(`search    ${(100 * summary.successRate).toFixed(1).padStart(5)} % success (${summary.successes}/10`);
    // Each episode's recording plays in the viewer: frames, the world, and the found event.
    const recording = await readRecordingFile(join(out(), episodes[0].recording!));
    expect(recording.frameCount).toBeGreaterThan(5);
    expect(recording.world).toBeTruthy();
    expect(recording.events.some((event) => event.kind === 'found')).toBe(episodes[0].metrics.declared === 1);
    // It opens with the task: the instruction, and for people and viewers the answer and the object.
    const task = recording.events.find((event) => event.kind === 'task_started');
    expect(task?.data).toMatchObject({ task: 'search', instruction: episodes[0].instruction, answer: episodes[0].answer });
    expect((task!.data as { markers: unknown[] }).markers).toHaveLength(1);
  });

  it('gives the same episodes with one worker and no recording', () => {
    const again = join(folder, 'r1');
    const run = skyline(['eval', '--suite', 'search', '--agents', 'scripted', '--episodes', '10', '--workers', '1', '--no-record', '--json', '--out', again]);
    expect(run.status).toBe(0);
    const strip = ({ transcript: _t, ...e }: EpisodeResult & { transcript?: unknown }) => ({ ...e, wallS: 0, recording: null });
    expect(readEpisodes(again).map(strip)).toEqual(report.episodes.map(strip));
    const compared = skyline(['eval', '--compare', out(), again]);
    expect(compared.status).toBe(0);
    expect(compared.stdout).toMatch(new RegExp(`search\\s+${pct(report.suites[0].successRate).replace('.', '\\.')}.*${pct(report.suites[0].successRate).replace('.', '\\.')}.*\\+0\\.0 pts`));
  });

  it('writes an HTML report that opens in headless Chromium and shows the scores', async () => {
    const browser = await launchViewerBrowser();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`file://${join(out(), 'index.html')}`);
      const rate = await page.textContent('tr[data-suite="search"] td.success-rate');
      expect(rate).toBe(pct(report.suites[0].successRate));
      expect(await page.locator('tr[data-episode]').count()).toBe(10);
      expect(await page.locator('svg[aria-label="success rate per suite"] rect').count()).toBe(1);
      // Search rows show the object up close and the drone's last view, as decoded 64 px images.
      const sizes = await page.locator('tr[data-episode="search-101"] img').evaluateAll((images) => images.map((img) => [(img as HTMLImageElement).naturalWidth, (img as HTMLImageElement).naturalHeight]));
      expect(sizes).toEqual([[64, 64], [64, 64]]);
      const link = await page.getAttribute('tr[data-episode="search-101"] a', 'href');
      expect(link).toBe('http://127.0.0.1:8790/?recording=%2Frecordings%2Fsearch-101.arrow');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('--serve serves the report page, the viewer and every recording the page links to', async () => {
    const child = spawn(process.execPath, ['bin/skyline.mjs', 'eval', '--serve', out(), '--port', '0'], { cwd: root });
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /Report: (http:\/\/\S+)/.exec(output);
          if (match) resolve(match[1]);
        });
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.on('exit', (code) => reject(new Error(`skyline eval --serve exited with ${code}:\n${output}`)));
      });
      expect(output).toContain('10 episodes, 10 recordings');
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toBe(readFileSync(join(out(), 'index.html'), 'utf8'));
      const origin = new URL(url).origin;
      expect((await fetch(`${origin}/`)).headers.get('content-type')).toContain('text/html'); // the viewer
      const recording = new Uint8Array(await (await fetch(`${origin}/recordings/search-101.arrow`)).arrayBuffer());
      expect(Buffer.from(recording).equals(readFileSync(join(out(), 'recordings', 'search-101.arrow')))).toBe(true);
      expect((await fetch(`${origin}/recordings/search-101.events.jsonl`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('refuses an unknown suite and a malformed price, naming what is accepted', async () => {
    const parse = (args: string[]) => createEvalCommand().exitOverride().parseAsync(args, { from: 'user' });
    await expect(parse(['--suite', 'serch', '--out', join(folder, 'never')])).rejects.toThrow('--suite: "serch" is not a suite of skyline-bench/1; accepted: delivery, search, navigate, all');
    await expect(parse(['--suite', 'search', '--price', '0.15', '--out', join(folder, 'never')])).rejects.toThrow(/--price: "0\.15" is not accepted; accepted: two non-negative numbers/);
  });
});
