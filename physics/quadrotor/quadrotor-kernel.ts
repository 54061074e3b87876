import { laneKernelJavaScriptSource } from '../wasm/javascript-kernel-compiler.ts';
import type { QuadrotorArrays } from './quadrotor-batch.ts';
import { checkedQuadrotorKernel } from './quadrotor-kernel-program.ts';

/**
 * The scalar quadrotor kernel: plain JavaScript, one drone at a time, generated from the
 * dynamics in quadrotor-kernel-program.ts. It computes in f32 (every operation rounded with
 * Math.fround in the program's order), so it gives bit for bit the state the WebAssembly SIMD
 * kernel gives. Every state component is a local variable and the RK4 stages are written out
 * one after another, so the inner loop touches no temporary array.
 */
export type QuadrotorStepFunction = (
  state: Float32Array,
  params: Float32Array,
  motorCommand: Float32Array,
  externalForce: Float32Array,
  status: Uint8Array,
  stride: number,
  start: number,
  end: number,
  dt: number,
  steps: number,
) => void;

/** The generated JavaScript source of the step function (exported for inspection and tests). */
export function quadrotorKernelSource(): string {
  return laneKernelJavaScriptSource(checkedQuadrotorKernel()).body;
}

let compiled: QuadrotorStepFunction | null = null;

/** The generated scalar kernel as a callable function (compiled once per thread). */
export function scalarQuadrotorKernel(): QuadrotorStepFunction {
  if (!compiled) {
    const { parameters, body } = laneKernelJavaScriptSource(checkedQuadrotorKernel());
    compiled = new Function(...parameters, body) as QuadrotorStepFunction;
  }
  return compiled;
}

/** Steps drones [start, end) of a batch `steps` times by dt with the scalar JavaScript kernel. Crashed drones stay frozen. */
export function stepQuadrotorsScalar(batch: QuadrotorArrays, start: number, end: number, dt: number, steps = 1): void {
  scalarQuadrotorKernel()(batch.state, batch.params, batch.motorCommand, batch.externalForce, batch.status, batch.stride, start, end, dt, steps);
}
