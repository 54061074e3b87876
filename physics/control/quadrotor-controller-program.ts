import type { KernelAssignment } from '../wasm/lane-kernel-program.ts';
import { rotorTorqueSigns } from '../quadrotor/rotor-layout.ts';
import type { QuadrotorRung } from './action-rungs.ts';
import type { QuadrotorControllerGains } from './quadrotor-cascade-controller.ts';

/**
 * The cascade of quadrotor-cascade-controller.ts written as lane-kernel statements, so that it
 * compiles into the same program as the dynamics: f32-exact JavaScript one drone at a time and
 * WebAssembly SIMD four drones at a time, bit for bit alike. The operations and their order are
 * those of the hand-written controller (and of its WGSL twin); every value is f32 here, where the
 * hand-written one computes in f64 and rounds only what it stores.
 *
 * Reads: the step's state (px … r3), kernel parameters (c0, c1, c2, armX, yawTorquePerThrust,
 * mass, ixx, iyy, izz, dragXY, dragZ, invMass, gravity), the command `cmd0..cmd3` in the rung's
 * units, the integral `integralX/Y/Z` (velocity rung) and the gain uniforms of
 * CONTROLLER_UNIFORMS. Writes: `u0..u3` (motor commands) and, on the velocity rung, the integral.
 * Temporaries start with `ctl_`. The goto rung needs atan2, which the kernel language lacks: it
 * stays with the hand-written controller.
 */
export type LaneControllerRung = Exclude<QuadrotorRung, 'goto'>;
export const LANE_CONTROLLER_RUNGS: readonly LaneControllerRung[] = ['motors', 'rates', 'velocity'];

/** The gains as uniforms, in the order `controllerUniformValues` gives them. */
export const CONTROLLER_UNIFORMS = [
  'gainVelocity', 'gainVelocityIntegral', 'gainIntegralLimit', 'gainIntegralBand', 'gainTanMaxTilt', 'gainAttitude', 'gainRate',
] as const;

/** Values of CONTROLLER_UNIFORMS for a gain set (rounded to f32 by the kernels). */
export function controllerUniformValues(gains: QuadrotorControllerGains): number[] {
  return [gains.velocity, gains.velocityIntegral, gains.integralLimit, gains.integralBand, Math.tan(gains.maxTilt), gains.attitude, gains.rate];
}

/** Extra kernel parameters the controller reads beyond those of the dynamics. */
export const CONTROLLER_PARAM_INPUTS = ['mass', 'ixx', 'iyy', 'izz'] as const;

const clamp = (value: string, limit: string): string => `select(${value} < -${limit}, -${limit}, select(${value} > ${limit}, ${limit}, ${value}))`;

/** The velocity loop: PI inside the integral band, drag feed-forward, tilt limit, thrust along the body axis, attitude P. */
function velocityLoop(): KernelAssignment[] {
  const out: KernelAssignment[] = [];
  const axes = ['X', 'Y', 'Z'] as const;
  const velocity = ['vx', 'vy', 'vz'];
  axes.forEach((axis, k) => {
    out.push({ name: `ctl_e${axis}`, expr: `cmd${k} - ${velocity[k]}` });
    // |e| < band, written as two comparisons (the same truth for every f32, NaN included).
    out.push({
      name: `integral${axis}`,
      expr: `select(ctl_e${axis} < gainIntegralBand && -ctl_e${axis} < gainIntegralBand, ${clamp(`(integral${axis} + ctl_e${axis} * dt)`, 'gainIntegralLimit')}, integral${axis})`,
    });
  });
  out.push(
    { name: 'ctl_dragXY', expr: 'dragXY * invMass' },
    { name: 'ctl_dragZ', expr: 'dragZ * invMass' },
    { name: 'ctl_ax', expr: 'gainVelocity * ctl_eX + gainVelocityIntegral * integralX + ctl_dragXY * cmd0' },
    { name: 'ctl_ay', expr: 'gainVelocity * ctl_eY + gainVelocityIntegral * integralY + ctl_dragXY * cmd1' },
    { name: 'ctl_azRaw', expr: 'gravity + gainVelocity * ctl_eZ + gainVelocityIntegral * integralZ + ctl_dragZ * cmd2' },
    { name: 'ctl_azFloor', expr: '0.2 * gravity' },
    { name: 'ctl_az', expr: 'select(ctl_azFloor < ctl_azRaw, ctl_azRaw, ctl_azFloor)' },
    // The horizontal part may not exceed tan(maxTilt) of the vertical part.
    { name: 'ctl_horizontal', expr: 'sqrt(ctl_ax * ctl_ax + ctl_ay * ctl_ay)' },
    { name: 'ctl_tiltLimit', expr: 'ctl_az * gainTanMaxTilt' },
    { name: 'ctl_tilted', expr: 'ctl_horizontal > ctl_tiltLimit' },
    // Shared subexpressions are named once: the same operation on the same values, so the same bits.
    { name: 'ctl_tiltScale', expr: 'ctl_tiltLimit / ctl_horizontal' },
    { name: 'ctl_ax', expr: 'select(ctl_tilted, ctl_ax * ctl_tiltScale, ctl_ax)' },
    { name: 'ctl_ay', expr: 'select(ctl_tilted, ctl_ay * ctl_tiltScale, ctl_ay)' },
    { name: 'ctl_norm', expr: 'sqrt(ctl_ax * ctl_ax + ctl_ay * ctl_ay + ctl_az * ctl_az)' },
    { name: 'ctl_bx', expr: 'ctl_ax / ctl_norm' },
    { name: 'ctl_by', expr: 'ctl_ay / ctl_norm' },
    { name: 'ctl_bz', expr: 'ctl_az / ctl_norm' },
    // The current thrust axis: third column of R(q).
    { name: 'ctl_zx', expr: '2 * (qx * qz + qw * qy)' },
    { name: 'ctl_zy', expr: '2 * (qy * qz - qw * qx)' },
    { name: 'ctl_zz', expr: '1 - 2 * (qx * qx + qy * qy)' },
    { name: 'ctl_thrustRaw', expr: 'mass * (ctl_ax * ctl_zx + ctl_ay * ctl_zy + ctl_az * ctl_zz)' },
    { name: 'ctl_thrust', expr: 'select(0 < ctl_thrustRaw, ctl_thrustRaw, 0)' },
    // Attitude error: the rotation taking the current axis onto the desired one, in the body frame.
    { name: 'ctl_exw', expr: 'ctl_zy * ctl_bz - ctl_zz * ctl_by' },
    { name: 'ctl_eyw', expr: 'ctl_zz * ctl_bx - ctl_zx * ctl_bz' },
    { name: 'ctl_ezw', expr: 'ctl_zx * ctl_by - ctl_zy * ctl_bx' },
    { name: 'ctl_exb', expr: '(1 - 2 * (qy * qy + qz * qz)) * ctl_exw + 2 * (qx * qy + qw * qz) * ctl_eyw + 2 * (qx * qz - qw * qy) * ctl_ezw' },
    { name: 'ctl_eyb', expr: '2 * (qx * qy - qw * qz) * ctl_exw + (1 - 2 * (qx * qx + qz * qz)) * ctl_eyw + 2 * (qy * qz + qw * qx) * ctl_ezw' },
    { name: 'ctl_pRef', expr: 'gainAttitude * ctl_exb' },
    { name: 'ctl_qRef', expr: 'gainAttitude * ctl_eyb' },
    { name: 'ctl_rRef', expr: 'cmd3' },
  );
  return out;
}

/** Rate loop, X mixer with the yaw cap, inverse thrust curve: `u0..u3` from ctl_thrust and ctl_pRef/qRef/rRef. */
function rateLoopAndMixer(): KernelAssignment[] {
  const { roll, pitch, yaw } = rotorTorqueSigns();
  const term = (sign: number, name: string): string => `${sign < 0 ? ' - ' : ' + '}${name}`;
  const out: KernelAssignment[] = [
    { name: 'ctl_tx', expr: 'ixx * gainRate * (ctl_pRef - wx)' },
    { name: 'ctl_ty', expr: 'iyy * gainRate * (ctl_qRef - wy)' },
    { name: 'ctl_tz', expr: 'izz * gainRate * (ctl_rRef - wz)' },
    // x / 4 is x · 0.25 exactly (a power of two).
    { name: 'ctl_t', expr: 'ctl_thrust * 0.25' },
    { name: 'ctl_arm4', expr: '4 * armX' },
    { name: 'ctl_rx', expr: 'ctl_tx / ctl_arm4' },
    { name: 'ctl_ry', expr: 'ctl_ty / ctl_arm4' },
    // Yaw has the least authority: its share is capped so that it never saturates the rotors that hold attitude.
    { name: 'ctl_yawShare', expr: 'ctl_tz / (4 * yawTorquePerThrust)' },
    { name: 'ctl_yawCap', expr: '0.25 * ctl_t' },
    { name: 'ctl_rz', expr: 'select(ctl_yawShare > ctl_yawCap, ctl_yawCap, select(ctl_yawShare < -ctl_yawCap, -ctl_yawCap, ctl_yawShare))' },
    { name: 'ctl_c1Squared', expr: 'c1 * c1' },
    { name: 'ctl_c2Times4', expr: '4 * c2' },
    { name: 'ctl_c2Times2', expr: '2 * c2' },
  ];
  for (let m = 0; m < 4; m++) {
    // ±1 · x is ±x exactly, so the signed sum is the hand-written mixer's t + ROLL·rx + PITCH·ry + YAW·rz.
    out.push({ name: `ctl_f${m}`, expr: `ctl_t${term(roll[m], 'ctl_rx')}${term(pitch[m], 'ctl_ry')}${term(yaw[m], 'ctl_rz')}` });
    out.push({ name: `ctl_r${m}`, expr: `(-c1 + sqrt(ctl_c1Squared + ctl_c2Times4 * (ctl_f${m} - c0))) / ctl_c2Times2` });
    out.push({ name: `u${m}`, expr: `select(ctl_f${m} <= c0, 0, select(ctl_r${m} > 1, 1, ctl_r${m}))` });
  }
  return out;
}

/** The statements of the cascade entered at `rung`. */
export function quadrotorControllerAssignments(rung: LaneControllerRung): KernelAssignment[] {
  switch (rung) {
    case 'motors':
      return [0, 1, 2, 3].map((m) => ({ name: `u${m}`, expr: `cmd${m}` }));
    case 'rates':
      return [
        { name: 'ctl_thrust', expr: 'cmd0 * 4 * (c0 + c1 + c2)' },
        { name: 'ctl_pRef', expr: 'cmd1' },
        { name: 'ctl_qRef', expr: 'cmd2' },
        { name: 'ctl_rRef', expr: 'cmd3' },
        ...rateLoopAndMixer(),
      ];
    case 'velocity':
      return [...velocityLoop(), ...rateLoopAndMixer()];
  }
}
