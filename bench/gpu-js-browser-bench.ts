/**
 * gpu.js in headless Chromium (the browser inside @sparticuz/chromium; WebGL2 and WebGPU on
 * SwiftShader): the reduced drone model of gpu-js-bench.ts in its `webgl2` mode, the fallback the
 * issue asked about for browsers without WebGPU, next to plain JavaScript in the same page.
 */
import chromium from '@sparticuz/chromium';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { chromium as playwright } from 'playwright-core';

export interface BrowserGpuJsFigures {
  renderer: string;
  plain: number;
  modes: Record<string, { rate: number | null; ranAs: string; maxHeightDifference?: number; error?: string }>;
}

/** Serves the page and gpu.js's browser build from 127.0.0.1 (WebGL and WebGPU need a secure-enough origin). */
async function servePage(): Promise<{ server: Server; origin: string }> {
  const bundle = readFileSync(createRequire(import.meta.url).resolve('gpu.js/dist/gpu-browser.min.js'));
  const server = createServer((request, response) => {
    if (request.url === '/gpu-browser.min.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script src="/gpu-browser.min.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Runs `kernelSource` (one thread = one drone, returns a number) over `count` drones in each mode. */
export async function runGpuJsBrowserBench(kernelSource: string, count: number, stepsPerCall: number, modes: string[]): Promise<BrowserGpuJsFigures> {
  const { server, origin } = await servePage();
  const browser = await playwright.launch({ executablePath: await chromium.executablePath(), args: [...chromium.args, '--enable-unsafe-webgpu'] });
  try {
    const page = await browser.newPage();
    // The TypeScript runner names functions through a __name helper that pages do not have.
    await page.addInitScript({ content: 'window.__name = (target) => target;' });
    await page.goto(origin);
    return await page.evaluate(async ({ kernelSource, count, stepsPerCall, modes }) => {
      type Kernel = ((...args: unknown[]) => unknown) & { kernel?: { constructor: { mode?: string } } };
      const GPU = (window as unknown as { GPU: { GPU: new (settings: { mode: string }) => { createKernel(body: unknown, settings: object): Kernel; destroy(): unknown } } }).GPU.GPU;
      const body = new Function(`return (${kernelSource});`)() as (...args: unknown[]) => number;
      const position = new Float32Array(3 * count), velocity = new Float32Array(3 * count), thrust = new Float32Array(count);
      const attitude = new Float32Array(4 * count);
      for (let i = 0; i < count; i++) {
        position[3 * i + 2] = 10;
        velocity[3 * i] = (i % 7) * 0.01;
        thrust[i] = 0.027 * 9.81 * (1 + (i % 11) * 0.01); // some climb, so heights differ
        attitude[4 * i] = 1;
      }
      const median = async (call: () => unknown): Promise<number> => {
        await call();
        const times: number[] = [];
        for (let r = 0; r < 3; r++) {
          const start = performance.now();
          await call();
          times.push((performance.now() - start) / 1000);
        }
        times.sort((a, b) => a - b);
        return (count * stepsPerCall) / times[1];
      };
      const heights = new Float32Array(count), thread = { x: 0 };
      const plain = await median(() => {
        for (let i = 0; i < count; i++) {
          thread.x = i;
          heights[i] = body.call({ thread }, position, velocity, thrust, attitude, stepsPerCall, 0.01);
        }
      });
      const gl = document.createElement('canvas').getContext('webgl2');
      const info = gl?.getExtension('WEBGL_debug_renderer_info');
      const renderer = gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'no WebGL2';
      const results: Record<string, { rate: number | null; ranAs: string; maxHeightDifference?: number; error?: string }> = {};
      for (const mode of modes) {
        try {
          const gpu = new GPU({ mode });
          const kernel = gpu.createKernel(body, { output: [count], loopMaxIterations: 1000 });
          let output: ArrayLike<number> = [];
          const rate = await median(async () => {
            output = (await kernel(position, velocity, thrust, attitude, stepsPerCall, 0.01)) as ArrayLike<number>;
          });
          // Its answer against plain JavaScript's: a fast wrong kernel is no fallback.
          let maxHeightDifference = 0;
          for (let i = 0; i < count; i++) maxHeightDifference = Math.max(maxHeightDifference, Math.abs(output[i] - heights[i]));
          results[mode] = { rate, ranAs: kernel.kernel?.constructor.mode ?? mode, maxHeightDifference };
          await gpu.destroy();
        } catch (error) {
          results[mode] = { rate: null, ranAs: mode, error: String(error).split('\n')[0] };
        }
      }
      return { renderer, plain, modes: results };
    }, { kernelSource, count, stepsPerCall, modes });
  } finally {
    await browser.close();
    server.close();
  }
}
