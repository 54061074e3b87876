/**
 * `skyline start --token T`: the page is served to anyone, but the simulation's stream is not.
 * A page opened with `?token=T` passes it on to the WebSocket and draws the live fleet; a page
 * without it is refused at the upgrade and draws no vehicle. The token never shows on the page.
 * (Pages stay open: the packaged browser runs as one process and closing its last page ends it.)
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverAvailable, startSkylineProcess, type StartedSkyline } from './live-start-process.ts';
import { launchViewerBrowser, openViewer, waitForDrawnFleet } from './viewer-browser.ts';

const TOKEN = 'live-token-test-4f9c';

let skyline: StartedSkyline;
let browser: Browser;

describe.skipIf(!(await serverAvailable()))('npm start with a token', () => {
  beforeAll(async () => {
    skyline = await startSkylineProcess(['--port', '0', '--seed', '3', '--drones', '2', '--robots', '1', '--token', TOKEN]);
    browser = await launchViewerBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await skyline?.stop();
  });

  it('does not print the token', () => {
    expect(skyline.output()).not.toContain(TOKEN);
    expect(skyline.output()).toContain('?token=<your token>');
  });

  it('draws the live fleet when the page carries the token, without showing it', async () => {
    const viewer = await openViewer(browser, `${skyline.url}?token=${TOKEN}`);
    await waitForDrawnFleet(viewer.page);
    expect(await viewer.page.evaluate(() => window.skylineDebug.drawn)).toMatchObject({ drones: 2, robots: 1 });
    expect(await viewer.page.locator('body').innerText()).not.toContain(TOKEN);
    expect(viewer.errors).toEqual([]);
  });

  it('is refused without the token and draws no vehicle', async () => {
    const viewer = await openViewer(browser, skyline.url);
    // The browser logs the refused upgrade (HTTP 401: "Authentication failed") each time the page tries again.
    await expect.poll(() => viewer.errors.some((error) => /401|Authentication failed/.test(error)), { timeout: 30_000 }).toBe(true);
    // The status alternates between "cannot connect …; retrying" and "connecting to …" while the page tries again.
    await expect.poll(() => viewer.page.evaluate(() => window.skylineDebug?.live?.state ?? null), { timeout: 30_000 }).toBe('bad');
    await expect.poll(() => viewer.page.locator('[data-testid=mode]').textContent(), { timeout: 30_000 })
      .toMatch(/cannot connect to ws:\/\/127\.0\.0\.1:\d+\/; retrying/);
    expect(await viewer.page.evaluate(() => window.skylineDebug.drawn.drones)).toBe(0);
  }, 60_000);
});
