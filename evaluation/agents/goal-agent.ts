/**
 * What decides in a goal episode (search, navigate): one drone, a session to observe and act
 * through, the instruction, and `declare()` for the task's end verb. Only the oracle reads `goal`.
 */
import type { FleetSession, FleetSessionExtras } from '../../agents/index.ts';
import type { EpisodeRandom } from '../episode/episode-random.ts';
import type { GoalSetup, GoalTask } from '../tasks/goal-task.ts';

export interface GoalEpisodeView {
  session: FleetSession & FleetSessionExtras;
  drone: string;
  task: GoalTask;
  instruction: string;
  /** The answer: for the oracle (an upper bound) only; other agents must not read it. */
  oracle: Pick<GoalSetup, 'goal'>;
  /** The agent's own seeded random stream (the random agent). */
  random: EpisodeRandom;
  /** Calls the task's end verb (`found`). */
  declare(): void;
}

export interface GoalAgent {
  readonly name: string;
  decide(view: GoalEpisodeView): Promise<void>;
  metrics(): Record<string, number>;
  transcript?(): unknown[];
}
