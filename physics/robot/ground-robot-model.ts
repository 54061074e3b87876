import { rowStride, type ArenaField, type BatchArena } from '../batch/batch-arena.ts';
import { VEHICLE_STATUS } from '../quadrotor/quadrotor-state-layout.ts';

/**
 * Ground delivery robot: differential drive on the ground plane. Each wheel's rim speed follows
 * its command within an acceleration limit; the body moves along the arc the two speeds define.
 * Arrays are component-major like the quadrotor's (component c of robot i at c * stride + i).
 */
export const ROBOT_STATE = { x: 0, y: 1, yaw: 2, left: 3, right: 4 } as const; // m, m, rad, m/s, m/s
export const ROBOT_STATE_SIZE = 5;

export interface GroundRobotParams {
  name: string;
  trackWidth: number; // m, distance between the wheels
  maxWheelSpeed: number; // m/s
  maxWheelAcceleration: number; // m/s²
  radius: number; // m, footprint radius used for collisions
  payloadCapacity: number; // kg
}

/** A sidewalk delivery robot of the common six-wheeled class (about 0.6 m wide, walking pace). */
export const DELIVERY_ROBOT_PARAMS: GroundRobotParams = {
  name: 'delivery-robot',
  trackWidth: 0.55,
  maxWheelSpeed: 1.8,
  maxWheelAcceleration: 1.5,
  radius: 0.4,
  payloadCapacity: 10,
};

export const ROBOT_PARAM = { trackWidth: 0, maxWheelSpeed: 1, maxWheelAcceleration: 2, radius: 3 } as const;
export const ROBOT_PARAM_SIZE = 4;

export function robotArenaFields(count: number, prefix = 'robot'): ArenaField[] {
  const stride = rowStride(count);
  return [
    { name: `${prefix}.state`, kind: 'f32', length: ROBOT_STATE_SIZE * stride },
    { name: `${prefix}.params`, kind: 'f32', length: ROBOT_PARAM_SIZE * stride },
    { name: `${prefix}.wheelCommand`, kind: 'f32', length: 2 * stride }, // m/s per wheel
    { name: `${prefix}.status`, kind: 'u8', length: stride },
  ];
}

export interface RobotArrays {
  count: number;
  stride: number;
  state: Float32Array;
  params: Float32Array;
  wheelCommand: Float32Array;
  status: Uint8Array;
}

export function robotArrays(arena: BatchArena, count: number, prefix = 'robot'): RobotArrays {
  return {
    count,
    stride: rowStride(count),
    state: arena.f32(`${prefix}.state`),
    params: arena.f32(`${prefix}.params`),
    wheelCommand: arena.f32(`${prefix}.wheelCommand`),
    status: arena.u8(`${prefix}.status`),
  };
}

export function writeRobotParams(params: GroundRobotParams, out: Float32Array, stride: number, index: number): void {
  out[ROBOT_PARAM.trackWidth * stride + index] = params.trackWidth;
  out[ROBOT_PARAM.maxWheelSpeed * stride + index] = params.maxWheelSpeed;
  out[ROBOT_PARAM.maxWheelAcceleration * stride + index] = params.maxWheelAcceleration;
  out[ROBOT_PARAM.radius * stride + index] = params.radius;
}

/** Advances robots [start, end) by dt: wheel speeds slew toward their commands, then the pose moves. */
export function stepGroundRobots(batch: RobotArrays, start: number, end: number, dt: number): void {
  const { state, params, wheelCommand, status } = batch;
  const n = batch.stride;
  for (let i = start; i < end; i++) {
    if (status[i] !== VEHICLE_STATUS.ok) continue;
    const maxSpeed = params[ROBOT_PARAM.maxWheelSpeed * n + i];
    const maxDelta = params[ROBOT_PARAM.maxWheelAcceleration * n + i] * dt;
    const left = slew(state[ROBOT_STATE.left * n + i], clampAbs(wheelCommand[i], maxSpeed), maxDelta);
    const right = slew(state[ROBOT_STATE.right * n + i], clampAbs(wheelCommand[n + i], maxSpeed), maxDelta);
    const v = 0.5 * (left + right);
    const w = (right - left) / params[ROBOT_PARAM.trackWidth * n + i];
    const yaw = state[ROBOT_STATE.yaw * n + i];
    // Midpoint heading integrates an arc of constant curvature to second order.
    const mid = yaw + 0.5 * w * dt;
    state[ROBOT_STATE.x * n + i] += v * Math.cos(mid) * dt;
    state[ROBOT_STATE.y * n + i] += v * Math.sin(mid) * dt;
    let nextYaw = yaw + w * dt;
    if (nextYaw > Math.PI) nextYaw -= 2 * Math.PI;
    else if (nextYaw < -Math.PI) nextYaw += 2 * Math.PI;
    state[ROBOT_STATE.yaw * n + i] = nextYaw;
    state[ROBOT_STATE.left * n + i] = left;
    state[ROBOT_STATE.right * n + i] = right;
  }
}

function slew(current: number, target: number, maxDelta: number): number {
  const delta = target - current;
  return delta > maxDelta ? current + maxDelta : delta < -maxDelta ? current - maxDelta : target;
}

function clampAbs(value: number, limit: number): number {
  return value > limit ? limit : value < -limit ? -limit : value;
}
