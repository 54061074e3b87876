/** Small helpers shared by the benchmarks: the machine line, a median timer, the yardstick. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function machineLine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}`;
}

/** Median of `runs` timings of `body` (seconds), after one untimed warm-up run. */
export function medianSeconds(runs: number, body: () => void): number {
  body();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    body();
    times.push((performance.now() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export const YARDSTICK_SOURCE = fileURLToPath(new URL('../../shared/yardstick/quad.c', import.meta.url));

/**
 * Compiles the C reference kernel with the flags its README gives and runs it at `count` drones;
 * returns drone-steps/s (median of three runs), or null where it or a C compiler is missing.
 */
export function runYardstick(count: number, steps = 2000): number | null {
  if (!existsSync(YARDSTICK_SOURCE)) return null;
  const binary = path.join(mkdtempSync(path.join(os.tmpdir(), 'skyline-yardstick-')), 'yardstick');
  try {
    execFileSync('gcc', ['-O3', '-march=native', '-ffast-math', '-o', binary, YARDSTICK_SOURCE, '-lm'], { stdio: 'pipe' });
  } catch {
    return null;
  }
  const rates: number[] = [];
  for (let r = 0; r < 3; r++) {
    const output = execFileSync(binary, [String(count), String(steps)], { encoding: 'utf8' });
    const match = /drone_steps_per_s=([0-9.e+]+)/.exec(output);
    if (match) rates.push(Number(match[1]));
  }
  rates.sort((a, b) => a - b);
  return rates.length ? rates[Math.floor(rates.length / 2)] : null;
}

export function formatRate(value: number | null): string {
  return value === null ? 'n/a' : value.toExponential(3);
}
