import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const skyline = fileURLToPath(new URL('../../bin/skyline.mjs', import.meta.url));

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [skyline, ...args], { timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('skyline rollout (the real command)', () => {
  it('flies 256 hover worlds to ≥ 95 % success with the same hash for 1 and 2 workers', async () => {
    const args = ['rollout', '--task', 'hover', '--worlds', '256', '--steps', '500', '--policy', 'pid', '--json'];
    const [first, second, two] = await Promise.all([run(args), run(args), run([...args, '--workers', '2'])]);
    for (const result of [first, second, two]) expect(result.code).toBe(0);
    const a = JSON.parse(first.stdout), b = JSON.parse(second.stdout), c = JSON.parse(two.stdout);
    expect(a.success_rate).toBeGreaterThanOrEqual(0.95);
    expect(a.mean_final_error).toBeLessThan(0.05);
    expect(a.crashes).toBe(0);
    expect(a.steps_per_s).toBeGreaterThan(0);
    expect(b.state_hash).toBe(a.state_hash);
    expect(c.state_hash).toBe(a.state_hash);
    expect(c.workers).toBe(2);
  });

  it('prints a readable summary table without --json', async () => {
    const result = await run(['rollout', '--worlds', '8', '--steps', '50', '--no-progress']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/success rate\s+\d+\.\d %/);
    expect(result.stdout).toMatch(/state hash\s+[0-9a-f]{16}/);
  });

  it('exits with code 2 and names the option and what is accepted for a bad value', async () => {
    const task = await run(['rollout', '--task', 'juggle']);
    expect(task.code).toBe(2);
    expect(task.stderr).toContain("option '--task <name>' argument 'juggle' is invalid. expected one of hover, waypoints");
    const worlds = await run(['rollout', '--worlds', 'many']);
    expect(worlds.code).toBe(2);
    expect(worlds.stderr).toContain('expected a whole number from 1 to 16777216; got "many"');
    const policy = await run(['rollout', '--policy', 'pid', '--action', 'motors', '--worlds', '1', '--steps', '1']);
    expect(policy.code).toBe(2);
    expect(policy.stderr).toContain('skyline: error: policy "pid" commands the velocity or goto rung');
    const world = await run(['rollout', '--world', 'no-such-city.json', '--worlds', '1', '--steps', '1']);
    expect(world.code).toBe(2);
    expect(world.stderr).toContain('skyline: error: --world no-such-city.json: cannot read the file (ENOENT); accepted: a WorldSpec JSON file');
  });

  it('documents every option in --help', async () => {
    const result = await run(['rollout', '--help']);
    expect(result.code).toBe(0);
    for (const option of ['--task', '--worlds', '--drones-per-world', '--steps', '--workers', '--seed', '--policy', '--json']) {
      expect(result.stdout).toContain(option);
    }
  });

  it('ends quietly with code 0 when the reader closes the pipe early (skyline rollout --help | head -1)', async () => {
    const child = spawn(process.execPath, [skyline, 'rollout', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    // Closing our end before the help is written makes the command's write fail with EPIPE.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  });
});
