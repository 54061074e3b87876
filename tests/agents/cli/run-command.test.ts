import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRunCommand } from '../../../agents/index.ts';
import { readRecordingFile } from '../../../sim/index.ts';

async function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<string> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await createRunCommand().exitOverride().parseAsync(args, { from: 'user' });
  } finally {
    write.mockRestore();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  return out;
}

describe('skyline run', () => {
  let folder: string | null = null;
  afterEach(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
    folder = null;
  });

  it('prints one JSON object with the delivery metrics and records the episode frame by frame', async () => {
    folder = await mkdtemp(join(tmpdir(), 'skyline-run-'));
    const path = join(folder, 'episode.arrow');
    const out = await runCli(['--seed', '7', '--duration', '30', '--decide-every', '1', '--json', '--no-progress', '--record', path]);
    const summary = JSON.parse(out);
    expect(summary.sim_time_s).toBeCloseTo(30, 6);
    expect(summary.orders_created).toBe(3);
    expect(summary.collisions).toBe(0);
    expect(summary.driver_assignments).toBeGreaterThanOrEqual(3);
    expect(summary.recorded_frames).toBe(31);
    const recording = await readRecordingFile(path);
    expect(recording.frameCount).toBe(31);
  }, 60_000);

  it('refuses --agents llm without an endpoint, naming the variables to set', async () => {
    await expect(runCli(['--agents', 'llm', '--duration', '5'], { OPENAI_BASE_URL: undefined, OPENAI_API_KEY: undefined })).rejects.toThrow(/OPENAI_BASE_URL.*OPENAI_API_KEY/);
  });
});
