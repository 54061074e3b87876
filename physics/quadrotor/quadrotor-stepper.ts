import type { BatchArena } from '../batch/batch-arena.ts';
import { wasmSimdSupported } from '../wasm/wasm-simd-support.ts';
import { quadrotorArrays, type QuadrotorArrays } from './quadrotor-batch.ts';
import { stepQuadrotorsScalar } from './quadrotor-kernel.ts';
import { quadrotorWasmKernel } from './quadrotor-kernel-wasm.ts';

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
 * A stepper over the batch `prefix` of an arena. 'auto' takes the WebAssembly SIMD kernel where
 * the engine supports SIMD and the scalar kernel elsewhere; both give the same bits. In a worker,
 * attach to the shared memory first (`BatchArena.attach(memory, fields)`) and create the stepper
 * there: the kernel is compiled once per thread and instantiated on that memory.
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

  const kernel = requested === 'auto' ? (wasmSimdSupported() ? 'wasm-simd' : 'scalar') : requested;
  if (kernel === 'scalar') {
    return {
      kernel,
      arrays,
      step(start, end, dt, steps = 1) {
        checkRange(start, end, steps);
        stepQuadrotorsScalar(arrays, start, end, dt, steps);
      },
    };
  }

  if (!wasmSimdSupported()) {
    throw new Error("quadrotor stepper kernel 'wasm-simd': this engine does not support WebAssembly SIMD; use 'scalar' or 'auto'");
  }
  const wasmStep = quadrotorWasmKernel(arena.memory);
  const offsets = ['state', 'params', 'motorCommand', 'externalForce', 'status'].map((field) => arena.offsetOf(`${prefix}.${field}`));
  const [state, params, motorCommand, externalForce, status] = offsets;
  const stride = arrays.stride;
  return {
    kernel,
    arrays,
    step(start, end, dt, steps = 1) {
      checkRange(start, end, steps);
      wasmStep(state, params, motorCommand, externalForce, status, stride, start, end, dt, steps);
    },
  };
}
