/**
 * `skyline start` (what `npm start` runs) as a user runs it, and its page in headless Chromium:
 * the live city and fleet are drawn from the server's stream, match what any other subscriber
 * receives, advance, answer clicks, and the process stops cleanly on Ctrl-C.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverAvailable, startSkylineProcess, type StartedSkyline } from './live-start-process.ts';
import { watchSharedStream, type StreamWatcher } from './live-stream-watcher.ts';
import { canvasPixelStats, clickableVehicle, launchViewerBrowser, openViewer, waitForDrawnFleet, type ViewerPage } from './viewer-browser.ts';

const DRONES = 4, ROBOTS = 2;

let skyline: StartedSkyline;
let watcher: StreamWatcher;
let browser: Browser;
let viewer: ViewerPage;

interface DrawnSnapshot {
  step: number | null;
  drawn: { drones: number; robots: number; parcels: number; crashes: number; buildings: number };
  positions: Record<string, [number, number, number]>;
}

/** What the page has on screen, read in one go (no animation frame runs in between). */
function drawnSnapshot(): Promise<DrawnSnapshot> {
  return viewer.page.evaluate(() => {
    const debug = window.skylineDebug;
    return { step: debug.step, drawn: debug.drawn, positions: debug.vehiclePositions() };
  });
}

describe.skipIf(!(await serverAvailable()))('npm start: the live viewer over the server stream', () => {
  beforeAll(async () => {
    skyline = await startSkylineProcess(['--port', '0', '--drones', String(DRONES), '--robots', String(ROBOTS)]);
    watcher = await watchSharedStream(`ws://127.0.0.1:${skyline.port}/`);
    browser = await launchViewerBrowser();
    viewer = await openViewer(browser, skyline.url);
    await waitForDrawnFleet(viewer.page);
  });

  afterAll(async () => {
    watcher?.close();
    await browser?.close();
    await skyline?.stop();
  });

  it('prints the viewer URL on loopback with the port it really listens on', () => {
    expect(skyline.url).toBe(`http://127.0.0.1:${skyline.port}/`);
    expect(skyline.port).toBeGreaterThan(0);
  });

  it('draws its first frame: the canvas is not blank', async () => {
    const stats = await canvasPixelStats(viewer.page);
    expect(stats.nonDominantShare).toBeGreaterThan(0.3); // buildings, roads and blocks over the ground
    expect(stats.distinctColours).toBeGreaterThan(40);
  });

  it('draws as many drones, robots and buildings as the server streams', async () => {
    const world = watcher.world();
    expect(world).not.toBeNull();
    const snapshot = await drawnSnapshot();
    const mode = await viewer.page.evaluate(() => window.skylineDebug.mode);
    expect(mode).toBe('live');
    expect(snapshot.drawn.buildings).toBe(world!.buildings.length);
    expect(snapshot.drawn.drones).toBe(DRONES);
    expect(snapshot.drawn.robots).toBe(ROBOTS);
    const streamed = watcher.latest()!;
    expect(streamed.vehicles.filter((vehicle) => vehicle.kind === 'drone')).toHaveLength(snapshot.drawn.drones);
    expect(streamed.vehicles.filter((vehicle) => vehicle.kind === 'robot')).toHaveLength(snapshot.drawn.robots);
  });

  it('draws each vehicle where the server streamed it at the step on screen', async () => {
    const snapshot = await drawnSnapshot();
    const step = snapshot.step!;
    // The page and this watcher receive the same published frames; wait until the watcher has this one.
    await expect.poll(() => watcher.frameAt(step) !== undefined, { timeout: 30_000 }).toBe(true);
    const streamed = watcher.frameAt(step)!;
    expect(Object.keys(snapshot.positions).sort()).toEqual(streamed.vehicles.map((vehicle) => vehicle.id).sort());
    for (const vehicle of streamed.vehicles) {
      for (let axis = 0; axis < 3; axis++) expect(snapshot.positions[vehicle.id][axis]).toBeCloseTo(vehicle.position[axis], 3);
    }
    expect(snapshot.drawn.parcels).toBe(streamed.parcels.length);
  });

  it('advances with the simulation: the step on screen rises', async () => {
    const first = (await drawnSnapshot()).step!;
    await expect.poll(async () => (await drawnSnapshot()).step!, { timeout: 30_000 }).toBeGreaterThan(first);
    const received = await viewer.page.evaluate(() => window.skylineDebug.framesReceived);
    expect(received).toBeGreaterThan(1);
  });

  it('says it is live and connected in the status line', async () => {
    const status = await viewer.page.evaluate(() => window.skylineDebug.live);
    expect(status).toMatchObject({ state: 'ok', connections: 1 });
    await expect.poll(() => viewer.page.locator('[data-testid=mode]').textContent()).toContain(`LIVE · connected to 127.0.0.1:${skyline.port}`);
  });

  it('shows a clicked vehicle in the agent panel with its battery', async () => {
    const target = await clickableVehicle(viewer.page);
    expect(target).not.toBeNull();
    await viewer.page.mouse.click(target!.x, target!.y);
    await expect.poll(() => viewer.page.locator('[data-testid=selected-agent-id]').textContent()).toBe(target!.id);
    expect(await viewer.page.evaluate(() => window.skylineDebug.selectedAgent)).toBe(target!.id);
    await expect.poll(() => viewer.page.locator('[data-testid=agent-panel]').textContent()).toMatch(/Battery\s*\d+%/);
  });

  it('shows the task metrics the frames carry', async () => {
    const metrics = Object.keys(watcher.latest()!.metrics);
    expect(metrics.length).toBeGreaterThan(0);
    await expect.poll(() => viewer.page.locator('[data-testid=metrics-panel] dt').count()).toBe(metrics.length);
  });

  it('logs no page error', () => {
    expect(viewer.errors).toEqual([]);
  });

  it('stops cleanly on Ctrl-C (SIGINT): exit code 0', async () => {
    const code = await skyline.stop();
    expect(code).toBe(0);
    expect(skyline.output()).not.toMatch(/error/i);
  });
});
