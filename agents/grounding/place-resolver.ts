/**
 * Places from words for the agents layer: everything worlds' PlaceIndex understands (names with
 * typos, addresses, descriptions), plus "the nearest depot" measured from where the agent is.
 * A failure is an AgentError 'unknown_place' with the closest names.
 */
import type { Place, PlaceIndex } from '../../worlds/index.ts';
import { AgentError } from '../session/fleet-session-contract.ts';

/** Kind words of "the nearest <kind>" and the place kinds they pick among the index's named places. */
const NEAREST_KIND_WORDS: Readonly<Record<string, { label: string; accepts: (place: Place) => boolean }>> = {
  depot: { label: 'depot', accepts: (place) => place.kind === 'depot' },
  hub: { label: 'depot', accepts: (place) => place.kind === 'depot' },
  base: { label: 'depot', accepts: (place) => place.kind === 'depot' },
  pad: { label: 'pad', accepts: (place) => place.kind === 'pad' },
  helipad: { label: 'pad', accepts: (place) => place.kind === 'pad' },
  park: { label: 'park', accepts: (place) => place.kind === 'park' },
  bridge: { label: 'bridge', accepts: (place) => place.kind === 'bridge' },
  landmark: { label: 'landmark', accepts: (place) => place.kind === 'building' },
  tower: { label: 'landmark', accepts: (place) => place.kind === 'building' },
};

const NEAREST_PATTERN = /^(?:the\s+)?(?:nearest|closest)\s+((?:rooftop\s+|ground\s+)?[a-z]+?)s?$/i;

/** Resolves a place by name, address or description; `from` (x, y, z) lets "the nearest depot" mean nearest to the agent. */
export function resolvePlace(name: string, places: PlaceIndex, from?: readonly [number, number, number]): Place {
  if (typeof name !== 'string' || name.trim() === '') {
    const known = places.names();
    throw new AgentError('unknown_place', `place: must be a name, an address ("12 Elm St") or a description ("the tallest building"); for example ${known.slice(0, 5).join(', ')}`, {
      field: 'place', known, closest: known.slice(0, 5),
    });
  }
  const text = name.trim().replace(/[.!?]+$/, '');
  const nearest = NEAREST_PATTERN.exec(text);
  if (nearest) return nearestNamedPlace(nearest[1].toLowerCase(), places, from, text);
  const lookup = places.resolve(text);
  if (lookup.ok) return lookup.place;
  throw new AgentError('unknown_place', lookup.error, { field: 'place', known: places.names(), closest: lookup.suggestions });
}

function nearestNamedPlace(kindText: string, places: PlaceIndex, from: readonly [number, number, number] | undefined, text: string): Place {
  const words = kindText.split(/\s+/);
  const rule = NEAREST_KIND_WORDS[words[words.length - 1]];
  if (!rule) {
    const accepted = [...new Set(Object.values(NEAREST_KIND_WORDS).map((entry) => entry.label))];
    throw new AgentError('unknown_place', `place: "${text}": "${kindText}" is not a kind of place I can find the nearest of; accepted: ${accepted.join(', ')}`, {
      field: 'place', known: accepted.map((label) => `nearest ${label}`), closest: ['nearest depot'],
    });
  }
  if (!from) {
    throw new AgentError('unknown_place', `place: "${text}" needs a position to measure from; say "nearest ${rule.label} to <place>" instead`, {
      field: 'place', known: [`nearest ${rule.label} to <place>`], closest: [],
    });
  }
  const prefix = words.length > 1 ? words[0] : null; // "rooftop" or "ground" narrows pads by name
  let best: Place | null = null;
  let bestDistance = Infinity;
  for (const candidateName of places.names()) {
    const lookup = places.byName(candidateName);
    if (!lookup.ok || !rule.accepts(lookup.place)) continue;
    if (prefix && !lookup.place.name.toLowerCase().startsWith(prefix)) continue;
    const distance = Math.hypot(lookup.place.position.x - from[0], lookup.place.position.y - from[1]);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = lookup.place;
    }
  }
  if (!best) throw new AgentError('unknown_place', `place: this world has no ${kindText}`, { field: 'place', known: places.names(), closest: [] });
  return best;
}
