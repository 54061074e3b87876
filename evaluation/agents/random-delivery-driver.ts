/**
 * The random agent for delivery (a lower bound): every idle vehicle sends a random verb of its
 * kind: travel to a random depot or landmark, pick up, drop off or wait, drawn from the seed.
 */
import type { FleetAgentDriver, FleetSession, FleetSessionExtras } from '../../agents/index.ts';
import type { EpisodeRandom } from '../episode/episode-random.ts';

export function createRandomDeliveryDriver(session: FleetSession & FleetSessionExtras, random: EpisodeRandom): FleetAgentDriver {
  let sent = 0, refused = 0;
  let places: string[] | null = null;
  return {
    name: 'random',
    async decide(): Promise<void> {
      places ??= session.describeWorld().places.filter((p) => p.kind === 'depot' || p.kind === 'building' || p.kind === 'park').map((p) => p.name);
      for (const agent of session.agentIds()) {
        if (session.skillOf(agent) !== null) continue;
        const drone = agent.startsWith('drone');
        const roll = random.next();
        const action = roll < 0.5
          ? { verb: drone ? 'fly_to' : 'drive_to', args: { place: random.pick(places) } }
          : roll < 0.7 ? { verb: 'pick_up', args: {} } : roll < 0.9 ? { verb: 'drop_off', args: {} } : { verb: 'wait', args: { s: random.between(1, 30) } };
        sent++;
        try {
          await session.act({ agent, ...action });
        } catch {
          refused++;
        }
      }
    },
    metrics: () => ({ actions_sent: sent, actions_refused: refused }),
  };
}
