/**
 * A benchmark episode replayed in the viewer shows its own objects: the search task's target,
 * announced by the recording's task_started event, is drawn and labelled, though the world's
 * text and JSON never name it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecordingFile } from '../../sim/index.ts';
import { openRecordingInViewer, type ReplayInViewer, type ViewerPage } from './viewer-browser.ts';

const repository = join(import.meta.dirname, '..', '..');
const folder = mkdtempSync(join(tmpdir(), 'skyline-episode-objects-'));
let replay: ReplayInViewer;
let viewer: ViewerPage;
let label: string;
let position: [number, number, number];
let lastStep: number;

beforeAll(async () => {
  await promisify(execFile)(process.execPath, [join(repository, 'bin', 'skyline.mjs'), 'eval', '--suite', 'search', '--agents', 'scripted', '--episodes', '1',
    '--out', folder], { cwd: repository });
  const recordings = join(folder, 'recordings');
  const path = join(recordings, readdirSync(recordings).find((name) => name.endsWith('.arrow'))!);
  const recording = await readRecordingFile(path);
  const started = recording.events.find((event) => event.kind === 'task_started')!;
  const marker = (started.data!.markers as { label: string; x: number; y: number; z: number; height: number }[])[0];
  label = marker.label;
  lastStep = recording.steps[recording.frameCount - 1];
  position = [marker.x, marker.y, marker.z + marker.height];
  replay = await openRecordingInViewer(path);
  viewer = replay.viewer;
});

afterAll(async () => {
  await replay?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('a search episode replayed', () => {
  it('draws the object the agent had to find, with its label over it, where the drone found it', async () => {
    await viewer.page.evaluate((step) => window.skylineDebug.seekStep(step), lastStep);
    await viewer.page.keyboard.press('r'); // the camera onto the drone, which ends within 10 m of the object
    await viewer.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const labels = await viewer.page.$$eval('.label.episode-object', (nodes) => nodes.map((node) => node.textContent));
    expect(labels).toEqual([label]);
    const objects = await viewer.page.evaluate(() => window.skylineDebug.episodeObjects());
    expect(objects).toHaveLength(1);
    expect(objects[0].label).toBe(label);
    for (let axis = 0; axis < 3; axis++) expect(objects[0].top[axis]).toBeCloseTo(position[axis], 3);
  });
});
