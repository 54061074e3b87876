import type { BatchArena } from '../batch/batch-arena.ts';
import { wasmSimdSupported } from '../wasm/wasm-simd-support.ts';
import { quadrotorArrays, type QuadrotorArrays } from './quadrotor-batch.ts';
import { stepQuadrotorsScalar } from './quadrotor-kernel.ts';
import { quadrotorWasmKernel, quadrotorWasmTraversal, type QuadrotorWasmKernel } from './quadrotor-kernel-wasm.ts';

export type QuadrotorKernelKind = 'auto' | 'wasm-simd' | 'scalar';
const KINDS: readonly QuadrotorKernelKind[] = ['auto', 'wasm-simd', 'scalar'];

/** Steps a slice of a quadrotor batch living in an arena; one per thread. */
export interface QuadrotorStepper {
  readonly kernel: Exclude<QuadrotorKernelKind, 'auto'>;
  readonly arrays: QuadrotorArrays;
  /** Advances drones [start, end) by `steps` steps of `dt`. */
  step(start: number, end: number, dt: number, steps?: number): void;
}

/**
 * A stepper over the batch `prefix` of an arena. Both kernels give the same bits: 'scalar' is
 * plain JavaScript, 'wasm-simd' steps four drones per vector, and 'auto' takes 'wasm-simd' where
 * the engine validates SIMD and can compile the module now, 'scalar' elsewhere.
 *
 * Workers: send the arena's `WebAssembly.Memory` (shared) and field list to the worker, attach
 * there with `BatchArena.attach(memory, fields)` and create the worker's own stepper on it; the
 * kernel is compiled once per thread and instantiated on that memory. Threads stepping at the
 * same time must use slices whose bounds are multiples of 4 (or the batch's end), as a vector of
 * four drones is read and written whole. On a browser's main thread, which refuses to compile a
 * module this size synchronously, `await prepareQuadrotorWasmKernel(arena.memory)` first.
 */
export function createQuadrotorStepper(
  arena: BatchArena, count: number, options: { prefix?: string; kernel?: QuadrotorKernelKind } = {},
): QuadrotorStepper {
  const prefix = options.prefix ?? 'quad';
  const requested = options.kernel ?? 'auto';
  if (!KINDS.includes(requested)) {
    throw new RangeError(`quadrotor stepper kernel "${String(requested)}": unknown; accepted: ${KINDS.join(', ')}`);
  }
  const arrays = quadrotorArrays(arena, count, prefix);
  const checkRange = (start: number, end: number, steps: number): void => {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > count || start > end) {
      throw new RangeError(`quadrotor step range [${start}, ${end}): must be whole numbers with 0 ≤ start ≤ end ≤ ${count}`);
    }
    if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`quadrotor steps: must be a whole number ≥ 0 (got ${steps})`);
  };

  const wasmStep = requested === 'scalar' ? null : wasmKernel(arena, requested === 'wasm-simd');
  if (!wasmStep) {
    return {
      kernel: 'scalar',
      arrays,
      step(start, end, dt, steps = 1) {
        checkRange(start, end, steps);
        stepQuadrotorsScalar(arrays, start, end, dt, steps);
      },
    };
  }
  const [state, params, motorCommand, externalForce, status] = ['state', 'params', 'motorCommand', 'externalForce', 'status']
    .map((field) => arena.offsetOf(`${prefix}.${field}`));
  const stride = arrays.stride;
  const traversal = quadrotorWasmTraversal({ state, params, motorCommand, externalForce }, stride);
  const stepWasm = traversal === 'line' ? wasmStep.byLine : wasmStep.byVector;
  return {
    kernel: 'wasm-simd',
    arrays,
    step(start, end, dt, steps = 1) {
      checkRange(start, end, steps);
      stepWasm(state, params, motorCommand, externalForce, status, stride, start, end, dt, steps);
    },
  };
}

/** The wasm kernel on this arena's memory, or null where 'auto' should fall back to scalar. */
function wasmKernel(arena: BatchArena, required: boolean): QuadrotorWasmKernel | null {
  if (!wasmSimdSupported()) {
    if (!required) return null;
    throw new Error("quadrotor stepper kernel 'wasm-simd': this engine does not support WebAssembly SIMD; accepted here: 'scalar' or 'auto'");
  }
  try {
    return quadrotorWasmKernel(arena.memory);
  } catch (error) {
    // A module that does not compile or link is a bug here, never a reason to fall back quietly.
    if (error instanceof WebAssembly.CompileError || error instanceof WebAssembly.LinkError) throw error;
    if (!required) return null;
    throw new Error(
      `quadrotor stepper kernel 'wasm-simd': the module could not be compiled synchronously (${(error as Error).message}); ` +
      'await prepareQuadrotorWasmKernel(arena.memory) first, or use kernel: \'auto\'',
    );
  }
}
