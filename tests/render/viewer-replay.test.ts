import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFleetRecorder, readRecordingFile, startReplayServer, type FleetRecording, type ReplayServer } from '../../sim/index.ts';
import type { WorldSpec } from '../../worlds/index.ts';
import { simulateCityFlight } from './city-flight-episode.ts';
import { builtViewerDir, canvasPixelStats, clickableVehicle, launchViewerBrowser, openViewer, waitForDrawnFleet, type ViewerPage } from './viewer-browser.ts';

let folder: string;
let recording: FleetRecording;
let server: ReplayServer;
let browser: Browser;
let viewer: ViewerPage;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'skyline-replay-'));
  const { world, frames } = await simulateCityFlight({ seconds: 20, frameEvery: 10, drones: 6, robots: 2 });
  const path = join(folder, 'city-flight.arrow');
  const recorder = await openFleetRecorder(path, { world, meta: { task: 'city-flight' } });
  for (const frame of frames) recorder.write(frame);
  await recorder.close();
  recording = await readRecordingFile(path);
  server = await startReplayServer({ viewerDir: builtViewerDir(), recordingPath: path });
  browser = await launchViewerBrowser();
  viewer = await openViewer(browser, server.url);
  await waitForDrawnFleet(viewer.page);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(folder, { recursive: true, force: true });
});

/** Sets the timeline's scrubber as a user dragging it would. */
async function scrubToRow(row: number): Promise<void> {
  await viewer.page.locator('[data-testid=scrubber]').evaluate((slider: HTMLInputElement, value) => {
    slider.value = String(value);
    slider.dispatchEvent(new Event('input', { bubbles: true }));
  }, row);
}

async function drawnPositions(): Promise<Record<string, [number, number, number]>> {
  return viewer.page.evaluate(() => window.skylineDebug.vehiclePositions());
}

function expectDrawnAtRow(drawn: Record<string, [number, number, number]>, row: number): void {
  const recorded = recording.positionsAt(row);
  recording.vehicles.forEach((vehicle, i) => {
    for (let axis = 0; axis < 3; axis++) expect(drawn[vehicle.id][axis]).toBeCloseTo(recorded[3 * i + axis], 4);
  });
}

describe('the viewer replaying a recording', () => {
  it('draws the recorded city and fleet: the canvas is not blank', async () => {
    const stats = await canvasPixelStats(viewer.page);
    expect(stats.nonDominantShare).toBeGreaterThan(0.3); // buildings, roads and blocks over the ground
    expect(stats.distinctColours).toBeGreaterThan(40);
  });

  it('reports as many drones, robots and buildings drawn as the recording holds', async () => {
    const debug = await viewer.page.evaluate(() => ({ drawn: window.skylineDebug.drawn, mode: window.skylineDebug.mode, step: window.skylineDebug.step }));
    const kinds = recording.vehicles.map((vehicle) => vehicle.kind);
    expect(debug.mode).toBe('recording');
    expect(debug.step).toBe(0);
    expect(debug.drawn.drones).toBe(kinds.filter((kind) => kind === 'drone').length);
    expect(debug.drawn.robots).toBe(kinds.filter((kind) => kind === 'robot').length);
    expect(debug.drawn.buildings).toBe((recording.world as WorldSpec).buildings.length);
    expect(debug.drawn.parcels).toBe(recording.frameAt(0).parcels.length);
  });

  it('shows the positions recorded at step k when scrubbed to step k', async () => {
    for (const row of [Math.floor(recording.frameCount / 2), recording.frameCount - 1, 3]) {
      await scrubToRow(row);
      const step = await viewer.page.evaluate(() => window.skylineDebug.step);
      expect(step).toBe(recording.steps[row]);
      expectDrawnAtRow(await drawnPositions(), row);
      await expect.poll(() => viewer.page.locator('[data-testid=timeline-clock]').textContent()).toContain(`step ${recording.steps[row]}`);
    }
  });

  it('steps with the keyboard: End, then three frames back', async () => {
    await viewer.page.locator('[data-testid=viewer-canvas]').focus();
    await viewer.page.keyboard.press('End');
    await viewer.page.keyboard.press('ArrowLeft');
    await viewer.page.keyboard.press('ArrowLeft');
    await viewer.page.keyboard.press('ArrowLeft');
    const row = recording.frameCount - 4;
    expect(await viewer.page.evaluate(() => window.skylineDebug.step)).toBe(recording.steps[row]);
    expectDrawnAtRow(await drawnPositions(), row);
  });

  it('marks the crash the episode contains with a red marker once scrubbed past it', async () => {
    const crashRow = recording.eventRowIndex[recording.events.findIndex((event) => event.kind === 'crash')];
    await scrubToRow(crashRow - 1);
    expect(await viewer.page.evaluate(() => window.skylineDebug.drawn.crashes)).toBe(0);
    await scrubToRow(crashRow);
    expect(await viewer.page.evaluate(() => window.skylineDebug.drawn.crashes)).toBe(1);
  });

  it('shows an agent\'s id in the panel when it is clicked, with its messages', async () => {
    await scrubToRow(Math.floor(recording.frameCount / 2));
    await viewer.page.keyboard.press('r'); // frame the fleet
    await viewer.page.waitForTimeout(300);
    const target = await clickableVehicle(viewer.page);
    expect(target).not.toBeNull();
    await viewer.page.mouse.click(target!.x, target!.y);
    await expect.poll(() => viewer.page.locator('[data-testid=selected-agent-id]').textContent()).toBe(target!.id);
    expect(await viewer.page.evaluate(() => window.skylineDebug.selectedAgent)).toBe(target!.id);
    await expect.poll(() => viewer.page.locator('[data-testid=agent-panel] .messages').textContent()).toContain('skill started');
  });

  it('logged no page errors', () => {
    expect(viewer.errors).toEqual([]);
  });
});
