import { createReadStream, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtViewerDir, launchViewerBrowser, openViewer, type ViewerPage } from './viewer-browser.ts';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

function serveFolder(folder: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const path = normalize(join(folder, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)));
    if (!path.startsWith(folder) || !existsSync(path)) {
      response.writeHead(404).end();
      return;
    }
    response.setHeader('content-type', TYPES[extname(path)] ?? 'application/octet-stream');
    createReadStream(path).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

describe('the training page (PPO in the tab, no server)', () => {
  let browser: Browser;
  let served: { server: Server; url: string };
  let viewer: ViewerPage;

  beforeAll(async () => {
    served = await serveFolder(builtViewerDir());
    browser = await launchViewerBrowser();
    viewer = await openViewer(browser, `${served.url}/train.html?seed=1`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => served?.server.close(resolve));
  });

  it('trains: the success rate of unseen probe episodes rises from 0 to at least 0.5, the return with it', async () => {
    const { page, errors } = viewer;
    // Bounded by iterations (each 8,192 environment steps), not by time: seed 1 reaches it near iteration 70.
    await page.waitForFunction(() => {
      const s = window.skylineTraining;
      return Boolean(s && (s.error || s.probes.some((p) => p.success >= 0.5) || s.iterations >= 150));
    }, undefined, { timeout: 600_000, polling: 500 });
    const state = await page.evaluate(() => window.skylineTraining);
    expect(state.error).toBeNull();
    expect(errors).toEqual([]);
    const finite = (values: number[]): number[] => values.filter((v) => v !== null && Number.isFinite(v));
    const returns = finite(state.meanReturns);
    const early = returns.slice(0, 5).reduce((a, b) => a + b, 0) / 5, late = returns.slice(-5).reduce((a, b) => a + b, 0) / 5;
    expect(late).toBeGreaterThan(3 * early);
    expect(state.probes.length).toBeGreaterThan(0);
    expect(Math.max(...state.probes.map((p) => p.success))).toBeGreaterThanOrEqual(0.5);
    expect(Math.min(...state.probes.map((p) => p.success))).toBeLessThan(0.5);
    expect(await page.locator('[data-testid="curve"] svg path').count()).toBeGreaterThan(0);
  }, 660_000);
});
