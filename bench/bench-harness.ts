/** Small helpers shared by the benchmarks: the machine line, a median timer, the C reference kernel. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CF2X_PARAMS, QUADROTOR_KERNEL_PARAM_SIZE, writeKernelParams } from '../physics/index.ts';

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

/** The project's C reference kernel (same model as the scalar kernel; see the file's comment). */
export const REFERENCE_SOURCE = fileURLToPath(new URL('./quadrotor-reference.c', import.meta.url));

/**
 * The flags the bench builds it with. -fno-tree-vectorize keeps gcc from packing a drone's own
 * 17-component loops into vectors, which measured slower here; drones go one at a time either way.
 */
export const REFERENCE_FLAGS = ['-O3', '-march=native', '-ffast-math', '-fno-tree-vectorize'] as const;
/** IEEE f32 in program order (no fast-math, no FMA contraction): the kernel's bits, for the check. */
export const REFERENCE_EXACT_FLAGS = ['-O2', '-ffp-contract=off'] as const;

/** Why the C reference cannot be measured here (no gcc), or null when it can. */
export type ReferenceBuild = { binary: string; flags: readonly string[] } | { missing: string };

const builds = new Map<string, ReferenceBuild>();

/** Compiles the C reference with `flags` (once per process and flag set) or says why it cannot. */
export function buildReference(flags: readonly string[] = REFERENCE_FLAGS): ReferenceBuild {
  const key = flags.join(' ');
  const known = builds.get(key);
  if (known) return known;
  const binary = path.join(mkdtempSync(path.join(os.tmpdir(), 'skyline-reference-')), 'quadrotor-reference');
  let build: ReferenceBuild;
  try {
    execFileSync('gcc', [...flags, '-o', binary, REFERENCE_SOURCE, '-lm'], { stdio: 'pipe' });
    build = { binary, flags };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    build = { missing: code === 'ENOENT' ? 'gcc not found on PATH: install gcc to measure the C reference' : `gcc failed: ${String((error as { stderr?: unknown }).stderr ?? error).trim().split('\n')[0]}` };
  }
  builds.set(key, build);
  return build;
}

/** The 22 derived kernel parameters of the cf2x set as the kernel sees them (f32), in layout order. */
export function referenceParams(): string[] {
  const out = new Float32Array(QUADROTOR_KERNEL_PARAM_SIZE);
  writeKernelParams(CF2X_PARAMS, out, 1, 0);
  return Array.from(out, (value) => String(value));
}

/**
 * Runs the C reference at `count` drones (the classic scene: level drones at 1 m, commands within
 * ±2 % of hover) and returns drone-steps/s, median of three runs, or `{ missing }` without gcc.
 */
export function runReference(count: number, steps = 2000, flags: readonly string[] = REFERENCE_FLAGS): number | { missing: string } {
  const build = buildReference(flags);
  if ('missing' in build) return build;
  const rates: number[] = [];
  for (let r = 0; r < 3; r++) {
    const output = execFileSync(build.binary, ['time', String(count), String(steps), ...referenceParams()], { encoding: 'utf8' });
    const match = /drone_steps_per_s=([0-9.e+]+)/.exec(output);
    if (match) rates.push(Number(match[1]));
  }
  rates.sort((a, b) => a - b);
  return rates.length ? rates[Math.floor(rates.length / 2)] : { missing: 'the C reference printed no drone_steps_per_s line' };
}

/** The drone-steps/s of the C reference, or null with the reason printed by `describeReference`. */
export function referenceRate(result: number | { missing: string }): number | null {
  return typeof result === 'number' ? result : null;
}

/** "1.234e+7" or "n/a (gcc not found ...)". */
export function describeReference(result: number | { missing: string }): string {
  return typeof result === 'number' ? formatRate(result) : `n/a (${result.missing})`;
}

export function formatRate(value: number | null): string {
  return value === null ? 'n/a' : value.toExponential(3);
}
