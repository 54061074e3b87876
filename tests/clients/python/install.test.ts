/**
 * `pip install ./clients/python` with no package index (as on this network): the package builds
 * against the system's setuptools, installs into a venv that sees the system's numpy, registers
 * its Gymnasium entry point, and from outside the checkout finds the Node side through SKYLINE_ROOT.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PYTHON_WITH_NUMPY, REPOSITORY_DIR } from './python-with-numpy.ts';

function canBuild(python: string | null): boolean {
  return python !== null && spawnSync(python, ['-c', 'import setuptools, pip, venv'], { encoding: 'utf8' }).status === 0;
}
const PYTHON = canBuild(PYTHON_WITH_NUMPY) ? PYTHON_WITH_NUMPY : null;
const HINT = 'needs python3 with numpy, pip and setuptools: apt-get install -y python3-numpy python3-pip python3-setuptools';
const work = mkdtempSync(path.join(os.tmpdir(), 'skylinesim-install-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.runIf(PYTHON !== null)('pip install ./clients/python with no index', () => {
  it('installs offline and runs a vector env from outside the checkout', () => {
    const source = path.join(work, 'src'), venv = path.join(work, 'venv');
    cpSync(path.join(REPOSITORY_DIR, 'clients', 'python'), source, { recursive: true, filter: (p) => !p.includes('__pycache__') });
    // --without-pip: pip comes from the system's site-packages, so python3-venv's ensurepip is not needed.
    expect(spawnSync(PYTHON!, ['-m', 'venv', '--without-pip', '--system-site-packages', venv]).status).toBe(0);
    const python = path.join(venv, 'bin', 'python');
    const install = spawnSync(python, ['-m', 'pip', 'install', '--no-build-isolation', '--no-index', '--no-cache-dir', source], { encoding: 'utf8', cwd: work });
    expect(install.stderr.split('\n').filter((line) => /ERROR/.test(line))).toEqual([]);
    expect(install.stdout).toContain('Successfully installed skylinesim-0.1.0');
    const script = [
      'import json, importlib.metadata as m, skylinesim, skyline_client',
      'from skylinesim import SkylineVectorEnv',
      'env = SkylineVectorEnv(num_envs=8, workers=1, seed=2)',
      'obs, info = env.reset()',
      "points = [e.value for e in m.entry_points(group='gymnasium.envs') if e.name == 'skylinesim']",
      "print(json.dumps({'file': skylinesim.__file__, 'root': str(skylinesim.find_skyline_root()), 'shape': list(obs.shape), 'entry_points': points}))",
      'env.close()',
    ].join('\n');
    const run = spawnSync(python, ['-c', script], { encoding: 'utf8', cwd: work, env: { ...process.env, SKYLINE_ROOT: REPOSITORY_DIR, PYTHONDONTWRITEBYTECODE: '1' } });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout);
    expect(out.file.startsWith(venv)).toBe(true);
    expect(path.resolve(out.root)).toBe(path.resolve(REPOSITORY_DIR));
    expect(out.shape).toEqual([8, 17]);
    expect(out.entry_points).toEqual(['skylinesim.registration:register_envs']);
    const lost = spawnSync(python, ['-c', 'import skylinesim; skylinesim.SkylineVectorEnv(num_envs=2)'], { encoding: 'utf8', cwd: work, env: { ...process.env, SKYLINE_ROOT: '', PATH: path.dirname(process.execPath), PYTHONDONTWRITEBYTECODE: '1' } });
    expect(lost.status).not.toBe(0);
    expect(lost.stderr).toContain('set SKYLINE_ROOT to a Skyline checkout');
  }, 120_000);
});

if (PYTHON === null) {
  describe('pip install ./clients/python', () => {
    it.skip(HINT, () => {});
  });
}
