/**
 * The random agent for search and navigate (a lower bound): whenever the drone is idle it takes
 * off, flies to a random point of the city at a random height, lands, or (search) calls found,
 * all drawn from the episode's seed, so its scores repeat too.
 */
import type { GoalAgent, GoalEpisodeView } from './goal-agent.ts';

const END_CHANCE = 0.15;

export function createRandomGoalAgent(): GoalAgent {
  let sent = 0;
  return {
    name: 'random',
    async decide(view: GoalEpisodeView): Promise<void> {
      const { session, drone, random } = view;
      if (session.skillOf(drone) !== null) return;
      sent++;
      const roll = random.next();
      if (roll < END_CHANCE) {
        if (view.task.endVerb === 'found') return view.declare();
        await act(view, 'land', {});
        return;
      }
      const { minX, minY, maxX, maxY } = session.fleetEnv.spec.bounds;
      await act(view, 'goto', { x: random.between(minX + 10, maxX - 10), y: random.between(minY + 10, maxY - 10), z: random.between(5, 60) });
    },
    metrics: () => ({ actions_sent: sent }),
  };
}

async function act(view: GoalEpisodeView, verb: string, args: Record<string, unknown>): Promise<void> {
  try {
    await view.session.act({ agent: view.drone, verb, args });
  } catch {
    // A refused action (land while landed) is the random agent's loss, counted by the session.
  }
}
