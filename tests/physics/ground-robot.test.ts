import { describe, expect, it } from 'vitest';
import {
  BatchArena, DELIVERY_ROBOT_PARAMS, DEFAULT_ROBOT_GAINS, ROBOT_STATE, applyRobotControl, robotArenaFields, robotArrays,
  stepGroundRobots, writeRobotParams, type RobotRung,
} from '../../physics/index.ts';

function robot(): { arrays: ReturnType<typeof robotArrays>; drive: (rung: RobotRung, a: number, b: number, steps: number) => void } {
  const arena = BatchArena.create(robotArenaFields(1), { shared: false });
  const arrays = robotArrays(arena, 1);
  writeRobotParams(DELIVERY_ROBOT_PARAMS, arrays.params, arrays.stride, 0);
  const commands = new Float32Array(8);
  return {
    arrays,
    drive(rung, a, b, steps) {
      commands[0] = a;
      commands[1] = b;
      for (let t = 0; t < steps; t++) {
        applyRobotControl(rung, commands, arrays, DEFAULT_ROBOT_GAINS, 0, 1);
        stepGroundRobots(arrays, 0, 1, 0.01);
      }
    },
  };
}

describe('ground robot', () => {
  it('reaches a goto point ahead and to the left within 10 cm', () => {
    const r = robot();
    r.drive('goto', 5, 3, 2000);
    const { state } = r.arrays, n = r.arrays.stride;
    expect(Math.hypot(state[ROBOT_STATE.x * n] - 5, state[ROBOT_STATE.y * n] - 3)).toBeLessThan(0.1);
  });

  it('reaches a goto point behind it within 10 cm (turning on the spot first)', () => {
    const r = robot();
    r.drive('goto', -4, -1, 2000);
    const { state } = r.arrays, n = r.arrays.stride;
    expect(Math.hypot(state[ROBOT_STATE.x * n] + 4, state[ROBOT_STATE.y * n] + 1)).toBeLessThan(0.1);
  });

  it('respects the wheel acceleration limit: 1 m/s needs at least 0.66 s from rest', () => {
    const r = robot();
    r.drive('velocity', 1, 0, 50); // 0.5 s
    const n = r.arrays.stride;
    const speed = 0.5 * (r.arrays.state[ROBOT_STATE.left * n] + r.arrays.state[ROBOT_STATE.right * n]);
    expect(speed).toBeCloseTo(DELIVERY_ROBOT_PARAMS.maxWheelAcceleration * 0.5, 3);
  });

  it('drives a circle of radius v/ω = 2 m once its wheels are up to speed', () => {
    const r = robot();
    const { state } = r.arrays, n = r.arrays.stride;
    const points: [number, number][] = [];
    r.drive('velocity', 1, 0.5, 300); // past the acceleration transient
    for (let k = 0; k < 3; k++) {
      r.drive('velocity', 1, 0.5, 200);
      points.push([state[ROBOT_STATE.x * n], state[ROBOT_STATE.y * n]]);
    }
    expect(circumradius(points[0], points[1], points[2])).toBeCloseTo(2, 2);
  });
});

/** Radius of the circle through three points. */
function circumradius(a: [number, number], b: [number, number], c: [number, number]): number {
  const ab = Math.hypot(a[0] - b[0], a[1] - b[1]), bc = Math.hypot(b[0] - c[0], b[1] - c[1]), ca = Math.hypot(c[0] - a[0], c[1] - a[1]);
  const area2 = Math.abs((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1]));
  return (ab * bc * ca) / (2 * area2);
}
