/**
 * The live city's policy mode (`npm start -- --policy hover.policy.json`): every drone takes off
 * and holds a point 1 m above where it stands with the hover skill, which a trained hover policy
 * installed on the fleet flies once it applies; robots stand by. It acts only through the session.
 */
import type { FleetAgentDriver, FleetSession } from '../session/fleet-session-contract.ts';

interface DroneView {
  id: string;
  kind: 'drone' | 'robot';
  status: string;
  skill: string | null;
  battery: number;
}

export function createPolicyHoverDriver(session: FleetSession): FleetAgentDriver {
  let sent = 0, refused = 0;
  return {
    name: 'policy',
    metrics: () => ({ actions_sent: sent, actions_refused: refused }),
    async decide(): Promise<void> {
      for (const id of session.agentIds()) {
        const view = session.observe(id, ['json']).json as unknown as DroneView;
        if (view.kind !== 'drone' || view.status !== 'ok' || view.skill !== null || view.battery <= 0) continue;
        sent++;
        try {
          await session.act({ agent: id, verb: 'hover', args: {} });
        } catch {
          refused++;
        }
      }
    },
  };
}
