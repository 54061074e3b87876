/** `skyline eval --shard i/n` parts joined by `--merge` score exactly as the run in one piece. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const repository = join(import.meta.dirname, '..', '..');
const folder = mkdtempSync(join(tmpdir(), 'skyline-eval-shards-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function skyline(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(repository, 'bin', 'skyline.mjs'), ...args], { cwd: repository });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const report = (dir: string): { suites: { suite: string; successes: number; meanScore: number; meanMetrics: Record<string, number> }[]; episodes: { id: string; score: number }[] } =>
  JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));

describe('skyline eval in shards', () => {
  it('merges 3 shards of navigate to the scores, metrics and episode order of the whole run', async () => {
    const common = ['eval', '--suite', 'navigate', '--agents', 'scripted', '--episodes', '6', '--no-record', '--no-progress', '--workers', '1'];
    const whole = join(folder, 'whole');
    expect((await skyline([...common, '--out', whole])).code).toBe(0);
    const parts = [0, 1, 2].map((i) => join(folder, `part-${i}`));
    for (const [i, part] of parts.entries()) expect((await skyline([...common, '--shard', `${i}/3`, '--out', part])).code).toBe(0);
    expect(parts.map((part) => report(part).episodes.length)).toEqual([2, 2, 2]);
    const merged = join(folder, 'merged');
    // Parts in any order, one given twice: it counts once.
    const joined = await skyline(['eval', '--merge', parts[2], parts[0], parts[1], parts[0], '--out', merged]);
    expect(joined.code).toBe(0);
    expect(report(merged).episodes.map((e) => e.id)).toEqual(report(whole).episodes.map((e) => e.id));
    expect(report(merged).suites.map(({ suite, successes, meanScore, meanMetrics }) => ({ suite, successes, meanScore, meanMetrics })))
      .toEqual(report(whole).suites.map(({ suite, successes, meanScore, meanMetrics }) => ({ suite, successes, meanScore, meanMetrics })));
  });

  it('refuses a missing shard and a bad shard, naming what is accepted', async () => {
    const missing = await skyline(['eval', '--merge', join(folder, 'part-0'), join(folder, 'part-1'), '--out', join(folder, 'incomplete')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/2 of 6 episodes are in no part/);
    const bad = await skyline(['eval', '--suite', 'navigate', '--shard', '3/3', '--out', join(folder, 'bad')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('accepted: i/n with n from 1 to 10000 and i from 0 to n-1');
  });
});
