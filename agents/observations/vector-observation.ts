/**
 * The vector observation (RL): a fixed-length list of numbers, the same layout for drones and
 * robots. Offsets are world-frame (x east, y north, z up) from the vehicle to the point, metres.
 */
import { nearestDepot, type ObservationContext } from './observation-context.ts';

export const VECTOR_OBSERVATION_FIELDS = [
  'position.x', 'position.y', 'position.z', // m
  'velocity.x', 'velocity.y', 'velocity.z', // m/s
  'attitude.w', 'attitude.x', 'attitude.y', 'attitude.z', // quaternion, body → world
  'battery', // 0..1 (robots: 1)
  'cargo.count', 'cargo.kg',
  'landed', 'ok', // 1 or 0
  'nearest_depot.dx', 'nearest_depot.dy', 'nearest_depot.dz',
  'home_depot.dx', 'home_depot.dy', 'home_depot.dz',
  'order.pickup.dx', 'order.pickup.dy', 'order.pickup.dz', // the agent's assigned (else nearest open) order; zeros when none
  'order.dropoff.dx', 'order.dropoff.dy', 'order.dropoff.dz', // drones: the roof; robots: the front door
  'order.deadline_s', // seconds left before the order's deadline (0 when none)
  'skill.running', // 1 while a skill runs
  'target.dx', 'target.dy', 'target.dz', // the running skill's target; zeros when none
  'orders.open', // open (unassigned) orders in the city
  'inbox.count', // messages in this observation
] as const;

export const VECTOR_OBSERVATION_SIZE = VECTOR_OBSERVATION_FIELDS.length;

export function buildVectorObservation(context: ObservationContext): number[] {
  const { env, agent } = context;
  const state = env.vehicle(agent);
  const p = state.position;
  const offset = (point: readonly number[] | undefined): number[] => (point ? [point[0] - p[0], point[1] - p[1], point[2] - p[2]] : [0, 0, 0]);
  const depot = nearestDepot(env, p);
  const home = env.spec.depots.find((d) => d.name === state.home);
  const orders = env.orders();
  const mine = orders.find((o) => o.assignedTo === agent && (o.state === 'assigned' || o.state === 'picked_up'));
  const open = orders.filter((o) => o.state === 'open');
  const order = mine ?? [...open].sort((a, b) => dist(a.pickupPosition, p) - dist(b.pickupPosition, p))[0];
  const dropoff = order ? (state.kind === 'drone' ? order.dropoffPosition : order.dropoffGroundPosition) : undefined;
  const vector = [
    ...p, ...state.velocity, ...state.attitude, state.battery, state.cargo.length, state.payloadKg,
    state.landed ? 1 : 0, state.status === 'ok' ? 1 : 0,
    ...depot.offset, ...offset(home ? [home.x, home.y, 0] : undefined),
    ...offset(order?.pickupPosition), ...offset(dropoff), order ? Math.max(0, order.deadline - env.t) : 0,
    context.skill ? 1 : 0, ...offset(context.target ?? undefined), open.length, context.messages.length,
  ];
  return vector.map((value) => (Number.isFinite(value) ? value : 0));
}

function dist(a: readonly number[] | undefined, b: readonly number[]): number {
  return a ? Math.hypot(a[0] - b[0], a[1] - b[1]) : Infinity;
}
