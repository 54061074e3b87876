/** The text observation: a compact English description of the agent's situation for language models. */
import { compass, nearbyPlaces, nearestDepot, type ObservationContext } from './observation-context.ts';
import { NEARBY_RADIUS } from './json-observation.ts';

const MAX_ORDERS = 5;
const MAX_EVENTS = 8;

export function buildTextObservation(context: ObservationContext): string {
  const { env, agent } = context;
  const state = env.vehicle(agent);
  const [x, y, z] = state.position;
  const speed = Math.hypot(...state.velocity);
  const lines: string[] = [];
  const where = state.kind === 'drone' ? `at (${x.toFixed(0)}, ${y.toFixed(0)}) m, ${z.toFixed(1)} m up${state.landed ? ', landed' : ''}` : `at (${x.toFixed(0)}, ${y.toFixed(0)}) m`;
  lines.push(`t = ${env.t.toFixed(0)} s. You are ${agent}, a ${state.kind === 'drone' ? 'delivery drone' : 'ground delivery robot'} (home: ${state.home}), ${where}, moving ${speed.toFixed(1)} m/s.`);
  if (state.status !== 'ok') lines.push(`You have crashed (${state.status.replace(/_/g, ' ')}) and cannot move.`);
  const battery = state.kind === 'drone' ? `Battery ${(state.battery * 100).toFixed(0)} %. ` : '';
  lines.push(`${battery}Cargo: ${state.cargo.length > 0 ? `${state.cargo.join(', ')} (${(state.payloadKg * 1000).toFixed(1)} g)` : 'none'}.`);
  lines.push(context.skill ? `Doing: ${context.skill}.` : 'Doing: nothing (holding position).');
  const depot = nearestDepot(env, state.position);
  const nearby = nearbyPlaces(env, state.position, NEARBY_RADIUS, 6);
  lines.push(`Nearest depot: ${depot.name}, ${depot.distance.toFixed(0)} m ${compass(depot.offset[0], depot.offset[1])}.`);
  if (nearby.length > 0) lines.push(`Nearby: ${nearby.map((p) => `${p.name} (${p.kind}, ${p.distance} m ${p.bearing})`).join('; ')}.`);
  const orders = env.orders().filter((o) => o.state === 'open' || (o.assignedTo === agent && (o.state === 'assigned' || o.state === 'picked_up')));
  if (orders.length === 0) lines.push('No open orders.');
  else {
    const shown = orders.sort((a, b) => Number(b.assignedTo === agent) - Number(a.assignedTo === agent) || a.deadline - b.deadline).slice(0, MAX_ORDERS);
    lines.push(`Orders (${orders.length}): ${shown.map((o) => `${o.id}${o.assignedTo === agent ? ' [yours]' : ''}: ${o.parcelId} (${((o.parcelMassKg ?? 0) * 1000).toFixed(0)} g) from ${o.pickup} to ${o.dropoff}, due in ${Math.max(0, o.deadline - env.t).toFixed(0)} s`).join('; ')}.`);
  }
  if (context.messages.length > 0) lines.push(`Messages: ${context.messages.map((m) => `${m.from}: "${m.text}"`).join('; ')}.`);
  const events = context.recentEvents.slice(-MAX_EVENTS).filter((e) => e.text);
  if (events.length > 0) lines.push(`Recent: ${events.map((e) => `[${e.t.toFixed(0)} s] ${e.text}`).join('; ')}.`);
  lines.push(`Verbs: ${context.verbs.join(', ')}.`);
  return lines.join('\n');
}

