import { ROBOT_PARAM, ROBOT_STATE, type RobotArrays } from '../robot/ground-robot-model.ts';
import { VEHICLE_STATUS } from '../quadrotor/quadrotor-state-layout.ts';
import type { RobotRung } from './action-rungs.ts';
import { wrapAngle } from './quadrotor-cascade-controller.ts';

export interface RobotControllerGains {
  cruiseSpeed: number; // m/s, goto's top speed
  approachGain: number; // 1/s, speed per metre of remaining distance near the goal
  lookahead: number; // m, pure pursuit look-ahead distance
  arrivalRadius: number; // m, goto stops inside this distance
  turnInPlaceAngle: number; // rad, heading errors above this turn on the spot first
}

export const DEFAULT_ROBOT_GAINS: RobotControllerGains = {
  cruiseSpeed: 1.5,
  approachGain: 1.2,
  lookahead: 1,
  arrivalRadius: 0.03,
  turnInPlaceAngle: Math.PI / 2,
};

/**
 * Turns robot rung commands (drone-major, 2 numbers per robot: wheels [l, r] as fractions,
 * velocity [v, w], goto [x, y]) into wheel speed commands for robots [start, end).
 * goto is pure pursuit toward the point, slowing on approach.
 */
export function applyRobotControl(
  rung: RobotRung, commands: Float32Array, batch: RobotArrays, gains: RobotControllerGains, start: number, end: number,
): void {
  const { state, params, wheelCommand, status } = batch;
  const n = batch.stride;
  for (let i = start; i < end; i++) {
    if (status[i] !== VEHICLE_STATUS.ok) continue;
    const maxWheel = params[ROBOT_PARAM.maxWheelSpeed * n + i];
    const track = params[ROBOT_PARAM.trackWidth * n + i];
    const a = commands[2 * i], b = commands[2 * i + 1];
    if (rung === 'wheels') {
      wheelCommand[i] = a * maxWheel;
      wheelCommand[n + i] = b * maxWheel;
      continue;
    }
    let v: number, w: number;
    if (rung === 'velocity') {
      v = a;
      w = b;
    } else {
      const dx = a - state[ROBOT_STATE.x * n + i], dy = b - state[ROBOT_STATE.y * n + i];
      const distance = Math.hypot(dx, dy);
      if (distance < gains.arrivalRadius) {
        v = 0;
        w = 0;
      } else {
        const alpha = wrapAngle(Math.atan2(dy, dx) - state[ROBOT_STATE.yaw * n + i]);
        if (Math.abs(alpha) > gains.turnInPlaceAngle) {
          v = 0;
          w = Math.sign(alpha) * 2;
        } else {
          v = Math.min(gains.cruiseSpeed, gains.approachGain * distance) * Math.cos(alpha);
          // Pure pursuit: curvature 2·sin(α)/L toward a look-ahead point no farther than the goal.
          w = (v * 2 * Math.sin(alpha)) / Math.min(gains.lookahead, distance);
        }
      }
    }
    let left = v - 0.5 * w * track, right = v + 0.5 * w * track;
    // Keep the turn radius when a wheel would exceed its limit: scale both wheels together.
    const peak = Math.max(Math.abs(left), Math.abs(right));
    if (peak > maxWheel) {
      left *= maxWheel / peak;
      right *= maxWheel / peak;
    }
    wheelCommand[i] = left;
    wheelCommand[n + i] = right;
  }
}
