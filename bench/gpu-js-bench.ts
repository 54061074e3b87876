/**
 * gpu.js's modes on a reduced drone model, for docs/gpu.md's evaluation: translational dynamics
 * only (thrust along a frozen body z axis, gravity, linear drag; 6 of our 17 states), K steps per
 * call, one output per thread (gpu.js's webasm and webgpu modes have no kernel maps). Figures
 * include gpu.js's own upload and read-back per call, as a user of it pays them.
 */
import { createRequire } from 'node:module';
import { requestGpuDevice } from '../physics/index.ts';
import { formatRate } from './bench-harness.ts';
import { runGpuJsBrowserBench } from './gpu-js-browser-bench.ts';

interface GpuJsKernel {
  (...args: unknown[]): unknown;
  kernel?: { constructor: { mode?: string }; fallbackReason?: string | null };
  destroy?: () => void;
}
interface GpuJsInstance {
  createKernel(body: (...args: never[]) => number, settings: Record<string, unknown>): GpuJsKernel;
  destroy(): void | Promise<void>;
}
type GpuJsConstructor = new (settings: { mode: string }) => GpuJsInstance;

const COUNT = 65536;
const STEPS_PER_CALL = 20;

/** One thread = one drone: K semi-implicit Euler steps of the translational model, returns the final height. */
function reducedDroneSteps(this: { thread: { x: number } }, position: number[], velocity: number[], thrust: number[], attitude: number[], steps: number, dt: number): number {
  const i = this.thread.x;
  let px = position[i * 3], py = position[i * 3 + 1], pz = position[i * 3 + 2];
  let vx = velocity[i * 3], vy = velocity[i * 3 + 1], vz = velocity[i * 3 + 2];
  const qw = attitude[i * 4], qx = attitude[i * 4 + 1], qy = attitude[i * 4 + 2], qz = attitude[i * 4 + 3];
  // Body z axis in the world frame (third column of the rotation matrix).
  const bx = 2 * (qx * qz + qw * qy), by = 2 * (qy * qz - qw * qx), bz = 1 - 2 * (qx * qx + qy * qy);
  const f = thrust[i] / 0.027;
  for (let k = 0; k < steps; k++) {
    const ax = f * bx - 0.0206 * vx / 0.027;
    const ay = f * by - 0.0206 * vy / 0.027;
    const az = f * bz - 9.81 - 0.0231 * vz / 0.027;
    vx = vx + ax * dt; vy = vy + ay * dt; vz = vz + az * dt;
    px = px + vx * dt; py = py + vy * dt; pz = pz + vz * dt;
  }
  return pz + 0 * (px + py);
}

interface Inputs { position: Float32Array; velocity: Float32Array; thrust: Float32Array; attitude: Float32Array }

function reducedInputs(): Inputs {
  const position = new Float32Array(3 * COUNT), velocity = new Float32Array(3 * COUNT), thrust = new Float32Array(COUNT);
  const attitude = new Float32Array(4 * COUNT);
  for (let i = 0; i < COUNT; i++) {
    position[3 * i + 2] = 10;
    velocity[3 * i] = (i % 7) * 0.01;
    thrust[i] = 0.027 * 9.81 * (1 + (i % 11) * 0.01); // some climb, so heights differ
    attitude[4 * i] = 1;
  }
  return { position, velocity, thrust, attitude };
}

/** The same reduced model as plain JavaScript over the same arrays: the baseline gpu.js's modes are compared with. */
function measurePlainJavaScript(inputs: Inputs): number {
  const heights = new Float32Array(COUNT);
  const thread = { x: 0 };
  const run = (): void => {
    for (let i = 0; i < COUNT; i++) {
      thread.x = i;
      heights[i] = reducedDroneSteps.call({ thread }, inputs.position as never, inputs.velocity as never, inputs.thrust as never, inputs.attitude as never, STEPS_PER_CALL, 0.01);
    }
  };
  run();
  const times: number[] = [];
  for (let r = 0; r < 3; r++) {
    const start = performance.now();
    run();
    times.push((performance.now() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  return (COUNT * STEPS_PER_CALL) / times[1];
}

/** Sets navigator.gpu from the webgpu package for gpu.js's webgpu mode; returns the undo. */
async function exposeNavigatorGpu(): Promise<() => void> {
  // Our device request finds the software adapter where there is no GPU (it sets VK_ICD_FILENAMES).
  (await requestGpuDevice({ log: () => {} })).destroy();
  const webgpu = (await import('webgpu')) as unknown as { create(flags: string[]): unknown; globals: Record<string, unknown> };
  for (const [name, value] of Object.entries(webgpu.globals)) if (!(name in globalThis)) (globalThis as Record<string, unknown>)[name] = value;
  const before = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  const gpu = webgpu.create([]);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  return () => {
    if (before) Object.defineProperty(globalThis, 'navigator', before);
    else delete (globalThis as { navigator?: unknown }).navigator;
  };
}

async function measureMode(GPU: GpuJsConstructor, mode: string, inputs: Inputs): Promise<{ rate: number; ranAs: string; height: number }> {
  const gpu = new GPU({ mode });
  try {
    const kernel = gpu.createKernel(reducedDroneSteps as never, { output: [COUNT], loopMaxIterations: 1000 });
    const call = async (): Promise<Float32Array> => (await kernel(inputs.position, inputs.velocity, inputs.thrust, inputs.attitude, STEPS_PER_CALL, 0.01)) as Float32Array;
    let heights = await call();
    const times: number[] = [];
    for (let r = 0; r < 3; r++) {
      const start = performance.now();
      heights = await call();
      times.push((performance.now() - start) / 1000);
    }
    times.sort((a, b) => a - b);
    return { rate: (COUNT * STEPS_PER_CALL) / times[1], ranAs: kernel.kernel?.constructor.mode ?? mode, height: heights[0] };
  } finally {
    await gpu.destroy();
  }
}

/** gpu.js figures (drone-steps/s of the reduced model) next to our full-model CPU kernel's `ourCpuRate` at the same N. */
export async function runGpuJsBench(ourCpuRate: number): Promise<Record<string, number | string | null>> {
  const figures: Record<string, number | string | null> = {};
  let GPU: GpuJsConstructor;
  try {
    GPU = (createRequire(import.meta.url)('gpu.js') as { GPU: GpuJsConstructor }).GPU;
  } catch (error) {
    console.log(`  gpu.js not loadable: ${(error as Error).message}`);
    return { gpujs_error: String(error) };
  }
  console.log(`  gpu.js 2.24, reduced model (6 of 17 states, frozen attitude), N=${COUNT}, K=${STEPS_PER_CALL} steps per call; our full 17-state kernel (wasm-simd, 1 thread): ${formatRate(ourCpuRate)}`);
  const inputs = reducedInputs();
  const plain = measurePlainJavaScript(inputs);
  figures.gpujs_plain_js_baseline = plain;
  console.log(`  plain JS  ${formatRate(plain)} drone-steps/s (the same reduced model, no gpu.js)`);
  for (const mode of ['cpu', 'webasm', 'webgpu']) {
    let undo: (() => void) | null = null;
    try {
      if (mode === 'webgpu') undo = await exposeNavigatorGpu();
      const result = await measureMode(GPU, mode, inputs);
      figures[`gpujs_${mode}`] = result.rate;
      console.log(`  gpu.js ${mode.padEnd(7)} ${formatRate(result.rate)} drone-steps/s (ran as ${result.ranAs}; ${(result.rate / plain).toFixed(2)}× plain JS on the same model)`);
    } catch (error) {
      figures[`gpujs_${mode}`] = null;
      console.log(`  gpu.js ${mode.padEnd(7)} failed: ${(error as Error).message.split('\n')[0]}`);
    } finally {
      undo?.();
    }
  }
  // webgl2 has no Node path here (headless-gl is not installed): it is measured in headless Chromium.
  try {
    const browser = await runGpuJsBrowserBench(reducedDroneSteps.toString(), COUNT, STEPS_PER_CALL, ['webgl2', 'webgpu']);
    figures.gpujs_browser_plain_js = browser.plain;
    console.log(`  in headless Chromium (${browser.renderer}): plain JS ${formatRate(browser.plain)}`);
    for (const [mode, result] of Object.entries(browser.modes)) {
      figures[`gpujs_browser_${mode}`] = result.rate;
      console.log(result.rate === null
        ? `  gpu.js ${mode.padEnd(7)} in the browser failed: ${result.error}`
        : `  gpu.js ${mode.padEnd(7)} in the browser ${formatRate(result.rate)} drone-steps/s (ran as ${result.ranAs}; ${(result.rate / browser.plain).toFixed(2)}× plain JS in the page; heights within ${result.maxHeightDifference?.toExponential(1)} m of it)`);
    }
  } catch (error) {
    console.log(`  gpu.js in the browser not measured: ${(error as Error).message.split('\n')[0]}`);
  }
  return figures;
}
