/**
 * The live page outlives its server: when `skyline start` stops and starts again on the same port
 * (a restart, here with another city), the page says it lost the connection, reconnects on its
 * own, subscribes again and draws the new world.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverAvailable, startSkylineProcess, type StartedSkyline } from './live-start-process.ts';
import { watchSharedStream } from './live-stream-watcher.ts';
import { launchViewerBrowser, openViewer, waitForDrawnFleet, type ViewerPage } from './viewer-browser.ts';

let skyline: StartedSkyline | null = null;
let browser: Browser;
let viewer: ViewerPage;

function liveStatus(): Promise<{ state: string; text: string; connections: number } | null> {
  return viewer.page.evaluate(() => window.skylineDebug.live);
}

describe.skipIf(!(await serverAvailable()))('the live viewer when its server restarts', () => {
  beforeAll(async () => {
    skyline = await startSkylineProcess(['--port', '0', '--seed', '3', '--drones', '2', '--robots', '1']);
    browser = await launchViewerBrowser();
    viewer = await openViewer(browser, skyline.url);
    await waitForDrawnFleet(viewer.page);
  });

  afterAll(async () => {
    await browser?.close();
    await skyline?.stop();
  });

  it('says the connection was lost, reconnects and draws the new city', async () => {
    const port = skyline!.port;
    expect(await liveStatus()).toMatchObject({ state: 'ok', connections: 1 });

    expect(await skyline!.stop()).toBe(0);
    skyline = null;
    await expect.poll(async () => (await liveStatus())?.state, { timeout: 30_000 }).toBe('bad');
    // The line alternates between "retrying in …" and "connecting to …" while the page tries again.
    await expect.poll(() => viewer.page.locator('[data-testid=mode]').textContent(), { timeout: 30_000 }).toMatch(/LIVE · .*retrying in/);

    skyline = await startSkylineProcess(['--port', String(port), '--seed', '5', '--drones', '3', '--robots', '2']);
    const watcher = await watchSharedStream(`ws://127.0.0.1:${port}/`);
    try {
      await expect.poll(async () => (await liveStatus())?.connections, { timeout: 60_000 }).toBe(2);
      const world = watcher.world()!;
      await expect.poll(() => viewer.page.evaluate(() => window.skylineDebug.drawn), { timeout: 30_000 })
        .toMatchObject({ drones: 3, robots: 2, buildings: world.buildings.length });
      expect(await liveStatus()).toMatchObject({ state: 'ok' });
      await expect.poll(() => viewer.page.locator('.world-name').textContent()).toBe(world.name);
    } finally {
      watcher.close();
    }
  });

  it('logs no page error besides the refused connections while the server was away', () => {
    const unexpected = viewer.errors.filter((error) => !/WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/' failed/.test(error));
    expect(unexpected).toEqual([]);
  });
});
