import { parseKernelExpression, renameVariables } from '../wasm/kernel-expression.ts';
import { checkLaneKernelProgram, type CheckedLaneKernel, type KernelAssignment, type LaneKernelProgram, type LaneKernelSlot } from '../wasm/lane-kernel-program.ts';
import { QUADROTOR_KERNEL_PARAM as K, QUADROTOR_STATE as S, QUADROTOR_STATE_NAMES, VEHICLE_STATUS } from './quadrotor-state-layout.ts';
import { QUADROTOR_ROTORS, rotorTorqueSigns, signedSumExpression } from './rotor-layout.ts';

/**
 * The quadrotor dynamics, written once as data: a rigid body with quaternion attitude, four
 * first-order motors, quadratic thrust curve, yaw torque ∝ thrust, optional ground effect, linear drag and an external
 * world-frame force (wind, tethers), integrated by RK4 at a fixed dt, then quaternion
 * normalisation, motor clamping and ground contact. Both the scalar JavaScript kernel and the
 * WebAssembly SIMD kernel are compiled from this one program, in f32, so they agree bit for bit.
 */

const TORQUE = rotorTorqueSigns();
const THRUSTS = ['f0', 'f1', 'f2', 'f3'];
const LIFTS = ['fe0', 'fe1', 'fe2', 'fe3'];

/** The state derivative. Names of state components read the stage's state; f0..dr3 are the stage's own values. */
export const QUADROTOR_DERIVATIVE: readonly KernelAssignment[] = [
  { name: 'f0', expr: 'c0 + (c1 + c2 * r0) * r0' },
  { name: 'f1', expr: 'c0 + (c1 + c2 * r1) * r1' },
  { name: 'f2', expr: 'c0 + (c1 + c2 * r2) * r2' },
  { name: 'f3', expr: 'c0 + (c1 + c2 * r3) * r3' },
  // Ground effect adds thrust (and so roll and pitch torque) but no yaw torque: fe = f·(1 + ge).
  ...[0, 1, 2, 3].map((m) => ({ name: `fe${m}`, expr: `f${m} + f${m} * ge${m}` })),
  // Downwash from drones above pushes along body z, as the rotors do (downwash.ts; 0 without neighbours).
  { name: 'T', expr: 'fe0 + fe1 + fe2 + fe3 + downwashThrust' },
  // Third column of the body→world rotation: where the thrust points.
  { name: 'r13', expr: '2 * (qx * qz + qw * qy)' },
  { name: 'r23', expr: '2 * (qy * qz - qw * qx)' },
  { name: 'r33', expr: '1 - 2 * (qx * qx + qy * qy)' },
  { name: 'dvx', expr: '(T * r13 - dragXY * vx + fx) * invMass' },
  { name: 'dvy', expr: '(T * r23 - dragXY * vy + fy) * invMass' },
  { name: 'dvz', expr: '(T * r33 - dragZ * vz + fz) * invMass - gravity' },
  { name: 'dqw', expr: '0.5 * (-qx * wx - qy * wy - qz * wz)' },
  { name: 'dqx', expr: '0.5 * (qw * wx + qy * wz - qz * wy)' },
  { name: 'dqy', expr: '0.5 * (qw * wy - qx * wz + qz * wx)' },
  { name: 'dqz', expr: '0.5 * (qw * wz + qx * wy - qy * wx)' },
  // Rotor torques from the rotor table (rotor-layout.ts): lever arms for roll and pitch, spin for yaw.
  { name: 'dwx', expr: `armX * ${signedSumExpression(TORQUE.roll, LIFTS)} * invIxx + gyroX * wy * wz` },
  { name: 'dwy', expr: `armX * ${signedSumExpression(TORQUE.pitch, LIFTS)} * invIyy + gyroY * wx * wz` },
  { name: 'dwz', expr: `yawTorquePerThrust * ${signedSumExpression(TORQUE.yaw, THRUSTS)} * invIzz + gyroZ * wx * wy` },
  { name: 'dr0', expr: '(u0 - r0) * k0' },
  { name: 'dr1', expr: '(u1 - r1) * k1' },
  { name: 'dr2', expr: '(u2 - r2) * k2' },
  { name: 'dr3', expr: '(u3 - r3) * k3' },
];

/** Once per step, before the stages. */
const PRELUDE: readonly KernelAssignment[] = [
  // Motor lag: the time constant is chosen once per step from the direction of the change.
  ...[0, 1, 2, 3].map((m) => ({ name: `k${m}`, expr: `select(u${m} > r${m}, invTauRise, invTauFall)` })),
  // Ground effect (gym-pybullet-drones' per-rotor form), held over the step as its physics step holds it:
  // extra thrust f·k·(ρ/4h)² at rotor height h ≥ minHeight, only while the drone is upright.
  { name: 'g31', expr: '2 * (qx * qz - qw * qy)' },
  { name: 'g32', expr: '2 * (qy * qz + qw * qx)' },
  { name: 'upright', expr: '1 - 2 * (qx * qx + qy * qy) > 0' },
  ...QUADROTOR_ROTORS.flatMap((rotor, m) => [
    { name: `gh${m}`, expr: `pz + armX * (${rotor.x < 0 ? '-' : ''}g31 ${rotor.y < 0 ? '-' : '+'} g32)` },
    { name: `gc${m}`, expr: `select(gh${m} < groundEffectMinHeight, groundEffectMinHeight, gh${m})` },
    { name: `ge${m}`, expr: `select(upright, groundEffect / (gc${m} * gc${m}), 0)` },
  ]),
  { name: 'h', expr: '0.5 * dt' },
  { name: 'sixth', expr: 'dt / 6' },
];

/** Once per step, after the RK4 update. */
const POSTLUDE: readonly KernelAssignment[] = [
  { name: 'qn', expr: '1 / sqrt(qw * qw + qx * qx + qy * qy + qz * qz)' },
  { name: 'qw', expr: 'qw * qn' },
  { name: 'qx', expr: 'qx * qn' },
  { name: 'qy', expr: 'qy * qn' },
  { name: 'qz', expr: 'qz * qn' },
  ...[0, 1, 2, 3].map((m) => ({ name: `r${m}`, expr: `select(r${m} < 0, 0, select(r${m} > 1, 1, r${m}))` })),
  // Ground contact: never below z = 0; a hard landing or one on its side wrecks the drone.
  { name: 'ground', expr: 'pz < 0' },
  { name: 'crashed', expr: 'ground && (-vz > crashSpeed || 1 - 2 * (qx * qx + qy * qy) < 0.5)' },
  { name: 'pz', expr: 'select(ground, 0, pz)' },
  { name: 'vz', expr: 'select(ground && vz < 0, 0, vz)' },
  { name: 'vx', expr: 'select(ground, 0, vx)' },
  { name: 'vy', expr: 'select(ground, 0, vy)' },
  { name: 'wx', expr: 'select(ground, 0, wx)' },
  { name: 'wy', expr: 'select(ground, 0, wy)' },
];

const PARAM_INPUTS = [
  'invMass', 'armX', 'c0', 'c1', 'c2', 'yawTorquePerThrust', 'invIxx', 'invIyy', 'invIzz', 'gyroX', 'gyroY', 'gyroZ',
  'invTauRise', 'invTauFall', 'dragXY', 'dragZ', 'gravity', 'crashSpeed', 'groundEffect', 'groundEffectMinHeight', 'downwashThrust',
] as const satisfies readonly (keyof typeof K)[];

const POSITION = new Set(['px', 'py', 'pz']);
// What each state component changes by: position by velocity, the rest by their derivative value.
const rate = (name: string): string => (POSITION.has(name) ? `v${name.slice(1)}` : `d${name}`);

/** The stage-`j` copy of the derivative: stage state and stage values get suffix `_j` (stage 1 reads the step's state). */
function derivativeForStage(j: number): KernelAssignment[] {
  const own = new Set(QUADROTOR_DERIVATIVE.map((a) => a.name));
  const stageName = (name: string): string => {
    if (own.has(name)) return `${name}_${j}`;
    if (j > 1 && name in S && !POSITION.has(name)) return `${name}_${j}`;
    return name;
  };
  return QUADROTOR_DERIVATIVE.map(({ name, expr }) => ({
    name: stageName(name),
    expr: renameVariables(typeof expr === 'string' ? parseKernelExpression(expr) : expr, stageName),
  }));
}

/** The stage-`j` rate of a state component (stage-`j` velocity for position). */
function stageRate(name: string, j: number): string {
  if (POSITION.has(name)) return j === 1 ? rate(name) : `${rate(name)}_${j}`;
  return `${rate(name)}_${j}`;
}

/** The full step as one straight list of assignments. */
export function quadrotorStepAssignments(): KernelAssignment[] {
  const own = new Set(QUADROTOR_DERIVATIVE.map((a) => a.name));
  for (const name of own) {
    if (name in S || name in K) throw new Error(`quadrotor derivative value "${name}" shadows a state or parameter name`);
  }
  const body: KernelAssignment[] = [...PRELUDE];
  body.push(...derivativeForStage(1));
  // Each stage's rate is folded into a running sum at once, so only one stage is live at a time.
  for (const name of QUADROTOR_STATE_NAMES) body.push({ name: `acc_${name}`, expr: stageRate(name, 1) });
  for (const [stage, scale, weight] of [[2, 'h', '2 * '], [3, 'h', '2 * '], [4, 'dt', '']] as const) {
    for (const name of QUADROTOR_STATE_NAMES) {
      if (!POSITION.has(name)) body.push({ name: `${name}_${stage}`, expr: `${name} + ${scale} * ${stageRate(name, stage - 1)}` });
    }
    body.push(...derivativeForStage(stage));
    for (const name of QUADROTOR_STATE_NAMES) body.push({ name: `acc_${name}`, expr: `acc_${name} + ${weight}${stageRate(name, stage)}` });
  }
  for (const name of QUADROTOR_STATE_NAMES) body.push({ name, expr: `${name} + sixth * acc_${name}` });
  body.push(...POSTLUDE);
  return body;
}

/** The quadrotor step as a lane kernel over the batch arrays (see quadrotor-batch.ts). */
export function quadrotorKernelProgram(): LaneKernelProgram {
  const stateSlots: LaneKernelSlot[] = QUADROTOR_STATE_NAMES.map((name) => ({ name, array: 'state', component: S[name] }));
  return {
    arrays: ['state', 'params', 'motorCommand', 'externalForce'],
    inputs: [
      ...stateSlots,
      ...PARAM_INPUTS.map((name) => ({ name, array: 'params', component: K[name] })),
      ...[0, 1, 2, 3].map((m) => ({ name: `u${m}`, array: 'motorCommand', component: m })),
      ...['fx', 'fy', 'fz'].map((name, component) => ({ name, array: 'externalForce', component })),
    ],
    uniforms: ['dt'],
    body: quadrotorStepAssignments(),
    outputs: stateSlots,
    stop: { when: 'crashed', status: VEHICLE_STATUS.crashedGround },
  };
}

let checked: CheckedLaneKernel | null = null;

/** The parsed, type-checked quadrotor program (built once per thread). */
export function checkedQuadrotorKernel(): CheckedLaneKernel {
  checked ??= checkLaneKernelProgram(quadrotorKernelProgram());
  return checked;
}
