/**
 * `skyline start` (what `npm start` runs) refuses bad options with one line that names the option
 * and what it accepts, and exit code 2, before it builds or listens on anything.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPOSITORY_DIR = fileURLToPath(new URL('../..', import.meta.url));

function runStart(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/skyline.mjs', 'start', ...args], { cwd: REPOSITORY_DIR, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('skyline start with bad options', () => {
  it('names the port rule when the port is out of range', () => {
    const result = runStart(['--port', '70000']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("option '--port <port>' argument '70000' is invalid");
    expect(result.stderr).toContain('from 0 to 65535');
    expect(result.stdout).not.toContain('Viewer:');
  });

  it('refuses an empty fleet and says which options to give', () => {
    const result = runStart(['--port', '0', '--drones', '0', '--robots', '0']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/the fleet is empty: --drones and --robots are both 0/);
  });

  it('refuses a seed that is not a whole number', () => {
    const result = runStart(['--port', '0', '--seed', 'north']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("option '--seed <seed>' argument 'north' is invalid");
  });

  it('lists its options and an example in --help', () => {
    const result = runStart(['--help']);
    expect(result.status).toBe(0);
    for (const option of ['--port', '--host', '--seed', '--drones', '--robots', '--token']) expect(result.stdout).toContain(option);
    expect(result.stdout).toContain('npm start -- --port 9000');
  });
});
