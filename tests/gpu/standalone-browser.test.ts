import { createReadStream, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_QUADROTOR_GAINS, QUADROTOR_STATE as S, applyQuadrotorControl, createQuadrotorStepper, BatchArena, quadrotorArenaFields } from '../../physics/index.ts';
import { createStandaloneSwarm } from '../../render/src/standalone/standalone-swarm.ts';
import { builtViewerDir, launchViewerBrowser, openViewer, type ViewerPage } from '../render/viewer-browser.ts';

const DRONES = 10_000;
const STEPS = 100;
const STEPS_PER_DISPATCH = 20;
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** The built viewer folder over http://127.0.0.1 (WebGPU needs a secure context; loopback is one). */
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
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const address = server.address() as { port: number };
    resolve({ server, url: `http://127.0.0.1:${address.port}` });
  }));
}

/** The same swarm stepped STEPS times by the CPU kernel with the same controller. */
function cpuPositions(): Float32Array {
  const swarm = createStandaloneSwarm(DRONES);
  const n = swarm.arrays.stride;
  const arena = BatchArena.create(quadrotorArenaFields(DRONES), { shared: false });
  const stepper = createQuadrotorStepper(arena, DRONES, { kernel: 'wasm-simd' });
  for (const name of ['state', 'params', 'motorCommand', 'externalForce', 'status'] as const) stepper.arrays[name].set(swarm.arrays[name]);
  for (let s = 0; s < STEPS; s++) {
    applyQuadrotorControl('goto', swarm.commands, stepper.arrays, swarm.integral, DEFAULT_QUADROTOR_GAINS, 0, DRONES, 0.01);
    stepper.step(0, DRONES, 0.01);
  }
  const positions = new Float32Array(3 * DRONES);
  for (let i = 0; i < DRONES; i++) for (let k = 0; k < 3; k++) positions[3 * i + k] = stepper.arrays.state[(S.px + k) * n + i];
  return positions;
}

describe('the standalone page (a swarm on the browser\'s WebGPU, no server)', () => {
  let browser: Browser;
  let served: { server: Server; url: string };
  let viewer: ViewerPage;

  beforeAll(async () => {
    served = await serveFolder(builtViewerDir());
    browser = await launchViewerBrowser();
    viewer = await openViewer(browser, `${served.url}/standalone.html?drones=${DRONES}&paused`);
    await viewer.page.waitForFunction(() => window.skylineStandalone?.ready || window.skylineStandalone?.error, undefined, { timeout: 90_000 });
  });

  afterAll(async () => {
    await browser?.close();
    served?.server.close();
  });

  it(`steps ${DRONES.toLocaleString('en')} drones on the GPU and their positions after ${STEPS} steps match the CPU kernel within 1 mm`, async () => {
    const started = await viewer.page.evaluate(() => ({ error: window.skylineStandalone.error, drones: window.skylineStandalone.drones, adapter: window.skylineStandalone.adapterName }));
    if (started.error && /navigator\.gpu|no adapter/.test(started.error)) {
      console.warn(`standalone page: no WebGPU adapter in this browser, check left out: ${started.error}`);
      return;
    }
    expect(started.error).toBeNull();
    console.log(`standalone page: ${started.drones} drones on ${started.adapter}`);
    expect(started.drones).toBeGreaterThanOrEqual(10_000);
    const steps = await viewer.page.evaluate(([steps, k]) => window.skylineStandalone.advance(steps, k), [STEPS, STEPS_PER_DISPATCH] as const);
    expect(steps).toBe(STEPS);
    const gpu = await viewer.page.evaluate(() => window.skylineStandalone.positions());
    const crashed = await viewer.page.evaluate(() => window.skylineStandalone.crashed());
    const cpu = cpuPositions();
    expect(gpu.length).toBe(3 * DRONES);
    let worst = 0, moved = 0;
    const start = createStandaloneSwarm(DRONES);
    for (let i = 0; i < DRONES; i++) {
      let d2 = 0;
      for (let k = 0; k < 3; k++) d2 += (gpu[3 * i + k] - cpu[3 * i + k]) ** 2;
      worst = Math.max(worst, Math.sqrt(d2));
      moved = Math.max(moved, Math.abs(gpu[3 * i] - start.arrays.state[S.px * start.arrays.stride + i]));
    }
    console.log(`standalone page: max position difference GPU (browser) vs CPU kernel ${worst.toExponential(3)} m after ${STEPS} steps`);
    expect(crashed).toBe(0);
    expect(moved).toBeGreaterThan(0.05);
    expect(worst).toBeLessThan(1e-3);
    const frames = await viewer.page.evaluate(() => window.skylineStandalone.framesRendered);
    expect(frames).toBeGreaterThan(0);
    expect(viewer.errors).toEqual([]);
  });

  it('runs freely over a city with live figures and controls: drone-steps/s, the adapter, pause and resume', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(`${served.url}/standalone.html?drones=1000&k=10`);
      await page.waitForFunction(() => window.skylineStandalone?.ready || window.skylineStandalone?.error, undefined, { timeout: 90_000 });
      const error = await page.evaluate(() => window.skylineStandalone.error);
      if (error && /navigator\.gpu|no adapter/.test(error)) return;
      expect(error).toBeNull();
      await page.waitForFunction(() => window.skylineStandalone.rate > 0 && window.skylineStandalone.stepsTaken >= 30, undefined, { timeout: 60_000 });
      const hud = await page.getByTestId('standalone-hud').innerText();
      expect(hud).toContain(await page.evaluate(() => window.skylineStandalone.adapterName));
      expect(hud).toContain('1,000');
      expect(await page.getByTestId('rate').innerText()).toMatch(/^\d\.\d\de\d+$/);
      expect(await page.evaluate(() => window.skylineStandalone.cityBuildings)).toBeGreaterThan(5);
      await page.getByTestId('pause').click();
      expect(await page.getByTestId('pause').innerText()).toBe('Resume');
      await page.waitForFunction(() => !window.skylineStandalone.running);
      const pausedAt = await page.evaluate(async () => {
        await window.skylineStandalone.whenIdle(); // a dispatch in flight when Pause was clicked ends
        return window.skylineStandalone.stepsTaken;
      });
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      expect(await page.evaluate(() => window.skylineStandalone.stepsTaken)).toBe(pausedAt);
      expect(await page.getByTestId('rate').innerText()).toBe('paused');
      await page.getByTestId('pause').click();
      await page.waitForFunction((steps) => window.skylineStandalone.stepsTaken > steps, pausedAt, { timeout: 60_000 });
    } finally {
      await page.close();
    }
  });
});
