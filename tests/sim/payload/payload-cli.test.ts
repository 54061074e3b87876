/**
 * `skyline rollout --task payload --fidelity full` as a user types it, and the clear errors for flags
 * that do not fit full fidelity.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const skyline = fileURLToPath(new URL('../../../bin/skyline.mjs', import.meta.url));

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [skyline, 'rollout', ...args, '--no-progress'], { timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('skyline rollout --fidelity full', () => {
  it('delivers the parcel with --engine cannon and reports the summary fields as JSON', async () => {
    const result = await run(['--task', 'payload', '--fidelity', 'full', '--engine', 'cannon', '--worlds', '1', '--steps', '1500', '--seed', '2', '--json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ task: 'payload', fidelity: 'full', engine: 'cannon', success: true, success_rate: 1, crashes: 0, worlds: 1 });
    expect(summary.parcel_rest_position).toHaveLength(3);
    expect(summary.mean_final_error).toBeLessThan(1);
    expect(summary.state_hash).toMatch(/^[0-9a-f]{16}$/);
    expect(summary.steps_per_s).toBeGreaterThan(0);
  });

  it('exits with code 2 and says what is accepted for flags that do not fit', async () => {
    const cases: [string[], string][] = [
      [['--task', 'payload'], '--task payload needs --fidelity full'],
      [['--engine', 'cannon'], '--engine cannon picks the rigid-body engine of full fidelity; accepted: --engine with --fidelity full'],
      [['--task', 'payload', '--fidelity', 'full', '--worlds', '4'], '--fidelity full runs one world, got --worlds 4; accepted: --worlds 1'],
      [['--fidelity', 'full', '--task', 'hover'], '--fidelity full runs the payload task, got --task hover; accepted: --task payload'],
      [['--task', 'payload', '--fidelity', 'full', '--policy', 'random'], 'accepted: --policy pid'],
      [['--task', 'payload', '--fidelity', 'full', '--engine', 'bullet'], "argument 'bullet' is invalid. expected one of rapier, cannon"],
    ];
    const results = await Promise.all(cases.map(([args]) => run([...args, '--steps', '10'])));
    results.forEach((result, i) => {
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(cases[i][1]);
    });
  });
});
