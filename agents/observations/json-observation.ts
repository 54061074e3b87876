/** The structured JSON observation: the agent's state, its skill, places nearby, open orders, messages and recent events. */
import { nearbyPlaces, nearestDepot, type ObservationContext } from './observation-context.ts';

/** Places within this radius are listed, m. */
export const NEARBY_RADIUS = 300;
const MAX_ORDERS = 20;

const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

export function buildJsonObservation(context: ObservationContext): Record<string, unknown> {
  const { env, agent } = context;
  const state = env.vehicle(agent);
  const p = state.position;
  const depot = nearestDepot(env, p);
  const orders = env.orders()
    .filter((o) => o.state === 'open' || o.assignedTo === agent && (o.state === 'assigned' || o.state === 'picked_up'))
    .sort((a, b) => Number(b.assignedTo === agent) - Number(a.assignedTo === agent) || a.deadline - b.deadline)
    .slice(0, MAX_ORDERS)
    .map((o) => ({
      id: o.id, parcel: o.parcelId, pickup: o.pickup, dropoff: o.dropoff, state: o.state, assignedTo: o.assignedTo,
      deadlineInS: round(o.deadline - env.t, 0), payout: o.payout, massKg: o.parcelMassKg,
      pickupDistance: o.pickupPosition ? round(Math.hypot(o.pickupPosition[0] - p[0], o.pickupPosition[1] - p[1]), 0) : null,
      pickupAt: o.pickupPosition?.map((v) => round(v)) ?? null,
      // Drones deliver onto the roof, robots at the front door.
      dropoffAt: (state.kind === 'drone' ? o.dropoffPosition : o.dropoffGroundPosition)?.map((v) => round(v)) ?? null,
    }));
  return {
    id: agent, kind: state.kind, t: round(env.t), home: state.home,
    position: p.map((v) => round(v)), velocity: state.velocity.map((v) => round(v)), yaw: round(state.yaw, 3),
    status: state.status, landed: state.landed, battery: round(state.battery, 3), cargo: state.cargo, payloadKg: round(state.payloadKg, 4),
    skill: context.skill, target: context.target ? context.target.map((v) => round(v)) : null,
    nearestDepot: { name: depot.name, distance: round(depot.distance, 0) },
    nearbyPlaces: nearbyPlaces(env, p, NEARBY_RADIUS),
    orders,
    inbox: context.messages.map((m) => ({ from: m.from, text: m.text, t: round(m.t) })),
    recentEvents: context.recentEvents.map((e) => ({ t: round(e.t), kind: e.kind, agent: e.agent ?? null, text: e.text ?? null })),
    verbs: context.verbs,
  };
}
