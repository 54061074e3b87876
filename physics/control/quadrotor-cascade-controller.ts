import type { QuadrotorArrays } from '../quadrotor/quadrotor-batch.ts';
import { QUADROTOR_KERNEL_PARAM as K, QUADROTOR_STATE as S, VEHICLE_STATUS } from '../quadrotor/quadrotor-state-layout.ts';
import { rotorTorqueSigns } from '../quadrotor/rotor-layout.ts';
import type { QuadrotorRung } from './action-rungs.ts';

/**
 * A cascade in the style of the Crazyflie firmware's PID controller:
 * goto (position P) → velocity (PI, gravity feed-forward) → attitude (P on the tilt of the
 * thrust axis) → body rates (P) → mixer (X frame, inverse thrust curve). Each rung enters the
 * cascade at its own level, so `motors` bypasses it and `goto` runs all of it.
 */
export interface QuadrotorControllerGains {
  position: number; // 1/s: velocity setpoint per metre of position error
  maxHorizontalSpeed: number; // m/s, goto's horizontal speed limit
  maxVerticalSpeed: number; // m/s, goto's vertical speed limit
  velocity: number; // 1/s: acceleration per m/s of velocity error
  velocityIntegral: number; // 1/s²
  integralLimit: number; // m/s, bound on the integrated velocity error
  integralBand: number; // m/s: the integrator only runs while the error is smaller (no windup on large steps)
  maxTilt: number; // rad, largest tilt the velocity loop asks for
  attitude: number; // 1/s: body rate per radian of attitude error
  yaw: number; // 1/s: yaw rate per radian of yaw error (goto)
  rate: number; // 1/s: angular acceleration per rad/s of rate error
}

export const DEFAULT_QUADROTOR_GAINS: QuadrotorControllerGains = {
  position: 1.6,
  maxHorizontalSpeed: 3,
  maxVerticalSpeed: 1.5,
  velocity: 4,
  velocityIntegral: 2,
  integralLimit: 1,
  integralBand: 0.3,
  maxTilt: 0.6,
  attitude: 7,
  yaw: 2,
  rate: 16,
};

/** Controller memory per drone (component-major, 3 × stride): the integrated velocity error. */
export const QUADROTOR_CONTROLLER_STATE_SIZE = 3;

/**
 * Turns rung commands (drone-major, 4 numbers per drone) into motor commands for drones
 * [start, end). `integral` is the controller memory (component-major, 3 × stride).
 */
export function applyQuadrotorControl(
  rung: QuadrotorRung, commands: Float32Array, batch: QuadrotorArrays, integral: Float32Array,
  gains: QuadrotorControllerGains, start: number, end: number, dt: number,
): void {
  const { state, params, motorCommand, status } = batch;
  const n = batch.stride;
  const tanMaxTilt = Math.tan(gains.maxTilt);
  // Row offsets hoisted out of the loop: the inner loop then only adds the drone index.
  const s_px = S.px * n, s_py = S.py * n, s_pz = S.pz * n, s_qw = S.qw * n, s_qx = S.qx * n, s_qy = S.qy * n, s_qz = S.qz * n, s_vx = S.vx * n, s_vy = S.vy * n, s_vz = S.vz * n, s_wx = S.wx * n, s_wy = S.wy * n, s_wz = S.wz * n;
  const k_armX = K.armX * n, k_c0 = K.c0 * n, k_c1 = K.c1 * n, k_c2 = K.c2 * n, k_dragXY = K.dragXY * n, k_dragZ = K.dragZ * n, k_gravity = K.gravity * n, k_invMass = K.invMass * n, k_ixx = K.ixx * n, k_iyy = K.iyy * n, k_izz = K.izz * n, k_mass = K.mass * n, k_yawTorquePerThrust = K.yawTorquePerThrust * n;
  for (let i = start; i < end; i++) {
    if (status[i] !== VEHICLE_STATUS.ok) continue;
    const c = 4 * i;
    if (rung === 'motors') {
      motorCommand[i] = commands[c];
      motorCommand[n + i] = commands[c + 1];
      motorCommand[2 * n + i] = commands[c + 2];
      motorCommand[3 * n + i] = commands[c + 3];
      continue;
    }
    const qw = state[s_qw + i], qx = state[s_qx + i], qy = state[s_qy + i], qz = state[s_qz + i];
    const c0 = params[k_c0 + i], c1 = params[k_c1 + i], c2 = params[k_c2 + i];
    const maxRotorThrust = c0 + c1 + c2;
    let thrust: number; // N, collective
    let pRef: number, qRef: number, rRef: number;
    if (rung === 'rates') {
      thrust = commands[c] * 4 * maxRotorThrust;
      pRef = commands[c + 1];
      qRef = commands[c + 2];
      rRef = commands[c + 3];
    } else {
      let vxRef: number, vyRef: number, vzRef: number;
      if (rung === 'goto') {
        const ex = commands[c] - state[s_px + i], ey = commands[c + 1] - state[s_py + i], ez = commands[c + 2] - state[s_pz + i];
        vxRef = gains.position * ex;
        vyRef = gains.position * ey;
        const horizontal = Math.sqrt(vxRef * vxRef + vyRef * vyRef);
        if (horizontal > gains.maxHorizontalSpeed) {
          vxRef *= gains.maxHorizontalSpeed / horizontal;
          vyRef *= gains.maxHorizontalSpeed / horizontal;
        }
        vzRef = clamp(gains.position * ez, -gains.maxVerticalSpeed, gains.maxVerticalSpeed);
        const yaw = Math.atan2(2 * (qw * qz + qx * qy), 1 - 2 * (qy * qy + qz * qz));
        rRef = gains.yaw * wrapAngle(commands[c + 3] - yaw);
      } else {
        vxRef = commands[c];
        vyRef = commands[c + 1];
        vzRef = commands[c + 2];
        rRef = commands[c + 3];
      }
      // Velocity PI with gravity feed-forward gives the acceleration the thrust axis must deliver.
      const evx = vxRef - state[s_vx + i], evy = vyRef - state[s_vy + i], evz = vzRef - state[s_vz + i];
      const band = gains.integralBand, limit = gains.integralLimit;
      const ix = Math.abs(evx) < band ? clamp(integral[i] + evx * dt, -limit, limit) : integral[i];
      const iy = Math.abs(evy) < band ? clamp(integral[n + i] + evy * dt, -limit, limit) : integral[n + i];
      const iz = Math.abs(evz) < band ? clamp(integral[2 * n + i] + evz * dt, -limit, limit) : integral[2 * n + i];
      integral[i] = ix;
      integral[n + i] = iy;
      integral[2 * n + i] = iz;
      const g = params[k_gravity + i];
      // Feed-forward of the drag at the commanded velocity, so the integrator only fixes model error.
      const dragXY = params[k_dragXY + i] * params[k_invMass + i];
      const dragZ = params[k_dragZ + i] * params[k_invMass + i];
      let ax = gains.velocity * evx + gains.velocityIntegral * ix + dragXY * vxRef;
      let ay = gains.velocity * evy + gains.velocityIntegral * iy + dragXY * vyRef;
      const az = Math.max(0.2 * g, g + gains.velocity * evz + gains.velocityIntegral * iz + dragZ * vzRef);
      // Limit the tilt: the horizontal part may not exceed tan(maxTilt) of the vertical part.
      const horizontal = Math.sqrt(ax * ax + ay * ay), tiltLimit = az * tanMaxTilt;
      if (horizontal > tiltLimit) {
        ax *= tiltLimit / horizontal;
        ay *= tiltLimit / horizontal;
      }
      const norm = Math.sqrt(ax * ax + ay * ay + az * az);
      const bx = ax / norm, by = ay / norm, bz = az / norm; // desired thrust axis (world)
      // Current thrust axis: third column of R(q).
      const zx = 2 * (qx * qz + qw * qy), zy = 2 * (qy * qz - qw * qx), zz = 1 - 2 * (qx * qx + qy * qy);
      const mass = params[k_mass + i];
      thrust = Math.max(0, mass * (ax * zx + ay * zy + az * zz));
      // Attitude error: the rotation taking the current axis onto the desired one, in the body frame.
      const exw = zy * bz - zz * by, eyw = zz * bx - zx * bz, ezw = zx * by - zy * bx;
      const exb = (1 - 2 * (qy * qy + qz * qz)) * exw + 2 * (qx * qy + qw * qz) * eyw + 2 * (qx * qz - qw * qy) * ezw;
      const eyb = 2 * (qx * qy - qw * qz) * exw + (1 - 2 * (qx * qx + qz * qz)) * eyw + 2 * (qy * qz + qw * qx) * ezw;
      pRef = gains.attitude * exb;
      qRef = gains.attitude * eyb;
    }
    // Rate loop: angular acceleration ∝ rate error, turned into torques by the inertia.
    const wx = state[s_wx + i], wy = state[s_wy + i], wz = state[s_wz + i];
    const tx = params[k_ixx + i] * gains.rate * (pRef - wx);
    const ty = params[k_iyy + i] * gains.rate * (qRef - wy);
    const tz = params[k_izz + i] * gains.rate * (rRef - wz);
    mixToMotors(thrust, tx, ty, tz, params[k_armX + i], params[k_yawTorquePerThrust + i], c0, c1, c2, motorCommand, n, i);
  }
}

// Each rotor's share of roll, pitch and yaw torque, from the rotor table (±1: exact in any float).
const { roll: ROLL, pitch: PITCH, yaw: YAW } = rotorTorqueSigns();

/** X-frame mixer: rotor thrusts for a collective thrust and body torques, then motor speeds. */
function mixToMotors(
  thrust: number, tx: number, ty: number, tz: number, armX: number, yawK: number,
  c0: number, c1: number, c2: number, motorCommand: Float32Array, n: number, i: number,
): void {
  const t = thrust / 4, rx = tx / (4 * armX), ry = ty / (4 * armX);
  // Yaw has the least authority: cap its share so that it never saturates the rotors that hold attitude.
  const yawShare = tz / (4 * yawK), yawCap = 0.25 * t;
  const rz = yawShare > yawCap ? yawCap : yawShare < -yawCap ? -yawCap : yawShare;
  for (let m = 0; m < 4; m++) motorCommand[m * n + i] = rotorCommand(t + ROLL[m] * rx + PITCH[m] * ry + YAW[m] * rz, c0, c1, c2);
}

/** Normalised motor speed giving rotor thrust f, within the motor's range. */
function rotorCommand(f: number, c0: number, c1: number, c2: number): number {
  if (f <= c0) return 0;
  const r = (-c1 + Math.sqrt(c1 * c1 + 4 * c2 * (f - c0))) / (2 * c2);
  return r > 1 ? 1 : r;
}

function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}

export function wrapAngle(angle: number): number {
  return angle - 2 * Math.PI * Math.floor((angle + Math.PI) / (2 * Math.PI));
}
