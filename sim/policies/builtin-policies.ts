import { QUADROTOR_RUNGS, QUADROTOR_STATE as S, hashToUnit, type KernelAssignment, type QuadrotorRung } from '../../physics/index.ts';
import type { BatchCore } from '../batch/batch-core.ts';

/**
 * Policies that run inside the batch (on every worker, no round trip to the caller):
 * `pid` flies to the task's goal through the velocity (or goto) rung, `random` draws
 * uniform commands within the rung's bounds from (seed, drone, step), `zero` sends zeros.
 */
export interface BuiltinPolicy {
  readonly name: string;
  /** Writes commands for drones [start, end) into core.actions. */
  act(core: BatchCore, start: number, end: number, stepCounter: number): void;
}

export const BUILTIN_POLICY_NAMES = ['pid', 'random', 'zero'] as const;
export type BuiltinPolicyName = (typeof BUILTIN_POLICY_NAMES)[number];

/** Position gain and speed limits of the pid policy's velocity commands. */
const PID_POSITION_GAIN = 1.6; // 1/s
const PID_MAX_HORIZONTAL_SPEED = 3; // m/s
const PID_MAX_VERTICAL_SPEED = 1.5; // m/s

const pidPolicy: BuiltinPolicy = {
  name: 'pid',
  act(core, start, end) {
    const { actions, goal, stride: n } = core;
    const state = core.quad.state;
    if (core.config.rung !== 'velocity') {
      for (let i = start; i < end; i++) {
        actions[4 * i] = goal[i];
        actions[4 * i + 1] = goal[n + i];
        actions[4 * i + 2] = goal[2 * n + i];
        actions[4 * i + 3] = 0;
      }
      return;
    }
    const k = PID_POSITION_GAIN, vMax = PID_MAX_HORIZONTAL_SPEED, wMax = PID_MAX_VERTICAL_SPEED;
    for (let i = start; i < end; i++) {
      let vx = k * (goal[i] - state[S.px * n + i]);
      let vy = k * (goal[n + i] - state[S.py * n + i]);
      const horizontal = Math.sqrt(vx * vx + vy * vy);
      if (horizontal > vMax) {
        vx *= vMax / horizontal;
        vy *= vMax / horizontal;
      }
      const vz = k * (goal[2 * n + i] - state[S.pz * n + i]);
      const a = 4 * i;
      actions[a] = vx;
      actions[a + 1] = vy;
      actions[a + 2] = vz > wMax ? wMax : vz < -wMax ? -wMax : vz;
      actions[a + 3] = 0;
    }
  },
};

/**
 * The pid policy on the velocity rung as lane-kernel statements (the batch's step kernel runs
 * them before the controller): `cmd0..cmd3` from `goalX/Y/Z` and the position, in f32, in the
 * order of `act` above.
 */
export const PID_POLICY_LANE_ASSIGNMENTS: readonly KernelAssignment[] = [
  { name: 'pid_vx', expr: `${PID_POSITION_GAIN} * (goalX - px)` },
  { name: 'pid_vy', expr: `${PID_POSITION_GAIN} * (goalY - py)` },
  { name: 'pid_horizontal', expr: 'sqrt(pid_vx * pid_vx + pid_vy * pid_vy)' },
  { name: 'pid_fast', expr: `pid_horizontal > ${PID_MAX_HORIZONTAL_SPEED}` },
  { name: 'pid_scale', expr: `${PID_MAX_HORIZONTAL_SPEED} / pid_horizontal` },
  { name: 'cmd0', expr: 'select(pid_fast, pid_vx * pid_scale, pid_vx)' },
  { name: 'cmd1', expr: 'select(pid_fast, pid_vy * pid_scale, pid_vy)' },
  { name: 'pid_vz', expr: `${PID_POSITION_GAIN} * (goalZ - pz)` },
  { name: 'cmd2', expr: `select(pid_vz > ${PID_MAX_VERTICAL_SPEED}, ${PID_MAX_VERTICAL_SPEED}, select(pid_vz < -${PID_MAX_VERTICAL_SPEED}, -${PID_MAX_VERTICAL_SPEED}, pid_vz))` },
  { name: 'cmd3', expr: '0' },
];

const zeroPolicy: BuiltinPolicy = {
  name: 'zero',
  act(core, start, end) {
    core.actions.fill(0, 4 * start, 4 * end);
  },
};

function randomPolicy(rung: QuadrotorRung): BuiltinPolicy {
  const fields = QUADROTOR_RUNGS[rung];
  return {
    name: 'random',
    act(core, start, end, stepCounter) {
      for (let i = start; i < end; i++) {
        const drone = core.globalIndex(i);
        for (let j = 0; j < 4; j++) {
          const u = hashToUnit(core.seed, drone, stepCounter, j);
          core.actions[4 * i + j] = fields[j].min + (fields[j].max - fields[j].min) * u;
        }
      }
    },
  };
}

/** The policy of that name for a batch whose commands use `rung`; names what is accepted otherwise. */
export function builtinPolicy(name: string, rung: QuadrotorRung): BuiltinPolicy {
  switch (name) {
    case 'pid':
      if (rung !== 'velocity' && rung !== 'goto') {
        throw new RangeError(`policy "pid" commands the velocity or goto rung; the batch uses "${rung}" (accepted rungs for pid: velocity, goto)`);
      }
      return pidPolicy;
    case 'random':
      return randomPolicy(rung);
    case 'zero':
      return zeroPolicy;
    default:
      throw new RangeError(`policy "${name}" is unknown; accepted: ${BUILTIN_POLICY_NAMES.join(', ')}`);
  }
}
