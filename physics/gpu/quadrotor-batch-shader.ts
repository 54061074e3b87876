import { checkedQuadrotorKernel } from '../quadrotor/quadrotor-kernel-program.ts';
import { QUADROTOR_KERNEL_PARAM_SIZE, QUADROTOR_STATE_SIZE, VEHICLE_STATUS } from '../quadrotor/quadrotor-state-layout.ts';
import { QUADROTOR_CONTROL_PARAMS_WGSL, loadQuadrotorControlParams, quadrotorDynamicsWgsl } from './quadrotor-dynamics-wgsl.ts';
import { BATCH_UNIFORMS_WGSL, QUADROTOR_CONTROLLER_WGSL } from './quadrotor-controller-wgsl.ts';
import { WORLD_CONTACT_WGSL } from './building-collision-wgsl.ts';

/** Drones per workgroup of the batch step. */
export const QUADROTOR_WORKGROUP_SIZE = 64;

/** Binding numbers of the batch step's buffers (group 0). */
export const QUADROTOR_BATCH_BINDING = {
  state: 0, params: 1, commands: 2, motorCommand: 3, externalForce: 4, integral: 5, status: 6, uniforms: 7,
} as const;

/**
 * The compute shader that advances a quadrotor batch `steps` times per dispatch: each invocation
 * owns one drone, loads its state once, runs controller + dynamics `steps` times in registers and
 * writes back once. Buffers keep the CPU arena's component-major layout (component c of drone i
 * at `c * stride + i`); commands are drone-major (4 per drone) like the CPU's actions; status is
 * one u32 per drone (the CPU's byte widened), and a drone whose status is not ok is not advanced.
 *
 * With `loop` (WGSL that declares its own buffers in @group(1)), the commands come from inside the
 * loop instead of the commands buffer, step by step, from functions the loop source defines:
 *
 *   fn loopBudget(i: u32) -> u32                                  // steps drone i may take (≤ u.steps)
 *   fn loopCommand(i: u32, s: QuadrotorState) -> vec4<f32>        // this step's command (a policy)
 *   fn loopAfterStep(i: u32, s: QuadrotorState, stopped: bool) -> bool  // true: the drone stops here
 *   fn loopFinish(i: u32, taken: u32)                             // steps it took, written once
 */
export function quadrotorBatchShaderSource(options: { world?: boolean; loop?: string } = {}): string {
  const dynamics = quadrotorDynamicsWgsl();
  const b = QUADROTOR_BATCH_BINDING;
  const slot = (buffer: string) => (component: number): string => `${buffer}[${component}u * u.stride + i]`;
  const storeState = dynamics.store('state', 's', slot('stateBuffer'));
  const loop = options.loop;
  return /* wgsl */ `
// Generated: quadrotor batch step (controller + RK4 dynamics), ${QUADROTOR_STATE_SIZE} state and ${QUADROTOR_KERNEL_PARAM_SIZE} parameter rows.
${BATCH_UNIFORMS_WGSL}
${dynamics.source}
${QUADROTOR_CONTROL_PARAMS_WGSL}
${QUADROTOR_CONTROLLER_WGSL}

@group(0) @binding(${b.state}) var<storage, read_write> stateBuffer: array<f32>;
@group(0) @binding(${b.params}) var<storage, read> paramsBuffer: array<f32>;
@group(0) @binding(${b.commands}) var<storage, read> commandsBuffer: array<f32>;
@group(0) @binding(${b.motorCommand}) var<storage, read_write> motorCommandBuffer: array<f32>;
@group(0) @binding(${b.externalForce}) var<storage, read> externalForceBuffer: array<f32>;
@group(0) @binding(${b.integral}) var<storage, read_write> integralBuffer: array<f32>;
@group(0) @binding(${b.status}) var<storage, read_write> statusBuffer: array<u32>;
@group(0) @binding(${b.uniforms}) var<uniform> u: BatchUniforms;
${options.world ? WORLD_CONTACT_WGSL : ''}
${loop ?? ''}

@compute @workgroup_size(${QUADROTOR_WORKGROUP_SIZE})
fn stepQuadrotors(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = id.x;
  if (i >= u.count) { return; }
  if (statusBuffer[i] != ${VEHICLE_STATUS.ok}u) { ${loop ? 'loopFinish(i, 0u); ' : ''}return; }
  var s = ${dynamics.load('state', slot('stateBuffer'))};
  let p = ${dynamics.load('params', slot('paramsBuffer'))};
  let cp = ${loadQuadrotorControlParams(slot('paramsBuffer'))};
  let f = ${dynamics.load('externalForce', slot('externalForceBuffer'))};
  var m = ${dynamics.load('motorCommand', slot('motorCommandBuffer'))};
  // With a loop the buffer's command is overwritten each step (still read, so the bind group keeps its layout).
  ${loop ? 'var' : 'let'} command = vec4<f32>(commandsBuffer[4u * i], commandsBuffer[4u * i + 1u], commandsBuffer[4u * i + 2u], commandsBuffer[4u * i + 3u]);
  var integral = vec3<f32>(integralBuffer[i], integralBuffer[u.stride + i], integralBuffer[2u * u.stride + i]);
  var stopped = false;
  var stopStatus = ${checkedQuadrotorKernel().program.stop.status}u;
  ${loop ? 'let budget = loopBudget(i);\n  var taken = 0u;' : 'let budget = u.steps;'}
  for (var k = 0u; k < budget; k++) {
    ${loop ? 'command = loopCommand(i, s);' : ''}
    m = quadrotorControl(u.rung, command, s, p, cp, &integral, u);
    let result = quadrotorDynamics(s, p, m, f, u.dt);
    s = result.state;
    ${loop ? 'taken = taken + 1u;' : ''}
    if (result.stop) { stopped = true; break; }
    ${options.world ? 'let contact = worldContact(s.px, s.py, s.pz);\n    if (contact != 0u) { stopped = true; stopStatus = contact; break; }' : ''}
    ${loop ? 'if (loopAfterStep(i, s, false)) { break; }' : ''}
  }
  ${loop ? 'if (stopped) { loopAfterStep(i, s, true); }\n  loopFinish(i, taken);' : ''}
  ${storeState.join('\n  ')}
  motorCommandBuffer[i] = m.u0;
  motorCommandBuffer[u.stride + i] = m.u1;
  motorCommandBuffer[2u * u.stride + i] = m.u2;
  motorCommandBuffer[3u * u.stride + i] = m.u3;
  integralBuffer[i] = integral.x;
  integralBuffer[u.stride + i] = integral.y;
  integralBuffer[2u * u.stride + i] = integral.z;
  if (stopped) { statusBuffer[i] = stopStatus; }
}
`;
}
