/**
 * `skyline run --record` stopped at seeded random points by SIGKILL, SIGTERM and SIGINT: each
 * file then opens with apache-arrow's own reader. SIGTERM and SIGINT close the recording (the IPC
 * file form, every frame the summary counts) and print the summary; SIGKILL leaves the IPC stream
 * with every batch that was on disk when it struck.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordBatchFileReader, RecordBatchReader, tableFromIPC } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { FleetRecording, openFleetRecorder } from '../../sim/index.ts';
import { simulateCityFlight } from './city-flight-episode.ts';

const REPOSITORY_DIR = join(import.meta.dirname, '../..');
const BATCH_FRAMES = 64; // the recorder's default batch
const folder = mkdtempSync(join(tmpdir(), 'skyline-killed-'));

afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** mulberry32: the kill points come from a seed, not from the clock. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rowsOnDisk(path: string): number {
  try {
    if (statSync(path).size < 8) return 0;
    return FleetRecording.fromBytes(new Uint8Array(readFileSync(path))).frameCount;
  } catch {
    return 0;
  }
}

interface StoppedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  rowsBeforeSignal: number;
  bytes: Uint8Array;
}

/** Runs a day-long episode, sends `signal` once `batches` whole batches are on disk, and waits for the exit. */
async function runAndStop(signal: NodeJS.Signals, batches: number): Promise<StoppedRun> {
  const path = join(folder, `${signal}.arrow`);
  const child = spawn(process.execPath, ['bin/skyline.mjs', 'run', '--seed', '5', '--duration', '86400', '--record', path, '--json', '--no-progress'], {
    cwd: REPOSITORY_DIR, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, how) => resolve({ code, signal: how })));
  const started = Date.now();
  let rows = 0;
  while ((rows = rowsOnDisk(path)) < batches * BATCH_FRAMES) {
    if (Date.now() - started > 60_000) {
      child.kill('SIGKILL');
      throw new Error(`the run wrote ${rows} rows in 60 s; expected ${batches * BATCH_FRAMES}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  child.kill(signal);
  const exit = await exited;
  return { ...exit, stdout, rowsBeforeSignal: rows, bytes: new Uint8Array(readFileSync(path)) };
}

describe('a recording torn inside a batch\'s write', () => {
  it('keeps the whole batches before the torn one, in apache-arrow\'s RecordBatchReader and in Skyline\'s reader', async () => {
    const { world, frames } = await simulateCityFlight({ seconds: 3, drones: 2, robots: 1 });
    const path = join(folder, 'torn.arrow');
    const recorder = await openFleetRecorder(path, { world, batchFrames: 8 });
    for (const frame of frames.slice(0, 24)) recorder.write(frame); // three batches on disk, still running
    const stream = new Uint8Array(readFileSync(path));
    const torn = stream.subarray(0, stream.byteLength - 100);
    const batches: number[] = [];
    expect(() => {
      for (const batch of RecordBatchReader.from(torn)) batches.push(batch.numRows);
    }).toThrow(/Expected to read/);
    expect(batches).toEqual([8, 8]);
    const recovered = FleetRecording.fromBytes(torn);
    expect(recovered.frameCount).toBe(16);
    expect(recovered.complete).toBe(false);
    expect(FleetRecording.fromBytes(stream).frameCount).toBe(24);
    await recorder.close();
  });
});

describe('a recording run stopped by a signal', () => {
  const random = seededRandom(16);
  const batches = (count: number): string => `${count} batch${count === 1 ? '' : 'es'}`;
  const points = { SIGKILL: 1 + Math.floor(random() * 3), SIGTERM: 1 + Math.floor(random() * 3), SIGINT: 1 + Math.floor(random() * 3) };

  it(`SIGKILL after ${batches(points.SIGKILL)} leaves an Arrow stream with every whole batch written`, async () => {
    const run = await runAndStop('SIGKILL', points.SIGKILL);
    expect(run.signal).toBe('SIGKILL');
    expect(run.stdout).toBe('');
    const table = tableFromIPC(run.bytes);
    // Whole batches only, at least those on disk before the kill, at most one more.
    expect(table.numRows % BATCH_FRAMES).toBe(0);
    expect(table.numRows).toBeGreaterThanOrEqual(run.rowsBeforeSignal);
    expect(table.batches.length).toBe(table.numRows / BATCH_FRAMES);
    const steps = Array.from(table.getChild('step')!.toArray() as Int32Array);
    expect(steps).toEqual(steps.map((_, row) => row * 100));
    expect(FleetRecording.fromBytes(run.bytes).complete).toBe(false);
  }, 90_000);

  for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    it(`${signal} after ${batches(points[signal])} closes the recording in the file form and prints the summary`, async () => {
      const run = await runAndStop(signal, points[signal]);
      expect(run.code).toBe(code);
      const summary = JSON.parse(run.stdout) as { recorded_frames: number; stopped_by: string; sim_time_s: number };
      expect(summary.stopped_by).toBe(signal);
      expect(new TextDecoder().decode(run.bytes.subarray(0, 6))).toBe('ARROW1');
      const table = tableFromIPC(run.bytes);
      expect(table.numRows).toBe(summary.recorded_frames);
      expect(table.numRows).toBeGreaterThanOrEqual(run.rowsBeforeSignal);
      // The IPC file reader (footer and random access) agrees with the stream.
      const fileReader = RecordBatchFileReader.from(run.bytes).open();
      expect(fileReader.numRecordBatches).toBe(table.batches.length);
      const steps = table.getChild('step')!.toArray() as Int32Array;
      expect(steps[steps.length - 1]).toBe(Math.round(summary.sim_time_s * 100));
      expect(FleetRecording.fromBytes(run.bytes).complete).toBe(true);
    }, 90_000);
  }
});
