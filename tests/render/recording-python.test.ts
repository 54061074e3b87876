/**
 * The README's Python snippet, run as written against a recording the sim made, where a Python
 * with pyarrow and numpy is present (SKYLINE_PYTHON names one; python3 otherwise). Skyline does not
 * install pyarrow, so elsewhere this test is skipped and says why.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFleetRecorder } from '../../sim/index.ts';
import { simulateCityFlight } from './city-flight-episode.ts';

const python = process.env.SKYLINE_PYTHON ?? 'python3';
const hasPyarrow = spawnSync(python, ['-c', 'import pyarrow, numpy'], { stdio: 'ignore' }).status === 0;

function readmePythonSnippet(): string {
  const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
  const match = /Reading one in Python[^\n]*\n\n```python\n([\s\S]*?)```/.exec(readme);
  if (!match) throw new Error('README.md has no ```python block after "Reading one in Python"');
  return match[1];
}

describe('reading a recording from Python', () => {
  it('finds the README snippet', () => {
    expect(readmePythonSnippet()).toContain('pa.ipc.open_file');
  });

  it.skipIf(!hasPyarrow)(`runs the README snippet as written with ${python} and pyarrow`, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'skyline-python-'));
    try {
      const { world, frames } = await simulateCityFlight({ seconds: 6, drones: 3, robots: 1 });
      const path = join(folder, 'episode.arrow');
      const recorder = await openFleetRecorder(path, { world });
      for (const frame of frames) recorder.write(frame);
      await recorder.close();
      const snippet = readmePythonSnippet().replace('path = "runs/episode.arrow"', `path = ${JSON.stringify(path)}`);
      const output = execFileSync(python, ['-c', snippet], { encoding: 'utf8' });
      const events = frames.reduce((sum, frame) => sum + frame.events.length, 0);
      expect(output).toContain(`${world.name}: ${frames.length} frames of 4 vehicles, ${events} events`);
      const last = frames[frames.length - 1];
      const numbers = /drone-1 ends at \[\s*([-\d.e+]+)\s+([-\d.e+]+)\s+([-\d.e+]+)\s*\] at step (\d+)/.exec(output);
      expect(numbers).not.toBeNull();
      numbers!.slice(1, 4).forEach((value, axis) => expect(Number(value)).toBeCloseTo(last.vehicles[0].position[axis], 3));
      expect(Number(numbers![4])).toBe(last.step);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
