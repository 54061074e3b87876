/**
 * A packed install, as a user outside the repository gets it: `npm pack`, then `npm install` of the
 * tarball in an empty folder (packages come from npm's cache where it has them), then the
 * `skyline` command runs from there and gives the same rollout as the repository.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtViewerDir } from '../render/viewer-browser.ts';

const run = promisify(execFile);
const repository = join(import.meta.dirname, '..', '..');
const folder = mkdtempSync(join(tmpdir(), 'skyline-packed-'));
const app = join(folder, 'app');
const npmEnv = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

describe('a packed install in an empty folder', () => {
  beforeAll(async () => {
    // --ignore-scripts: the suite's setup has built the viewer already, and prepack's rebuild would
    // empty render/dist under the browser tests running beside this one.
    builtViewerDir();
    await run('npm', ['pack', '--ignore-scripts', '--pack-destination', folder], { cwd: repository, env: npmEnv, maxBuffer: 1 << 24 });
    const tarball = readdirSync(folder).find((name) => name.endsWith('.tgz'));
    expect(tarball).toMatch(/^skyline-sim-\d+\.\d+\.\d+\.tgz$/);
    await run('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'empty-folder', version: '1.0.0', private: true }));
    await run('npm', ['install', '--prefer-offline', join(folder, tarball!)], { cwd: app, env: npmEnv, maxBuffer: 1 << 24 });
  }, 240_000);

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('runs npx skyline --help and lists the commands', async () => {
    const { stdout } = await run('npx', ['--no-install', 'skyline', '--help'], { cwd: app, env: npmEnv });
    for (const command of ['rollout', 'world', 'run', 'serve', 'start', 'replay']) expect(stdout).toContain(command);
  });

  it('runs npx skyline rollout with the same state hash as the repository', async () => {
    const args = ['rollout', '--worlds', '16', '--steps', '50', '--seed', '3', '--json'];
    const packed = JSON.parse((await run('npx', ['--no-install', 'skyline', ...args], { cwd: app, env: npmEnv })).stdout.trim().split('\n').pop()!);
    const local = JSON.parse((await run('node', [join(repository, 'bin', 'skyline.mjs'), ...args], { cwd: repository })).stdout.trim().split('\n').pop()!);
    expect(packed.drones).toBe(16);
    expect(packed.state_hash).toBe(local.state_hash);
  });

  it('ships the built viewer, so skyline start needs no build tools', () => {
    const dist = join(app, 'node_modules', 'skyline-sim', 'render', 'dist');
    expect(readdirSync(dist)).toContain('index.html');
    expect(readdirSync(join(app, 'node_modules'))).not.toContain('vite');
  });
});
