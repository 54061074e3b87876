import type { QuadrotorArrays } from './quadrotor-batch.ts';
import { QUADROTOR_KERNEL_PARAM as K, QUADROTOR_STATE as S, VEHICLE_STATUS } from './quadrotor-state-layout.ts';

/**
 * The batched quadrotor step: rigid body with quaternion attitude, four first-order motors,
 * quadratic thrust curve, yaw torque ∝ thrust, linear drag, an external world-frame force
 * (wind, tethers), RK4 at a fixed dt, then quaternion normalisation, motor clamping and
 * ground contact.
 *
 * The source is generated once from the stage expressions below: every state component is a
 * local variable and the four RK4 stages are written out one after another, so the inner loop
 * touches no temporary array. That shape is what lets the JIT keep everything in registers.
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
) => void;

/** Derivative of the state at stage `j` whose inputs carry suffix `inp`; outputs carry suffix `j`. */
function derivativeLines(j: string, inp: string): string[] {
  const q = (name: string): string => `${name}${inp}`;
  return [
    `const f0${j} = c0 + (c1 + c2 * ${q('r0')}) * ${q('r0')};`,
    `const f1${j} = c0 + (c1 + c2 * ${q('r1')}) * ${q('r1')};`,
    `const f2${j} = c0 + (c1 + c2 * ${q('r2')}) * ${q('r2')};`,
    `const f3${j} = c0 + (c1 + c2 * ${q('r3')}) * ${q('r3')};`,
    `const T${j} = f0${j} + f1${j} + f2${j} + f3${j};`,
    `const r13${j} = 2 * (${q('qx')} * ${q('qz')} + ${q('qw')} * ${q('qy')});`,
    `const r23${j} = 2 * (${q('qy')} * ${q('qz')} - ${q('qw')} * ${q('qx')});`,
    `const r33${j} = 1 - 2 * (${q('qx')} * ${q('qx')} + ${q('qy')} * ${q('qy')});`,
    `const dvx${j} = (T${j} * r13${j} - dragXY * ${q('vx')} + fx) * invMass;`,
    `const dvy${j} = (T${j} * r23${j} - dragXY * ${q('vy')} + fy) * invMass;`,
    `const dvz${j} = (T${j} * r33${j} - dragZ * ${q('vz')} + fz) * invMass - gravity;`,
    `const dqw${j} = 0.5 * (-${q('qx')} * ${q('wx')} - ${q('qy')} * ${q('wy')} - ${q('qz')} * ${q('wz')});`,
    `const dqx${j} = 0.5 * (${q('qw')} * ${q('wx')} + ${q('qy')} * ${q('wz')} - ${q('qz')} * ${q('wy')});`,
    `const dqy${j} = 0.5 * (${q('qw')} * ${q('wy')} - ${q('qx')} * ${q('wz')} + ${q('qz')} * ${q('wx')});`,
    `const dqz${j} = 0.5 * (${q('qw')} * ${q('wz')} + ${q('qx')} * ${q('wy')} - ${q('qy')} * ${q('wx')});`,
    `const dwx${j} = armX * (f0${j} - f1${j} - f2${j} + f3${j}) * invIxx + gyroX * ${q('wy')} * ${q('wz')};`,
    `const dwy${j} = armX * (-f0${j} - f1${j} + f2${j} + f3${j}) * invIyy + gyroY * ${q('wx')} * ${q('wz')};`,
    `const dwz${j} = yawK * (-f0${j} + f1${j} - f2${j} + f3${j}) * invIzz + gyroZ * ${q('wx')} * ${q('wy')};`,
    `const dr0${j} = (u0 - ${q('r0')}) * k0;`,
    `const dr1${j} = (u1 - ${q('r1')}) * k1;`,
    `const dr2${j} = (u2 - ${q('r2')}) * k2;`,
    `const dr3${j} = (u3 - ${q('r3')}) * k3;`,
  ];
}

// Components integrated by RK4 and the derivative each one has (position's derivative is velocity).
const INTEGRATED: [string, string][] = [
  ['px', 'vx'], ['py', 'vy'], ['pz', 'vz'],
  ['vx', 'dvx'], ['vy', 'dvy'], ['vz', 'dvz'],
  ['qw', 'dqw'], ['qx', 'dqx'], ['qy', 'dqy'], ['qz', 'dqz'],
  ['wx', 'dwx'], ['wy', 'dwy'], ['wz', 'dwz'],
  ['r0', 'dr0'], ['r1', 'dr1'], ['r2', 'dr2'], ['r3', 'dr3'],
];
// Derivative inputs (position does not enter the dynamics).
const STAGE_INPUTS = INTEGRATED.filter(([name]) => !name.startsWith('p'));

/** Stage `j`'s derivative of component `name` (position's derivative is the stage's velocity). */
function stageDerivative(name: string, deriv: string, j: string): string {
  if (!name.startsWith('p')) return `${deriv}${j}`;
  return j === '1' ? deriv : `${deriv}_${j}`;
}

/** The generated JavaScript source of the step function (exported for inspection and tests). */
export function quadrotorKernelSource(): string {
  const lines: string[] = [];
  const at = (component: number): string => `${component} * n + i`;
  const param = (name: keyof typeof K): string => `const ${name} = params[${K[name]} * n + i];`;
  lines.push('const n = count;');
  lines.push('for (let i = start; i < end; i++) {');
  lines.push(`  if (status[i] !== ${VEHICLE_STATUS.ok}) continue;`);
  for (const name of ['invMass', 'armX', 'c0', 'c1', 'c2', 'invIxx', 'invIyy', 'invIzz', 'gyroX', 'gyroY', 'gyroZ', 'dragXY', 'dragZ', 'gravity'] as const) {
    lines.push('  ' + param(name));
  }
  lines.push(`  const yawK = params[${K.yawTorquePerThrust} * n + i];`);
  for (const [name] of INTEGRATED) lines.push(`  let ${name} = state[${at(S[name as keyof typeof S])}];`);
  lines.push('  const fx = externalForce[i], fy = externalForce[n + i], fz = externalForce[2 * n + i];');
  lines.push(`  const rise = params[${K.invTauRise} * n + i], fall = params[${K.invTauFall} * n + i];`);
  for (let m = 0; m < 4; m++) {
    lines.push(`  const u${m} = motorCommand[${m} * n + i];`);
    // Motor lag: the time constant is chosen once per step from the direction of the change.
    lines.push(`  const k${m} = u${m} > r${m} ? rise : fall;`);
  }
  lines.push('  const h = 0.5 * dt;');
  // Each stage's derivative is folded into a running sum at once, so only one stage is live at
  // a time (fewer values competing for registers than keeping k1..k4 to the end).
  lines.push(...derivativeLines('1', '').map((l) => '  ' + l));
  for (const [name, deriv] of INTEGRATED) lines.push(`  let acc_${name} = ${stageDerivative(name, deriv, '1')};`);
  for (const [stage, prev, scale, weight] of [['2', '1', 'h', 2], ['3', '2', 'h', 2], ['4', '3', 'dt', 1]] as const) {
    for (const [name, deriv] of STAGE_INPUTS) {
      lines.push(`  const ${name}_${stage} = ${name} + ${scale} * ${deriv}${prev};`);
    }
    lines.push(...derivativeLines(stage, `_${stage}`).map((l) => '  ' + l));
    for (const [name, deriv] of INTEGRATED) {
      const term = stageDerivative(name, deriv, stage);
      lines.push(`  acc_${name} += ${weight === 2 ? `2 * ${term}` : term};`);
    }
  }
  lines.push('  const sixth = dt / 6;');
  for (const [name] of INTEGRATED) lines.push(`  ${name} += sixth * acc_${name};`);
  lines.push('  const qn = 1 / Math.sqrt(qw * qw + qx * qx + qy * qy + qz * qz);');
  lines.push('  qw *= qn; qx *= qn; qy *= qn; qz *= qn;');
  for (let m = 0; m < 4; m++) lines.push(`  r${m} = r${m} < 0 ? 0 : r${m} > 1 ? 1 : r${m};`);
  // Ground contact: never below z = 0; a hard landing or one on its side wrecks the drone.
  lines.push('  if (pz < 0) {');
  lines.push(`    const upright = 1 - 2 * (qx * qx + qy * qy);`);
  lines.push(`    if (-vz > params[${K.crashSpeed} * n + i] || upright < 0.5) status[i] = ${VEHICLE_STATUS.crashedGround};`);
  lines.push('    pz = 0; if (vz < 0) vz = 0; vx = 0; vy = 0; wx = 0; wy = 0;');
  lines.push('  }');
  for (const [name] of INTEGRATED) lines.push(`  state[${at(S[name as keyof typeof S])}] = ${name};`);
  lines.push('}');
  return lines.join('\n');
}

let compiled: QuadrotorStepFunction | null = null;

/** The generated scalar kernel as a callable function (compiled once per thread). */
export function scalarQuadrotorKernel(): QuadrotorStepFunction {
  compiled ??= new Function(
    'state', 'params', 'motorCommand', 'externalForce', 'status', 'count', 'start', 'end', 'dt',
    quadrotorKernelSource(),
  ) as QuadrotorStepFunction;
  return compiled;
}

/** Steps drones [start, end) of a batch by one dt with the scalar JavaScript kernel. Crashed drones stay frozen. */
export function stepQuadrotorsScalar(batch: QuadrotorArrays, start: number, end: number, dt: number): void {
  scalarQuadrotorKernel()(batch.state, batch.params, batch.motorCommand, batch.externalForce, batch.status, batch.stride, start, end, dt);
}
