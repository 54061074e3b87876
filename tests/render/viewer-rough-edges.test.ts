/**
 * What a new user sees first in the viewer, checked on the page (pixels and DOM text) with a real
 * recording of `skyline run --record`: a parked drone followed with F, labels at depots, the event
 * feed at 1280×800, metric names and countdowns as words, and a jump to a delivery showing it done.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecordingFile, type FleetRecording } from '../../sim/index.ts';
import { canvasPixelStats, openRecordingInViewer, type ReplayInViewer, type ViewerPage } from './viewer-browser.ts';

const repository = join(import.meta.dirname, '..', '..');
const folder = mkdtempSync(join(tmpdir(), 'skyline-rough-edges-'));
let recording: FleetRecording;
let replay: ReplayInViewer;
let viewer: ViewerPage;

beforeAll(async () => {
  const path = join(folder, 'day.arrow');
  await promisify(execFile)(process.execPath, [join(repository, 'bin', 'skyline.mjs'), 'run', '--agents', 'scripted', '--seed', '7', '--duration', '300',
    '--order-rate', '120', '--record', path, '--no-progress', '--json'], { cwd: repository });
  recording = await readRecordingFile(path);
  replay = await openRecordingInViewer(path);
  viewer = replay.viewer;
});

afterAll(async () => {
  await replay?.close();
  rmSync(folder, { recursive: true, force: true });
});

async function drawSettled(): Promise<void> {
  await viewer.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await viewer.page.waitForTimeout(400); // the panels refresh a few times a second
}

describe('the viewer at 1280×800 with a recorded delivery day', () => {
  it('follows a parked drone with F and still shows the scene, not one colour filling the canvas', async () => {
    const parked = recording.vehicles.find((vehicle, i) => vehicle.kind === 'drone' && recording.positionsAt(0)[3 * i + 2] < 0.5);
    expect(parked).toBeDefined();
    await viewer.page.evaluate((id) => window.skylineDebug.select(id), parked!.id);
    await viewer.page.keyboard.press('f');
    await drawSettled();
    const stats = await canvasPixelStats(viewer.page);
    expect(stats.nonDominantShare).toBeGreaterThan(0.15);
    expect(stats.distinctColours).toBeGreaterThan(8);
    await viewer.page.keyboard.press('f');
    await viewer.page.keyboard.press('Escape');
  });

  it('never draws two labels over each other; agents parked together share one label with a count', async () => {
    await viewer.page.evaluate(() => window.skylineDebug.seekStep(0));
    await viewer.page.keyboard.press('r'); // the camera back onto the whole fleet, as at start
    await drawSettled();
    const boxes = await viewer.page.$$eval('.label-layer .label', (nodes) => nodes.map((node) => {
      const r = node.getBoundingClientRect();
      return { text: node.textContent ?? '', left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    }));
    expect(boxes.length).toBeGreaterThan(3);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        const overlap = a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;
        expect(overlap, `"${a.text}" and "${b.text}" overlap`).toBe(false);
      }
    }
    expect(boxes.some((box) => /^(drone|robot)-\d+ \+\d+$/.test(box.text))).toBe(true);
  });

  it('shows the metrics by name with units, and due times as durations', async () => {
    await viewer.page.evaluate((step) => window.skylineDebug.seekStep(step), recording.steps[Math.floor(recording.frameCount / 3)]);
    await drawSettled();
    const metrics = await viewer.page.locator('[data-testid=metrics-panel]').innerText();
    for (const label of ['On-time rate', 'Mean delivery time', 'Energy', 'Simulated time']) expect(metrics).toContain(label);
    expect(metrics).not.toMatch(/Energy wh|time s\b|rate 0/i);
    expect(metrics).toMatch(/\d Wh/);
    expect(metrics).toMatch(/\d+ %/);
    const due = await viewer.page.$$eval('[data-testid=orders-panel] tbody td:nth-child(3)', (cells) => cells.map((cell) => cell.textContent ?? ''));
    expect(due.length).toBeGreaterThan(0);
    for (const text of due) expect(text).toMatch(/^(late by )?(\d+ min \d{2} s|\d+ s|\d+ h \d{2} min)$/);
  });

  it('shows at least four events of the feed inside the viewport', async () => {
    await viewer.page.evaluate((step) => window.skylineDebug.seekStep(step), recording.steps[recording.frameCount - 1]);
    await drawSettled();
    const visible = await viewer.page.$$eval('[data-testid=events-panel] .event', (items) => {
      const panel = document.querySelector('[data-testid=events-panel] .panel-body')!.getBoundingClientRect();
      return items.filter((item) => {
        const r = item.getBoundingClientRect();
        return r.top >= panel.top - 1 && r.bottom <= panel.bottom + 1 && r.bottom <= window.innerHeight && r.height > 0;
      }).length;
    });
    expect(visible).toBeGreaterThanOrEqual(4);
  });

  it('jumps to a delivery and shows it done: the parcel out of the cargo and counted as delivered', async () => {
    const delivery = recording.events.findIndex((event) => event.kind === 'delivered');
    expect(delivery).toBeGreaterThanOrEqual(0);
    const event = recording.events[delivery];
    const parcel = String(event.data!.parcel);
    await viewer.page.evaluate((step) => window.skylineDebug.seekStep(step - 100), event.step);
    await drawSettled();
    await viewer.page.evaluate(() => window.skylineDebug.select(null));
    await viewer.page.keyboard.press('.'); // the next crash, failure or delivery
    await drawSettled();
    const step = await viewer.page.evaluate(() => window.skylineDebug.step);
    expect(step).toBeGreaterThanOrEqual(event.step);
    expect(await viewer.page.getByTestId('selected-agent-id').innerText()).toBe(event.agent);
    const agent = await viewer.page.getByTestId('agent-panel').innerText();
    const cargo = /Cargo\s*\n([^\n]*)/.exec(agent)![1];
    expect(cargo).not.toContain(parcel);
    const metrics = await viewer.page.locator('[data-testid=metrics-panel]').innerText();
    const delivered = Number(/Delivered\s+(\d+)/.exec(metrics)![1]);
    expect(delivered).toBeGreaterThanOrEqual(1);
  });
});
