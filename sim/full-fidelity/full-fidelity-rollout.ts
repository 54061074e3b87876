/**
 * A full-fidelity rollout: one world on a rigid-body engine, the payload task flown by its scripted pilot,
 * summarised with the fields of a batched rollout that make sense here plus the parcel's rest position.
 */
import { RIGID_ENGINE_NAMES, quadrotorParamsByName, type QuadrotorKernelKind, type RigidEngineName } from '../../physics/index.ts';
import type { WorldSpec } from '../../worlds/index.ts';
import { PayloadEpisode, SUCCESS_RADIUS } from './payload-episode.ts';
import { PayloadPilot } from './payload-pilot.ts';

export const FIDELITY_LEVELS = ['fast', 'full'] as const;
export type FidelityLevel = (typeof FIDELITY_LEVELS)[number];
/** Tasks that run at full fidelity, and only there. */
export const FULL_FIDELITY_TASKS = ['payload'] as const;
/** Generator parameters of the city a payload rollout flies in when none is given: small, with many rooftop pads. */
export const PAYLOAD_CITY_PARAMS = { size: 600, rooftopPads: 60 } as const;

/** The rollout choices that decide between the batched kernel and full fidelity. */
export interface FidelityChoice {
  task: string;
  fidelity: string;
  /** undefined when not given. */
  engine?: string;
  worlds: number;
  dronesPerWorld: number;
  workers: number;
  policy: string;
}

/**
 * Checks that the choices fit together; throws an error naming the option, the rule and what is accepted.
 * Returns true when the run is a full-fidelity one.
 */
export function checkFidelityChoice(choice: FidelityChoice): boolean {
  if (!(FIDELITY_LEVELS as readonly string[]).includes(choice.fidelity)) {
    throw new RangeError(`--fidelity ${choice.fidelity}: unknown; accepted: ${FIDELITY_LEVELS.join(', ')}`);
  }
  const full = choice.fidelity === 'full';
  if (!full) {
    if ((FULL_FIDELITY_TASKS as readonly string[]).includes(choice.task)) {
      throw new RangeError(`--task ${choice.task} needs --fidelity full: the parcel on its tether is simulated only by the rigid-body engines; accepted: --task ${choice.task} --fidelity full --engine rapier|cannon --worlds 1`);
    }
    if (choice.engine !== undefined) {
      throw new RangeError(`--engine ${choice.engine} picks the rigid-body engine of full fidelity; accepted: --engine with --fidelity full, or no --engine for the batched kernel`);
    }
    return false;
  }
  if (choice.engine !== undefined && !(RIGID_ENGINE_NAMES as readonly string[]).includes(choice.engine)) {
    throw new RangeError(`--engine ${choice.engine}: unknown; accepted: ${RIGID_ENGINE_NAMES.join(', ')}`);
  }
  if (choice.worlds !== 1) throw new RangeError(`--fidelity full runs one world, got --worlds ${choice.worlds}; accepted: --worlds 1 (or leave --worlds out)`);
  if (choice.dronesPerWorld !== 1) throw new RangeError(`--fidelity full flies one drone, got --drones-per-world ${choice.dronesPerWorld}; accepted: --drones-per-world 1`);
  if (choice.workers !== 1) throw new RangeError(`--fidelity full runs on one thread, got --workers ${choice.workers}; accepted: --workers 1`);
  if (!(FULL_FIDELITY_TASKS as readonly string[]).includes(choice.task)) {
    throw new RangeError(`--fidelity full runs the ${FULL_FIDELITY_TASKS.join(', ')} task, got --task ${choice.task}; accepted: --task ${FULL_FIDELITY_TASKS.join(' | ')} (hover and waypoints run on the batched kernel)`);
  }
  if (choice.policy !== 'pid') {
    throw new RangeError(`--task ${choice.task} has one built-in policy, pid (the scripted pilot), got --policy ${choice.policy}; accepted: --policy pid`);
  }
  return true;
}

export interface FullFidelityRolloutOptions {
  task: 'payload';
  engine?: RigidEngineName;
  steps: number;
  seed: number;
  world: WorldSpec;
  paramSet?: string;
  kernel?: QuadrotorKernelKind;
  onProgress?: (stepsDone: number, stepsTotal: number) => void;
}

export interface FullFidelityRolloutSummary {
  task: string;
  policy: string;
  rung: string;
  fidelity: 'full';
  engine: RigidEngineName;
  backend: string;
  kernel: string;
  worlds: 1;
  drones_per_world: 1;
  drones: 1;
  /** Steps asked for; the episode ends earlier once the parcel is delivered and at rest, or on a crash. */
  steps: number;
  episode_steps: number;
  workers: 1;
  seed: number;
  episodes: 1;
  success: boolean;
  success_rate: number;
  /** Horizontal distance of the parcel from the target pad's centre at the end, m. */
  mean_final_error: number;
  success_radius: number;
  crashes: number;
  parcel_rest_position: [number, number, number];
  depot: string;
  pad: string;
  wall_s: number;
  city: string;
  steps_per_s: number;
  sim_seconds_per_s: number;
  state_hash: string;
}

/** Runs the payload task once at full fidelity with its scripted pilot. */
export async function runFullFidelityRollout(options: FullFidelityRolloutOptions): Promise<FullFidelityRolloutSummary> {
  if (options.task !== 'payload') throw new RangeError(`runFullFidelityRollout: task ${String(options.task)}; accepted: 'payload'`);
  if (!Number.isInteger(options.steps) || options.steps < 1) throw new RangeError(`steps = ${String(options.steps)}; accepted: a whole number ≥ 1`);
  const engine = options.engine ?? 'rapier';
  const episode = await PayloadEpisode.create({
    engine, world: options.world, maxSteps: options.steps, params: quadrotorParamsByName(options.paramSet ?? 'cf2x'), kernel: options.kernel,
  });
  try {
    const pilot = new PayloadPilot(episode);
    const started = performance.now();
    while (episode.stepCount < options.steps) {
      const { terminated } = episode.step(pilot.act());
      if (episode.stepCount % 50 === 0) options.onProgress?.(episode.stepCount, options.steps);
      if (terminated) break;
    }
    const wall = (performance.now() - started) / 1000;
    options.onProgress?.(options.steps, options.steps);
    const rest = episode.parcels.position(0);
    const dt = episode.world.settings.dt;
    return {
      task: options.task,
      policy: 'pid',
      rung: 'goto',
      fidelity: 'full',
      engine,
      backend: 'cpu',
      kernel: episode.drones.kernel,
      worlds: 1,
      drones_per_world: 1,
      drones: 1,
      steps: options.steps,
      episode_steps: episode.stepCount,
      workers: 1,
      seed: options.seed,
      episodes: 1,
      success: episode.success,
      success_rate: episode.success ? 1 : 0,
      mean_final_error: episode.distanceToPad(),
      success_radius: SUCCESS_RADIUS,
      crashes: episode.drones.status[0] === 0 ? 0 : 1,
      parcel_rest_position: [rest.x, rest.y, rest.z],
      depot: episode.plan.depot.name,
      pad: episode.plan.pad.name,
      wall_s: wall,
      city: options.world.name,
      steps_per_s: episode.stepCount / wall,
      sim_seconds_per_s: (episode.stepCount * dt) / wall,
      state_hash: episode.stateHash(),
    };
  } finally {
    episode.free();
  }
}
