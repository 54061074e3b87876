import { QUADROTOR_STATE as S, type InterleaveField, type KernelAssignment } from '../../physics/index.ts';

/**
 * Tasks' reward and own end rule as lane-kernel statements, run inside the step's kernel right
 * after the dynamics (sim/batch/lane-step-program.ts), four drones per vector. They read the new
 * state, `goalX/Y/Z`, and write `reward` and `taskEnded` (1 where the task's rule ends the
 * episode). A drone whose status is not ok after the step gets `crashReward` and ends; the batch
 * applies that after the world's collision checks. A task without a lane form keeps its
 * `evaluateSlice`. Each form is the task's JavaScript evaluation in f32, operation for operation
 * (tests/sim/lane-step.test.ts holds them together).
 */
export interface LaneEvaluation {
  task: string;
  assignments: readonly KernelAssignment[];
  crashReward: number;
  /**
   * The task's observation as copies and differences of rows (array indices into
   * OBSERVATION_ARRAYS), written by one WebAssembly pass; the same values observeSlice writes.
   */
  observation: readonly InterleaveField[];
}

/** The arrays observation fields read: 0 the state rows, 1 the goal rows. */
export const OBSERVATION_ARRAYS = ['state', 'goal'] as const;
const STATE = 0, GOAL = 1;

/** hover-task.ts: reward 1 − min(error, 2)/2 − 0.05·speed − 0.01·spin; ends farther than 5 m; crash −10. */
const HOVER_LANE_EVALUATION: LaneEvaluation = {
  task: 'hover',
  crashReward: -10,
  // Setpoint minus position, then velocity, attitude, body rates and motor speeds as they are.
  observation: [
    ...[S.px, S.py, S.pz].map((component, k) => ({ array: GOAL, component: k, minus: { array: STATE, component } })),
    ...Array.from({ length: 14 }, (_, c) => ({ array: STATE, component: S.vx + c })),
  ],
  assignments: [
    { name: 'ev_ex', expr: 'goalX - px' },
    { name: 'ev_ey', expr: 'goalY - py' },
    { name: 'ev_ez', expr: 'goalZ - pz' },
    { name: 'ev_error', expr: 'sqrt(ev_ex * ev_ex + ev_ey * ev_ey + ev_ez * ev_ez)' },
    { name: 'ev_speed', expr: 'sqrt(vx * vx + vy * vy + vz * vz)' },
    { name: 'ev_spin', expr: 'sqrt(wx * wx + wy * wy + wz * wz)' },
    // x / 2 is x · 0.5 exactly.
    { name: 'reward', expr: '1 - select(ev_error < 2, ev_error, 2) * 0.5 - 0.05 * ev_speed - 0.01 * ev_spin' },
    { name: 'taskEnded', expr: 'select(ev_error > 5, 1, 0)' },
  ],
};

const LANE_EVALUATIONS: Record<string, LaneEvaluation> = { hover: HOVER_LANE_EVALUATION };

/** The lane form of a task's evaluation, or null where the task evaluates in JavaScript only. */
export function laneEvaluationOf(task: string): LaneEvaluation | null {
  return LANE_EVALUATIONS[task] ?? null;
}
