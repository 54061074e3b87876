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
 *
 * A `rollout` variant also keeps the episode's books inside the kernel, so that one call runs many
 * steps with every value in registers: each step it adds the reward (the crash reward for a drone
 * that crashed) to `episodeReturn`, counts the step in `laneEpisodeStep` and `laneRemaining`, and
 * pauses the drone (status LANE_PAUSED) when its episode ends (crash, the task's rule, the step
 * limit) or its steps are done; `laneCrashed` says whether it crashed. The batch then does the
 * episode's end and autoreset in JavaScript and resumes the drones that have steps left.
 */
export type LaneCommandSource = 'pid' | 'rows';

export interface LaneStepVariant {
  rung: LaneControllerRung;
  commands: LaneCommandSource;
  /** The task whose lane evaluation runs after the dynamics, or null to leave evaluation to the task's JavaScript. */
  evaluation: LaneEvaluation | null;
  /** Episode books in the kernel, many steps per call (needs an evaluation). */
  rollout: boolean;
  /**
   * A rollout in a city: the kernel also pauses a drone that has moved 0.49 m from where the
   * collision cache last found it clear, or that comes within 1 cm of the bounds, so that the
   * world's exact check runs at that step; it leaves that step's reward out of `episodeReturn`
   * (`laneCheck` = 1) for the batch to add once the check has said whether it crashed.
   */
  world: boolean;
}

/** Uniforms of a rollout in a city: the bounds less the slack, and the travel allowed before a check. */
export const WORLD_LANE_UNIFORMS = ['boundMinX', 'boundMaxX', 'boundMinY', 'boundMaxY', 'boundCeiling', 'clearTravelSquared'] as const;

/** Status of a drone a rollout kernel paused (its episode ended or its steps are done); the batch clears it before returning. */
export const LANE_PAUSED = 6;
/** Status of a paused drone whose steps are all done, until the rollout's last kernel call has run. */
export const LANE_DONE = 7;

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
  const uniforms = [...physics.uniforms, ...CONTROLLER_UNIFORMS];
  if (variant.rollout && variant.evaluation) {
    uniforms.push('maxEpisodeSteps');
    use('episodeReturn', rows('episodeReturn', ['episodeReturn']), true);
    use('laneEpisodeStep', rows('laneEpisodeStep', ['laneEpisodeStep']), true);
    use('laneRemaining', rows('laneRemaining', ['laneRemaining']), true);
    use('laneCrashed', rows('laneCrashed', ['laneCrashed']), true);
    body.push(
      { name: 'laneCrashed', expr: 'select(crashed, 1, 0)' },
      { name: 'reward', expr: `select(crashed, ${variant.evaluation.crashReward}, reward)` },
    );
    let pauseForWorld = '';
    if (variant.world) {
      uniforms.push(...WORLD_LANE_UNIFORMS);
      use('clearance', rows('clearance', ['clearX', 'clearY', 'clearZ', 'clearValid']), false);
      use('laneCheck', rows('laneCheck', ['laneCheck']), true);
      body.push(
        { name: 'rl_dx', expr: 'px - clearX' },
        { name: 'rl_dy', expr: 'py - clearY' },
        { name: 'rl_dz', expr: 'pz - clearZ' },
        {
          name: 'rl_check',
          expr: 'clearValid < 0.5 || rl_dx * rl_dx + rl_dy * rl_dy + rl_dz * rl_dz >= clearTravelSquared || ' +
            'px < boundMinX || px > boundMaxX || py < boundMinY || py > boundMaxY || pz > boundCeiling',
        },
        { name: 'laneCheck', expr: 'select(rl_check, 1, 0)' },
        { name: 'episodeReturn', expr: 'select(rl_check, episodeReturn, episodeReturn + reward)' },
      );
      pauseForWorld = ' || rl_check';
    } else {
      body.push({ name: 'episodeReturn', expr: 'episodeReturn + reward' });
    }
    body.push(
      { name: 'laneEpisodeStep', expr: 'laneEpisodeStep + 1' },
      { name: 'laneRemaining', expr: 'laneRemaining - 1' },
      { name: 'lanePause', expr: `crashed || taskEnded > 0.5 || laneEpisodeStep >= maxEpisodeSteps || laneRemaining < 0.5${pauseForWorld}` },
    );
    return { arrays, inputs, uniforms, body, outputs, stop: { when: 'lanePause', status: LANE_PAUSED } };
  }
  return { arrays, inputs, uniforms, body, outputs, stop: physics.stop };
}

/** The variant for a batch's rung, command source and task, or null where the rung has no lane form (goto). */
export function laneStepVariant(rung: string, commands: LaneCommandSource, task: string, rollout = false, world = false): LaneStepVariant | null {
  if (rung !== 'motors' && rung !== 'rates' && rung !== 'velocity') return null;
  if (commands === 'pid' && rung !== 'velocity') return null;
  const evaluation = laneEvaluationOf(task);
  if (rollout && (commands !== 'pid' || !evaluation)) return null;
  return { rung, commands, evaluation, rollout, world: rollout && world };
}

/** A short stable name of a variant (module caches key on it). */
export function laneStepKey(variant: LaneStepVariant): string {
  return `${variant.rung}/${variant.commands}/${variant.evaluation?.task ?? 'js'}${variant.rollout ? '/rollout' : ''}${variant.world ? '/world' : ''}`;
}

