/**
 * One search or navigate episode: a one-drone city from the seed, the task's set-up (instruction,
 * goal, scene markers drawn by the cameras), the agent deciding every `decideEveryS` simulated
 * seconds, until the task is over or the budget is spent; then the judgement.
 */
import { createFleetSession } from '../../agents/index.ts';
import type { FleetEvent, FleetFrame } from '../../sim/index.ts';
import { setSceneMarkers } from '../../worlds/index.ts';
import type { GoalAgent, GoalEpisodeView } from '../agents/goal-agent.ts';
import type { EpisodeSpec } from '../suites/benchmark-suite.ts';
import { horizontalDistance, type GoalEndState, type GoalSetup, type GoalTask, type Vec3 } from '../tasks/goal-task.ts';
import { EpisodeRandom } from './episode-random.ts';
import { episodePictures, type EpisodePictures } from './episode-pictures.ts';

const DT = 0.01;
const DRONE = 'drone-1';

export interface GoalEpisodeOptions {
  spec: EpisodeSpec;
  task: GoalTask;
  agent: GoalAgent;
  /** Receives a frame after each decision period (and one at the start), for the recorder. */
  onFrame?: (frame: FleetFrame) => void;
  /** Called after each decision period with the simulated time reached. */
  onProgress?: (t: number) => void;
}

export interface GoalEpisodeOutcome {
  setup: GoalSetup;
  success: boolean;
  simTimeS: number;
  worldName: string;
  metrics: Record<string, number>;
  /** Search episodes: the object up close and the drone's last view. */
  pictures: EpisodePictures | null;
}

export async function runGoalEpisode(options: GoalEpisodeOptions): Promise<GoalEpisodeOutcome> {
  const { spec, task, agent } = options;
  const session = createFleetSession({ delivery: { orderRatePerHour: 0, initialOrders: 0 } });
  await session.reset({ seed: spec.seed, world: { seed: spec.seed, size: spec.worldSize }, fleet: { drones: 1, robots: 0 } });
  const env = session.fleetEnv;
  const setup = task.setUp(env, new EpisodeRandom(spec.seed, 1));
  setSceneMarkers(env.world, setup.markers);
  const start = env.vehicle(DRONE).position;
  let declared = false;
  let foundEvent: FleetEvent | null = null;
  // The recording opens with the task: what the agent was told, and (for people and viewers) the answer and the objects.
  let taskEvent: FleetEvent | null = {
    t: env.t, step: env.step, kind: 'task_started', text: `${task.name}: ${setup.instruction}`,
    data: { task: task.name, instruction: setup.instruction, answer: setup.answer, goal: setup.goal, markers: setup.markers.map((marker) => ({ ...marker })) },
  };
  const view: GoalEpisodeView = {
    session, drone: DRONE, task, instruction: setup.instruction, oracle: { goal: setup.goal }, random: new EpisodeRandom(spec.seed, 2),
    declare: () => {
      if (declared) return;
      declared = true;
      foundEvent = { t: env.t, step: env.step, kind: 'found', agent: DRONE, text: `${DRONE} called found` };
    },
  };
  const endState = (): GoalEndState => {
    const state = env.vehicle(DRONE);
    return {
      position: [...state.position] as Vec3, landed: state.landed, crashed: state.status !== 'ok', busy: session.skillOf(DRONE) !== null,
      declared, movedM: horizontalDistance(state.position, start),
    };
  };
  let lastFrameStep = -1;
  const emitFrame = (): void => {
    if (env.step === lastFrameStep) return;
    lastFrameStep = env.step;
    if (!options.onFrame) return;
    const frame = session.frame();
    const pending = [taskEvent, foundEvent].filter((event): event is FleetEvent => event !== null);
    if (pending.length > 0) {
      frame.events = [...frame.events, ...pending];
      taskEvent = null;
      foundEvent = null;
    }
    options.onFrame(frame);
  };
  const lastStep = Math.round(spec.budgetS / DT);
  const period = Math.max(1, Math.round(spec.decideEveryS / DT));
  let pathM = 0, previous = start;
  emitFrame();
  while (env.step < lastStep) {
    await agent.decide(view);
    if (task.isOver(endState())) break;
    session.step(Math.min(period, lastStep - env.step));
    const now = env.vehicle(DRONE).position;
    pathM += Math.hypot(now[0] - previous[0], now[1] - previous[1], now[2] - previous[2]);
    previous = now;
    emitFrame();
    options.onProgress?.(env.t);
    if (task.isOver(endState())) break;
  }
  // A `found` called at the last frame's step goes out with one more physics step (a frame per step at most).
  if (foundEvent && env.step === lastFrameStep) session.step(1);
  emitFrame();
  const end = endState();
  const judgement = task.judge(end, setup);
  const fleet = session.metrics();
  return {
    setup, success: judgement.success, simTimeS: env.t, worldName: env.spec.name,
    pictures: await episodePictures(env, DRONE),
    metrics: {
      success: judgement.success ? 1 : 0, distance_m: judgement.distanceM, height_above_m: judgement.heightAboveM, time_s: env.t,
      path_m: pathM, crashed: end.crashed ? 1 : 0, declared: declared ? 1 : 0, landed: end.landed ? 1 : 0,
      actions_sent: fleet.actions_sent ?? 0, actions_rejected: fleet.actions_rejected ?? 0,
      energy_wh: fleet.energy_wh ?? 0, collisions: fleet.collisions ?? 0, no_fly_violations: fleet.no_fly_violations ?? 0,
    },
  };
}
