import {
  CONTROLLER_PARAM_INPUTS, CONTROLLER_UNIFORMS, QUADROTOR_KERNEL_PARAM as K, quadrotorControllerAssignments,
  quadrotorKernelProgram, type KernelAssignment, type LaneControllerRung, type LaneKernelProgram, type LaneKernelSlot,
} from '../../physics/index.ts';
import { PID_POLICY_LANE_ASSIGNMENTS } from '../policies/builtin-policies.ts';
import { laneEvaluationOf, type LaneEvaluation } from '../tasks/lane-evaluations.ts';

/**
 * One environment step as one lane-kernel program: the command (the built-in `pid` policy, or the
 * rows the caller's actions were copied to), the controller cascade of the batch's rung, the
 * dynamics, and, where the task has a lane form, its reward and its own end test. It is compiled
 * to f32-exact JavaScript (the scalar path) and to WebAssembly SIMD (the fast path) from this one
 * description, so both give the same bits on any slice, hence on any worker count.
 *
 * Arrays beyond the dynamics' (all component-major, `stride` per row):
 *   command    4 rows: the rung command of each drone (when the policy is not pid)
 *   integral   3 rows: the velocity loop's integrated error
 *   goal       3 rows: where the task wants the drone (pid reads it, and the task's lane evaluation)
 *   reward     1 row, taskEnded 1 row (1 where the task's own rule ended the episode)
 */
export type LaneCommandSource = 'pid' | 'rows';

export interface LaneStepVariant {
  rung: LaneControllerRung;
  commands: LaneCommandSource;
  /** The task whose lane evaluation runs after the dynamics, or null to leave evaluation to the task's JavaScript. */
  evaluation: LaneEvaluation | null;
}

const rows = (array: string, names: readonly string[]): LaneKernelSlot[] => names.map((name, component) => ({ name, array, component }));

export function laneStepProgram(variant: LaneStepVariant): LaneKernelProgram {
  const physics = quadrotorKernelProgram();
  const arrays = [...physics.arrays];
  const inputs: LaneKernelSlot[] = [...physics.inputs];
  const outputs: LaneKernelSlot[] = [...physics.outputs];
  const body: KernelAssignment[] = [];
  const use = (array: string, slots: LaneKernelSlot[], written: boolean): void => {
    if (!arrays.includes(array)) arrays.push(array);
    for (const slot of slots) {
      if (!inputs.some((input) => input.name === slot.name)) inputs.push(slot);
      if (written) outputs.push(slot);
    }
  };
  const known = new Set(inputs.map((input) => input.name));
  for (const name of CONTROLLER_PARAM_INPUTS) {
    if (!known.has(name)) inputs.push({ name, array: 'params', component: K[name] });
  }
  const needsGoal = variant.commands === 'pid' || variant.evaluation !== null;
  if (needsGoal) use('goal', rows('goal', ['goalX', 'goalY', 'goalZ']), false);
  if (variant.commands === 'pid') body.push(...PID_POLICY_LANE_ASSIGNMENTS);
  else use('command', rows('command', ['cmd0', 'cmd1', 'cmd2', 'cmd3']), false);
  if (variant.rung === 'velocity') use('integral', rows('integral', ['integralX', 'integralY', 'integralZ']), true);
  body.push(...quadrotorControllerAssignments(variant.rung));
  // The motor commands the controller chose are kept (recorders and the viewer read them).
  outputs.push(...[0, 1, 2, 3].map((m) => ({ name: `u${m}`, array: 'motorCommand', component: m })));
  body.push(...physics.body);
  if (variant.evaluation) {
    use('reward', rows('reward', ['reward']), true);
    use('taskEnded', rows('taskEnded', ['taskEnded']), true);
    body.push(...variant.evaluation.assignments);
  }
  return { arrays, inputs, uniforms: [...physics.uniforms, ...CONTROLLER_UNIFORMS], body, outputs, stop: physics.stop };
}

/** The variant for a batch's rung, command source and task, or null where the rung has no lane form (goto). */
export function laneStepVariant(rung: string, commands: LaneCommandSource, task: string): LaneStepVariant | null {
  if (rung !== 'motors' && rung !== 'rates' && rung !== 'velocity') return null;
  if (commands === 'pid' && rung !== 'velocity') return null;
  return { rung, commands, evaluation: laneEvaluationOf(task) };
}

/** A short stable name of a variant (module caches key on it). */
export function laneStepKey(variant: LaneStepVariant): string {
  return `${variant.rung}/${variant.commands}/${variant.evaluation?.task ?? 'js'}`;
}

