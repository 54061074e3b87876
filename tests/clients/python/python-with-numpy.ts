/** The interpreter the Python package's tests use: /usr/bin/python3 (Debian's python3-numpy) first, else python3 on PATH. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPOSITORY_DIR = fileURLToPath(new URL('../../..', import.meta.url));
export const NUMPY_HINT = 'needs python3 with numpy: apt-get install -y python3-numpy (python3-websockets for the fleet env)';

function findPython(module: string): string | null {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(candidate, ['-c', `import ${module}`], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  return null;
}

export const PYTHON_WITH_NUMPY = findPython('numpy');
export const PYTHON_WITH_NUMPY_AND_WEBSOCKETS = findPython('numpy, websockets');
if (!PYTHON_WITH_NUMPY) console.warn(`Python package tests skipped: ${NUMPY_HINT}`);
