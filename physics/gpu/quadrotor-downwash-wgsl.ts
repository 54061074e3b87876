import type { DownwashOption } from '../quadrotor/quadrotor-params.ts';
import { QUADROTOR_KERNEL_PARAM as K, QUADROTOR_STATE as S, VEHICLE_STATUS } from '../quadrotor/quadrotor-state-layout.ts';

/**
 * Downwash on the GPU: the pass of physics/quadrotor/downwash.ts (gym-pybullet-drones' _downwash),
 * one invocation per drone, run before each step's pass so that every drone reads its world's
 * positions at the start of the step; it writes the params row `downwashThrust` that the step reads.
 */
export const QUADROTOR_DOWNWASH_WORKGROUP_SIZE = 64;
export const DOWNWASH_UNIFORMS_BYTES = 48;

export const QUADROTOR_DOWNWASH_WGSL = /* wgsl */ `
struct DownwashUniforms {
  stride: u32,
  count: u32,
  perWorld: u32,
  pad0: u32,
  c1: f32,
  c2: f32,
  c3: f32,
  propellerRadius: f32,
  maxHorizontalDistance: f32,
  pad1: f32,
  pad2: f32,
  pad3: f32,
}

@group(0) @binding(0) var<storage, read> stateBuffer: array<f32>;
@group(0) @binding(1) var<storage, read_write> paramsBuffer: array<f32>;
@group(0) @binding(2) var<storage, read> statusBuffer: array<u32>;
@group(0) @binding(3) var<uniform> d: DownwashUniforms;

@compute @workgroup_size(${QUADROTOR_DOWNWASH_WORKGROUP_SIZE})
fn downwash(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = id.x;
  if (i >= d.count) { return; }
  var force = 0.0;
  if (statusBuffer[i] == ${VEHICLE_STATUS.ok}u) {
    let x = stateBuffer[${S.px}u * d.stride + i];
    let y = stateBuffer[${S.py}u * d.stride + i];
    let z = stateBuffer[${S.pz}u * d.stride + i];
    let first = (i / d.perWorld) * d.perWorld;
    let last = min(first + d.perWorld, d.count);
    for (var j = first; j < last; j++) {
      if (j == i || statusBuffer[j] != ${VEHICLE_STATUS.ok}u) { continue; }
      let dz = stateBuffer[${S.pz}u * d.stride + j] - z;
      let dx = stateBuffer[${S.px}u * d.stride + j] - x;
      let dy = stateBuffer[${S.py}u * d.stride + j] - y;
      let dxy = sqrt(dx * dx + dy * dy);
      if (dz > 0.0 && dxy < d.maxHorizontalDistance) {
        let ratio = d.propellerRadius / (4.0 * dz);
        let alpha = d.c1 * ratio * ratio;
        let spread = dxy / (d.c2 * dz + d.c3);
        force += alpha * exp(-0.5 * spread * spread);
      }
    }
  }
  paramsBuffer[${K.downwashThrust}u * d.stride + i] = -force;
}
`;

/** The uniform block of the downwash pass. */
export function writeDownwashUniforms(bytes: ArrayBuffer, stride: number, count: number, perWorld: number, option: DownwashOption): void {
  const words = new Uint32Array(bytes, 0, 4), floats = new Float32Array(bytes, 16, 8);
  words.set([stride, count, perWorld, 0]);
  floats.set([option.c1, option.c2, option.c3, option.propellerRadius, option.maxHorizontalDistance, 0, 0, 0]);
}
