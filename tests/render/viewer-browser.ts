/**
 * Headless Chromium for the viewer's tests (the browser inside @sparticuz/chromium, driven by
 * playwright-core; nothing is downloaded). Pages come from http://127.0.0.1 so that WebGL and
 * WebGPU are available, and every page error or console error is collected for the test to check.
 */
import chromium from '@sparticuz/chromium';
import { PNG } from 'pngjs';
import { chromium as playwright, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { startReplayServer, type ReplayServer } from '../../sim/index.ts';

export interface ViewerPage {
  page: Page;
  /** Uncaught exceptions and console errors, as text. */
  errors: string[];
}

/** The built viewer's folder; fails with the setup's own error when the build failed. */
export function builtViewerDir(): string {
  const error = inject('viewerSetupError');
  if (error) throw new Error(`the viewer could not be built or Chromium unpacked before the tests:\n${error}`);
  return inject('viewerDir');
}

export async function launchViewerBrowser(): Promise<Browser> {
  builtViewerDir();
  const executablePath = inject('chromiumPath') || (await chromium.executablePath());
  return playwright.launch({ executablePath, args: [...chromium.args, '--enable-unsafe-webgpu'], headless: true });
}

export interface ReplayInViewer {
  server: ReplayServer;
  browser: Browser;
  viewer: ViewerPage;
  close(): Promise<void>;
}

/** A recording served by `skyline replay`'s server and open in headless Chromium, its first frame drawn. */
export async function openRecordingInViewer(recordingPath: string): Promise<ReplayInViewer> {
  const server = await startReplayServer({ viewerDir: builtViewerDir(), recordingPath });
  const browser = await launchViewerBrowser();
  const viewer = await openViewer(browser, server.url);
  await waitForDrawnFleet(viewer.page);
  return { server, browser, viewer, close: async () => { await browser.close(); await server.close(); } };
}

export async function openViewer(browser: Browser, url: string, viewport = { width: 1280, height: 800 }): Promise<ViewerPage> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console error: ${message.text()}`);
  });
  await page.goto(url);
  return { page, errors };
}

/** Waits until the viewer has drawn at least `frames` frames after a FleetFrame arrived. */
export async function waitForDrawnFleet(page: Page, frames = 3): Promise<void> {
  await page.waitForFunction((count) => {
    const debug = window.skylineDebug;
    return Boolean(debug && debug.step !== null && debug.framesRendered >= count);
  }, frames, { timeout: 60_000 });
}

export interface CanvasPixelStats {
  samples: number;
  /** Share of samples that differ from the most common colour (the sky or ground). */
  nonDominantShare: number;
  /** Distinct colours after rounding each channel to 16 levels. */
  distinctColours: number;
}

/** Reads the canvas back through WebGL (right after a draw) and summarises what is in it. */
export async function canvasPixelStats(page: Page): Promise<CanvasPixelStats> {
  const { rgba } = await page.evaluate(() => window.skylineDebug.readCanvasPixels(4));
  const counts = new Map<number, number>();
  for (let i = 0; i < rgba.length; i += 4) {
    const key = ((rgba[i] >> 4) << 8) | ((rgba[i + 1] >> 4) << 4) | (rgba[i + 2] >> 4);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const samples = rgba.length / 4;
  const dominant = Math.max(...counts.values());
  return { samples, nonDominantShare: 1 - dominant / samples, distinctColours: counts.size };
}

/** The PNG of a screenshot, decoded (for checks on what a person would see). */
export function decodePng(buffer: Buffer): PNG {
  return PNG.sync.read(buffer);
}

/** A vehicle drawn where no panel covers it, with its page coordinates (for a real mouse click). */
export async function clickableVehicle(page: Page): Promise<{ id: string; x: number; y: number } | null> {
  return page.evaluate(() => {
    const debug = window.skylineDebug;
    const canvas = document.querySelector('canvas')!;
    const rect = canvas.getBoundingClientRect();
    for (const id of Object.keys(debug.vehiclePositions())) {
      const screen = debug.screenPositionOf(id);
      if (!screen) continue;
      const x = rect.left + screen.x, y = rect.top + screen.y;
      if (document.elementFromPoint(x, y) === canvas) return { id, x, y };
    }
    return null;
  });
}
