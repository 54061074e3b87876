/** `skyline replay --open` where no browser can be opened says so and how to open the page by hand. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeRecording } from '../../sim/index.ts';
import { simulateCityFlight } from './city-flight-episode.ts';
import { builtViewerDir } from './viewer-browser.ts';

const folder = mkdtempSync(join(tmpdir(), 'skyline-replay-open-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('skyline replay --open without a display', () => {
  it('still serves the replay and prints why no browser opened, with the URL to open by hand', async () => {
    builtViewerDir();
    const { world, frames } = await simulateCityFlight({ seconds: 2, drones: 1, robots: 0 });
    const path = join(folder, 'open.arrow');
    writeFileSync(path, encodeRecording(frames, { world }));
    const env = { ...process.env };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const child = spawn(process.execPath, ['bin/skyline.mjs', 'replay', path, '--open', '--port', '0'], { cwd: join(import.meta.dirname, '../..'), env });
    let output = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const read = (chunk: Buffer): void => {
          output += chunk.toString();
          if (/Viewer: http/.test(output) && /--open:/.test(output)) resolve();
        };
        child.stdout.on('data', read);
        child.stderr.on('data', read);
        child.on('exit', (code) => reject(new Error(`skyline replay exited with ${code}:\n${output}`)));
      });
    } finally {
      child.kill('SIGINT');
    }
    const url = /Viewer: (http:\/\/\S+)/.exec(output)![1];
    expect(output).toContain('no display here (DISPLAY and WAYLAND_DISPLAY are unset), so no browser can be opened');
    expect(output).toContain(`open ${url} in a browser yourself`);
  });
});
