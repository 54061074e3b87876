/**
 * The contract of a single-drone goal task (search, navigate): set the episode up from its seed,
 * say when it is over, and judge the end. Each task is one short file implementing this.
 */
import type { FleetEnv } from '../../sim/index.ts';
import type { SceneMarker } from '../../worlds/index.ts';
import type { EpisodeRandom } from '../episode/episode-random.ts';

export type Vec3 = [number, number, number];

export interface GoalSetup {
  /** What the agent is told (never a coordinate of the goal). */
  instruction: string;
  /** Where success is judged: the top of the object, or the intended landing spot on its surface. */
  goal: Vec3;
  /** Objects the cameras draw for this episode only. */
  markers: SceneMarker[];
  /** The answer in words, for reports ("red car on the roof of 12 Elm St"); never shown to the agent. */
  answer: string;
}

export interface GoalEndState {
  position: Vec3;
  landed: boolean;
  crashed: boolean;
  /** A skill is still running. */
  busy: boolean;
  /** The agent called the task's end verb (`found`). */
  declared: boolean;
  /** Horizontal distance from the start, m. */
  movedM: number;
}

export interface GoalJudgement {
  success: boolean;
  /** Horizontal distance from the drone to the goal at the end, m. */
  distanceM: number;
  /** Height of the drone above the goal at the end, m. */
  heightAboveM: number;
}

export interface GoalTask {
  readonly name: 'search' | 'navigate';
  /** The verb that ends an episode, offered to agents as a tool; null when landing ends it. */
  readonly endVerb: 'found' | null;
  /** What the agent is told about how it is judged. */
  readonly rules: string;
  setUp(env: FleetEnv, random: EpisodeRandom): GoalSetup;
  isOver(state: GoalEndState): boolean;
  judge(state: GoalEndState, setup: GoalSetup): GoalJudgement;
}

export function horizontalDistance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/** Heights above a goal that must be open air for an agent to reach it without a violation, m. */
const APPROACH_HEIGHTS = [0.5, 5, 10, 20];

/** Whether a goal can be reached without entering a no-fly zone (a benchmark must not require a violation). */
export function reachableWithoutViolation(env: FleetEnv, x: number, y: number, z: number): boolean {
  return APPROACH_HEIGHTS.every((dz) => env.world.noFlyZoneAt(x, y, z + dz) < 0);
}
