/**
 * The viewer in headless Chromium (software WebGL: SwiftShader): frame time with 1,000 drones over
 * 1,000 buildings, and draw calls at 100, 1,000 and 10,000 drones, which instancing keeps flat.
 * Every measured frame moves every drone, so instance data is uploaded each time as in live mode.
 * Prints figures; asserts nothing. Alone: npx tsx bench/render-bench.ts
 */
import chromium from '@sparticuz/chromium';
import { pathToFileURL } from 'node:url';
import { chromium as playwright } from 'playwright-core';
import { SeededRng } from '../physics/index.ts';
import { ensureViewerBuilt } from '../render/index.ts';
import { startReplayServer, type FleetFrame, type VehicleFrame } from '../sim/index.ts';
import { generateWorld, type WorldSpec } from '../worlds/index.ts';
import { machineLine } from './bench-harness.ts';

const BUILDINGS = 1000;
const FLEET_SIZES = [100, 1000, 10000];
const VIEWPORT = { width: 1280, height: 720 };
const WARMUP_FRAMES = 2;
/** Frames measured: as many as fit in about two seconds, at least 3 and at most 30. */
const MEASURE_SECONDS = 2;

/** The default city cut to exactly 1,000 buildings. */
function benchWorld(): WorldSpec {
  const world = generateWorld(7, {});
  return { ...world, buildings: world.buildings.slice(0, BUILDINGS) };
}

/** `count` drones spread over the city at 20–120 m, slightly tilted, all flying. */
function fleetFrame(world: WorldSpec, count: number): FleetFrame {
  const rng = new SeededRng(count);
  const { bounds } = world;
  const vehicles: VehicleFrame[] = [];
  for (let i = 0; i < count; i++) {
    const roll = rng.uniform(-0.15, 0.15), pitch = rng.uniform(-0.15, 0.15);
    const norm = Math.hypot(1, roll / 2, pitch / 2);
    vehicles.push({
      id: `drone-${i + 1}`, kind: 'drone',
      position: [rng.uniform(bounds.minX, bounds.maxX), rng.uniform(bounds.minY, bounds.maxY), rng.uniform(20, 120)],
      attitude: [1 / norm, roll / 2 / norm, pitch / 2 / norm, 0],
      velocity: [rng.uniform(-5, 5), rng.uniform(-5, 5), 0],
      status: 'ok', battery: 1, cargo: [], skill: null, target: null,
    });
  }
  return { version: 1, step: 0, t: 0, vehicles, parcels: [], orders: [], metrics: {}, events: [] };
}

export async function runRenderBench(): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  const viewerDir = await ensureViewerBuilt({ quiet: true });
  const server = await startReplayServer({ viewerDir });
  const browser = await playwright.launch({ executablePath: await chromium.executablePath(), args: [...chromium.args, '--enable-unsafe-webgpu'] });
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.goto(`${server.origin}/?empty`);
    await page.waitForFunction(() => Boolean(window.skylineDebug));
    const gpu = await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl2');
      const info = gl?.getExtension('WEBGL_debug_renderer_info');
      return gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'unknown';
    });
    console.log(`render bench: ${machineLine()}`);
    console.log(`  headless Chromium ${browser.version()}, WebGL renderer: ${gpu}, ${VIEWPORT.width}×${VIEWPORT.height}`);
    const world = benchWorld();
    await page.evaluate((spec) => window.skylineDebug.loadWorld(spec), world);
    for (const count of FLEET_SIZES) {
      await page.evaluate((frame) => window.skylineDebug.showFrame(frame), fleetFrame(world, count));
      const result = await page.evaluate(({ warmup, seconds }) => {
        const debug = window.skylineDebug;
        const first = debug.measureFrameTime(warmup);
        const frames = Math.max(3, Math.min(30, Math.round((1000 * seconds) / first)));
        const ms = debug.measureFrameTime(frames);
        return { ms, frames, drawCalls: debug.drawCalls, triangles: debug.triangles, drawn: debug.drawn };
      }, { warmup: WARMUP_FRAMES, seconds: MEASURE_SECONDS });
      if (result.drawn.drones !== count || result.drawn.buildings !== BUILDINGS) {
        throw new Error(`the viewer drew ${result.drawn.drones} drones and ${result.drawn.buildings} buildings; expected ${count} and ${BUILDINGS}`);
      }
      figures[`render.draw_calls_${count}_drones`] = result.drawCalls;
      figures[`render.frame_ms_${count}_drones_${BUILDINGS}_buildings`] = result.ms;
      console.log(
        `  ${String(count).padStart(6)} drones, ${BUILDINGS} buildings: ${result.ms.toFixed(1).padStart(6)} ms/frame ` +
          `(${(1000 / result.ms).toFixed(1)} fps, mean of ${result.frames}), ${result.drawCalls} draw calls, ${(result.triangles / 1e6).toFixed(2)} M triangles`,
      );
    }
    figures['render.frame_ms_1000_drones'] = figures[`render.frame_ms_1000_drones_${BUILDINGS}_buildings`];
  } finally {
    await browser.close();
    await server.close();
  }
  return figures;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await runRenderBench()));
}
