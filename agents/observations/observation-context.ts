/** What every observation builder reads: the world, the agent, its running skill, its messages and the recent events. */
import type { FleetEnv, FleetEvent, InboxMessage } from '../../sim/index.ts';
import type { Place } from '../../worlds/index.ts';

export interface ObservationContext {
  env: FleetEnv;
  agent: string;
  /** The running skill's label ("fly_to Depot 2"), null while holding. */
  skill: string | null;
  target: [number, number, number] | null;
  /** Messages delivered to the agent since its previous observation. */
  messages: InboxMessage[];
  /** Recent events that concern the agent or everyone, oldest first. */
  recentEvents: FleetEvent[];
  /** Verbs the agent's kind accepts. */
  verbs: string[];
}

/** Places worth naming to an agent: depots, pads, landmarks, parks, bridges (not every building, street or district). */
export function notablePlaces(env: FleetEnv): Place[] {
  let places = NOTABLE.get(env);
  if (!places) {
    places = [];
    for (const name of env.places.names()) {
      const lookup = env.places.byName(name);
      if (lookup.ok && NOTABLE_KINDS.has(lookup.place.kind)) places.push(lookup.place);
    }
    NOTABLE.set(env, places);
  }
  return places;
}

const NOTABLE_KINDS = new Set(['building', 'depot', 'pad', 'park', 'bridge']);
const NOTABLE = new WeakMap<FleetEnv, Place[]>();

export interface NearbyPlace {
  name: string;
  kind: string;
  distance: number;
  bearing: string;
}

/** Notable places within `radius` metres, nearest first, with a compass bearing. */
export function nearbyPlaces(env: FleetEnv, position: readonly number[], radius: number, limit = 8): NearbyPlace[] {
  const out: NearbyPlace[] = [];
  for (const place of notablePlaces(env)) {
    const dx = place.position.x - position[0], dy = place.position.y - position[1];
    const distance = Math.hypot(dx, dy);
    if (distance <= radius) out.push({ name: place.name, kind: place.kind === 'building' ? 'landmark' : place.kind, distance: Math.round(distance), bearing: compass(dx, dy) });
  }
  return out.sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name)).slice(0, limit);
}

/** The nearest depot and its offset from `position`. */
export function nearestDepot(env: FleetEnv, position: readonly number[]): { name: string; offset: [number, number, number]; distance: number } {
  let best = { name: '', offset: [0, 0, 0] as [number, number, number], distance: Infinity };
  for (const depot of env.spec.depots) {
    const offset: [number, number, number] = [depot.x - position[0], depot.y - position[1], -position[2]];
    const distance = Math.hypot(offset[0], offset[1]);
    if (distance < best.distance) best = { name: depot.name, offset, distance };
  }
  return best;
}

const COMPASS = ['east', 'north-east', 'north', 'north-west', 'west', 'south-west', 'south', 'south-east'];

export function compass(dx: number, dy: number): string {
  if (Math.hypot(dx, dy) < 1) return 'here';
  const sector = Math.round(Math.atan2(dy, dx) / (Math.PI / 4));
  return COMPASS[(sector + 8) % 8];
}
