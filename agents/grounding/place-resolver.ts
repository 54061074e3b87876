/**
 * Places from words for the agents layer: everything worlds' PlaceIndex understands (names with
 * typos, addresses, descriptions), plus the everyday phrases people use for places they do not
 * name: "the nearest depot" measured from where the agent is, "the depot" or "base" for the
 * agent's home depot, "the park" or "a roof" for the nearest of that kind, and number words
 * ("depot two", "the second pad"). A failure is an AgentError 'unknown_place' with the closest names.
 */
import type { Place, PlaceIndex } from '../../worlds/index.ts';
import { AgentError } from '../session/fleet-session-contract.ts';

/** Kind words of "the nearest <kind>" and the place kinds they pick among the index's named places. */
interface KindRule {
  label: string;
  accepts: (place: Place) => boolean;
}
const isRooftopPad = (place: Place): boolean => place.kind === 'pad' && place.name.toLowerCase().startsWith('rooftop');
const NEAREST_KIND_WORDS: Readonly<Record<string, KindRule>> = {
  depot: { label: 'depot', accepts: (place) => place.kind === 'depot' },
  hub: { label: 'depot', accepts: (place) => place.kind === 'depot' },
  base: { label: 'depot', accepts: (place) => place.kind === 'depot' },
  warehouse: { label: 'depot', accepts: (place) => place.kind === 'depot' },
  pad: { label: 'pad', accepts: (place) => place.kind === 'pad' },
  helipad: { label: 'pad', accepts: (place) => place.kind === 'pad' },
  'landing pad': { label: 'pad', accepts: (place) => place.kind === 'pad' },
  roof: { label: 'roof', accepts: isRooftopPad },
  rooftop: { label: 'roof', accepts: isRooftopPad },
  'rooftop pad': { label: 'roof', accepts: isRooftopPad },
  'roof pad': { label: 'roof', accepts: isRooftopPad },
  'ground pad': { label: 'ground pad', accepts: (place) => place.kind === 'pad' && place.name.toLowerCase().startsWith('ground') },
  park: { label: 'park', accepts: (place) => place.kind === 'park' },
  garden: { label: 'park', accepts: (place) => place.kind === 'park' },
  'green space': { label: 'park', accepts: (place) => place.kind === 'park' },
  bridge: { label: 'bridge', accepts: (place) => place.kind === 'bridge' },
  landmark: { label: 'landmark', accepts: (place) => place.kind === 'building' },
  tower: { label: 'landmark', accepts: (place) => place.kind === 'building' },
  skyscraper: { label: 'landmark', accepts: (place) => place.kind === 'building' },
};

const KIND_ALTERNATIVES = Object.keys(NEAREST_KIND_WORDS).sort((a, b) => b.length - a.length).join('|');
const NEAREST_PATTERN = /^(?:the\s+|a\s+)?(?:nearest|closest)\s+((?:rooftop\s+|ground\s+)?[a-z]+?(?:\s+pad)?)s?(?:\s+to\s+(?:me|here|you|us))?$/i;
/** "the park", "a roof", "any helipad": the nearest of that kind, as people say it. */
const GENERIC_KIND_PATTERN = new RegExp(`^(?:the|a|an|any|some|one)\\s+(?:of the\\s+)?(${KIND_ALTERNATIVES})(?:s)?(?:\\s+(?:nearby|near here|around here|close by))?$`, 'i');
/** "the depot", "base", "home", "my depot", "the home depot": the agent's own depot. */
const HOME_PATTERN = /^(?:(?:the|my|your|our|its)\s+)?(?:home(?:\s+(?:depot|base))?|base|depot|hub|(?:depot|base)\s+(?:you|it|we)\s+(?:came|started|left)\s+from)$/i;

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20,
};
const ORDINAL_WORDS: Readonly<Record<string, number>> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  '1st': 1, '2nd': 2, '3rd': 3, '4th': 4, '5th': 5, '6th': 6, '7th': 7, '8th': 8, '9th': 9, '10th': 10,
};
const NUMBERED_KINDS = '(depot|pad|rooftop pad|ground pad|hub)';
const CARDINAL_PATTERN = new RegExp(`\\b${NUMBERED_KINDS}\\s+(?:number\\s+|no\\.?\\s*|#)?(${Object.keys(NUMBER_WORDS).join('|')})\\b`, 'gi');
const ORDINAL_PATTERN = new RegExp(`^(?:the\\s+)?(${Object.keys(ORDINAL_WORDS).join('|')})\\s+${NUMBERED_KINDS}$`, 'i');

/** "depot two" → "depot 2", "the second pad" → "pad 2": names in the world carry digits. */
export function withNumberDigits(text: string): string {
  const ordinal = ORDINAL_PATTERN.exec(text);
  if (ordinal) return `${ordinal[2]} ${ORDINAL_WORDS[ordinal[1].toLowerCase()]}`;
  return text
    .replace(CARDINAL_PATTERN, (_all, kind: string, word: string) => `${kind} ${NUMBER_WORDS[word.toLowerCase()]}`)
    .replace(new RegExp(`\\b${NUMBERED_KINDS}\\s+(?:number\\s+|no\\.?\\s*|#)(\\d+)\\b`, 'gi'), (_all, kind: string, digits: string) => `${kind} ${digits}`);
}

/**
 * Resolves a place by name, address or description. `from` (x, y, z) lets "the nearest depot" or
 * "the park" mean nearest to the agent; `home` (a depot's name) is what "the depot", "base" and
 * "home" mean for this agent.
 */
export function resolvePlace(name: string, places: PlaceIndex, from?: readonly [number, number, number], home?: string): Place {
  if (typeof name !== 'string' || name.trim() === '') {
    const known = places.names();
    throw new AgentError('unknown_place', `place: must be a name, an address ("12 Elm St") or a description ("the tallest building"); for example ${known.slice(0, 5).join(', ')}`, {
      field: 'place', known, closest: known.slice(0, 5),
    });
  }
  const text = withNumberDigits(name.trim().replace(/[.!?]+$/, '').replace(/\s+/g, ' '));
  if (HOME_PATTERN.test(text)) {
    if (home !== undefined) {
      const homeLookup = places.byName(home);
      if (homeLookup.ok) return homeLookup.place;
    }
    return nearestNamedPlace('depot', places, from, text);
  }
  const nearest = NEAREST_PATTERN.exec(text);
  if (nearest) return nearestNamedPlace(nearest[1].toLowerCase(), places, from, text);
  const generic = GENERIC_KIND_PATTERN.exec(text);
  if (generic) return nearestNamedPlace(generic[1].toLowerCase(), places, from, text);
  const lookup = places.resolve(text);
  if (lookup.ok) return lookup.place;
  throw new AgentError('unknown_place', lookup.error, { field: 'place', known: places.names(), closest: lookup.suggestions });
}

function nearestNamedPlace(kindText: string, places: PlaceIndex, from: readonly [number, number, number] | undefined, text: string): Place {
  const words = kindText.split(/\s+/);
  const whole = NEAREST_KIND_WORDS[kindText] ?? NEAREST_KIND_WORDS[kindText.replace(/s$/, '')];
  const rule = whole ?? NEAREST_KIND_WORDS[words[words.length - 1]];
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
  const prefix = !whole && words.length > 1 ? words[0] : null; // "rooftop" or "ground" narrows pads by name
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
