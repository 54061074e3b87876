import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeRecording } from '../../sim/index.ts';
import { simulateCityFlight } from './city-flight-episode.ts';
import { builtViewerDir } from './viewer-browser.ts';

let folder: string;
let recordingPath: string;
let child: ChildProcessWithoutNullStreams;
let output = '';

/** Starts `skyline replay` and resolves with the URL it prints. */
function startReplay(args: string[]): Promise<string> {
  child = spawn(process.execPath, ['bin/skyline.mjs', 'replay', ...args], { cwd: join(import.meta.dirname, '../..') });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Viewer: (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`skyline replay exited with ${code} before printing a URL:\n${output}`)));
  });
}

beforeAll(async () => {
  builtViewerDir(); // the CLI would build it otherwise
  folder = mkdtempSync(join(tmpdir(), 'skyline-replay-cli-'));
  const { world, frames } = await simulateCityFlight({ seconds: 5, drones: 2, robots: 1 });
  recordingPath = join(folder, 'short run.arrow');
  writeFileSync(recordingPath, encodeRecording(frames, { world }));
});

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(folder, { recursive: true, force: true });
});

describe('skyline replay', () => {
  it('prints a URL that serves the viewer and the recording, and nothing outside them', async () => {
    const url = await startReplay([recordingPath, '--port', '0', '--step', '200']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?recording=%2Frecordings%2Fshort%2520run\.arrow&step=200$/);
    expect(output).toMatch(/Replaying .*short run\.arrow: 51 frames, 5\.0 s, 3 vehicles/);

    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect((await fetch(new URL(script!, url))).status).toBe(200);

    const origin = new URL(url).origin;
    const recordingUrl = decodeURIComponent(new URL(url).searchParams.get('recording')!);
    const served = new Uint8Array(await (await fetch(origin + recordingUrl)).arrayBuffer());
    expect(Buffer.from(served).equals(readFileSync(recordingPath))).toBe(true);

    expect((await fetch(`${origin}/recordings/other.arrow`)).status).toBe(404);
    expect((await fetch(`${origin}/%2e%2e/package.json`)).status).toBe(404);
    expect((await fetch(`${origin}/`, { method: 'POST' })).status).toBe(405);

    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('refuses a file that is not a recording, naming it, with exit code 2', async () => {
    const notRecording = join(folder, 'city.arrow');
    writeFileSync(notRecording, JSON.stringify({ hello: 'world' }));
    output = '';
    await expect(startReplay([notRecording, '--port', '0'])).rejects.toThrow(/exited with 2/);
    expect(output).toMatch(/skyline: error: not an Arrow IPC file or stream/);
  });
});
