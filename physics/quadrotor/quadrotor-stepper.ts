import type { BatchArena } from '../batch/batch-arena.ts';
import { quadrotorArrays, type QuadrotorArrays } from './quadrotor-batch.ts';
import { stepQuadrotorsScalar } from './quadrotor-kernel.ts';

export type QuadrotorKernelKind = 'auto' | 'wasm-simd' | 'scalar';

/** Steps a slice of a quadrotor batch living in an arena; one per thread. */
export interface QuadrotorStepper {
  readonly kernel: Exclude<QuadrotorKernelKind, 'auto'>;
  readonly arrays: QuadrotorArrays;
  /** Advances drones [start, end) by `steps` steps of `dt`. */
  step(start: number, end: number, dt: number, steps?: number): void;
}

export function createQuadrotorStepper(
  arena: BatchArena, count: number, options: { prefix?: string; kernel?: QuadrotorKernelKind } = {},
): QuadrotorStepper {
  const arrays = quadrotorArrays(arena, count, options.prefix ?? 'quad');
  return {
    kernel: 'scalar',
    arrays,
    step(start, end, dt, steps = 1) {
      for (let s = 0; s < steps; s++) stepQuadrotorsScalar(arrays, start, end, dt);
    },
  };
}
