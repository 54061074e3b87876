import { checkedQuadrotorKernel } from '../quadrotor/quadrotor-kernel-program.ts';
import { QUADROTOR_KERNEL_PARAM as K } from '../quadrotor/quadrotor-state-layout.ts';
import { compileLaneKernelToWgsl, type WgslLaneKernel } from './wgsl-kernel-compiler.ts';

/**
 * The quadrotor step in WGSL, generated from the same program as the scalar and the wasm SIMD
 * kernels (quadrotor-kernel-program.ts), plus the few parameters the controller needs beyond it.
 *
 *   fn quadrotorDynamics(state: QuadrotorState, params: QuadrotorParams,
 *                        motorCommand: QuadrotorMotorCommand, externalForce: QuadrotorExternalForce,
 *                        dt: f32) -> QuadrotorResult   // .state, .stop (hit the ground too hard)
 *
 * `quadrotorDynamicsWgsl().load(array, accessor)` builds each struct from a shader's buffers.
 */
let compiled: WgslLaneKernel | null = null;

export function quadrotorDynamicsWgsl(): WgslLaneKernel {
  compiled ??= compileLaneKernelToWgsl(checkedQuadrotorKernel(), { functionName: 'quadrotorDynamics', typePrefix: 'Quadrotor' });
  return compiled;
}

/** Parameters the cascade reads that the dynamics do not (mass and inertia, from the params rows). */
export const QUADROTOR_CONTROL_PARAMS_WGSL = /* wgsl */ `
struct QuadrotorControlParams {
  mass: f32,
  ixx: f32,
  iyy: f32,
  izz: f32,
}
`;

/** `QuadrotorControlParams(...)` from a params accessor (component → WGSL expression). */
export function loadQuadrotorControlParams(component: (component: number) => string): string {
  return `QuadrotorControlParams(${[K.mass, K.ixx, K.iyy, K.izz].map(component).join(', ')})`;
}
