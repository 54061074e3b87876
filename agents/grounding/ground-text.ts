/**
 * Free text to verbs by rules: "please take off, then fly to the roof of the tallest building at
 * 60 m" → takeoff, fly_to. Places come from the world's name index (names, addresses, colours,
 * superlatives), numbers carry units, "20 m north of Depot 1" becomes a goto point, and every
 * verb is checked by the vocabulary. What cannot be understood is an AgentError naming the options.
 */
import type { Place, PlaceIndex, WorldIndex } from '../../worlds/index.ts';
import { AgentError, type GroundedVerb } from '../session/fleet-session-contract.ts';
import { parseVerb, verbsFor, VERB_NAMES } from '../vocabulary/verb-registry.ts';
import { closestWords } from '../vocabulary/closest-words.ts';
import type { VehicleKind, VerbWorldLimits } from '../vocabulary/verb-definition.ts';
import { resolvePlace } from './place-resolver.ts';
import { splitClauses } from './clause-splitting.ts';
import { DISTANCE_PATTERN, DURATION_PATTERN, metresOf, secondsOf } from './text-quantities.ts';

export interface GroundingContext {
  places: PlaceIndex;
  world: WorldIndex;
  agentKind: VehicleKind;
  agentPosition: [number, number, number];
  agentIds: string[];
  /** The agent's home depot by name: what "the depot", "base" and "home" mean for it. */
  home?: string;
}

/** Phrases the rules understand, offered when a clause has no verb. */
export const GROUNDING_PHRASES = [
  'fly to <place>', 'go to <place>', 'drive to <place>', 'take off', 'land', 'hover for <n> s', 'climb to <n> m', 'wait <n> s',
  'pick up the parcel', 'drop it off at <place>', 'deliver to <place>', 'follow <agent>', 'tell <agent> that <text>', 'stop',
  '<n> m north of <place>',
] as const;

/** The longest text accepted, so one message cannot make the rules work without bound. */
export const MAX_GROUNDING_TEXT = 2000;
/** Cruise height a drone keeps for a goto point given without an altitude. */
export const DEFAULT_POINT_ALTITUDE = 10;

const DIST = DISTANCE_PATTERN;
const DUR = DURATION_PATTERN;
const AGENT = '((?:drone|robot)[\\s_-]?\\d+|everyone|everybody|all|all agents|the others)';
const DIRECTIONS: Readonly<Record<string, [number, number]>> = {
  north: [0, 1], south: [0, -1], east: [1, 0], west: [-1, 0],
  northeast: [Math.SQRT1_2, Math.SQRT1_2], northwest: [-Math.SQRT1_2, Math.SQRT1_2], southeast: [Math.SQRT1_2, -Math.SQRT1_2], southwest: [-Math.SQRT1_2, -Math.SQRT1_2],
};
const DIRECTION = '(north[\\s-]?east|north[\\s-]?west|south[\\s-]?east|south[\\s-]?west|north|south|east|west)';
const TRAVEL = '(?:fly|go|head|navigate|travel|move|proceed|return|drive|get|make (?:your|its) way|cruise|come|ride|roll)(?:\\s+(?:back|over|straight|directly|on|right|along))*';
const ALTITUDE_SUFFIX = `(?:\\s+(?:at|with|cruising at|keeping)\\s+(?:an?\\s+)?(?:(?:cruise\\s+)?(?:altitude|height)\\s+(?:of\\s+)?)?${DIST}(?:\\s+(?:altitude|high|up|agl|above ground))?)?`;

interface ClauseRule {
  pattern: RegExp;
  ground: (match: RegExpExecArray, context: GroundingContext) => GroundedVerb[];
}

const round = (value: number): number => Math.round(value * 100) / 100;

function travelTo(place: string, context: GroundingContext, altitude?: number): GroundedVerb {
  const resolved = resolvePlace(place, context.places, context.agentPosition, context.home);
  if (context.agentKind === 'robot') return { verb: 'drive_to', args: { place: resolved.name } };
  return { verb: 'fly_to', args: altitude === undefined ? { place: resolved.name } : { place: resolved.name, altitude } };
}

function pointNear(place: Place, offset: [number, number], context: GroundingContext, altitude?: number): GroundedVerb {
  const base = context.agentKind === 'robot' ? place.groundPosition : place.position;
  const x = round(base.x + offset[0]);
  const y = round(base.y + offset[1]);
  if (context.agentKind === 'robot') return { verb: 'goto', args: { x, y } };
  const z = altitude ?? round(Math.max(context.agentPosition[2], DEFAULT_POINT_ALTITUDE));
  return { verb: 'goto', args: { x, y, z } };
}

function direction(text: string): [number, number] {
  return DIRECTIONS[text.toLowerCase().replace(/[\s-]/g, '')];
}

function agentRef(text: string, context: GroundingContext): string | undefined {
  if (/^(?:everyone|everybody|all|all agents|the others)$/i.test(text)) return undefined;
  const match = /^(drone|robot)[\s_-]?(\d+)$/i.exec(text);
  const id = match ? `${match[1].toLowerCase()}-${match[2]}` : text;
  if (!context.agentIds.includes(id)) {
    throw new AgentError('unknown_agent', `agent: "${text}" is not an agent in this world; closest: ${closestWords(id, context.agentIds).join(', ')}; known: ${context.agentIds.join(', ')}`, {
      field: 'agent', known: [...context.agentIds], closest: closestWords(id, context.agentIds),
    });
  }
  return id;
}

function droneOnly(what: string, context: GroundingContext): void {
  if (context.agentKind !== 'drone') {
    throw new AgentError('not_applicable', `"${what}" applies to a drone, not a ${context.agentKind}; accepted for a ${context.agentKind}: ${verbsFor(context.agentKind).join(', ')}`, {
      field: 'text', known: verbsFor(context.agentKind), closest: ['drive_to'],
    });
  }
}

const RULES: readonly ClauseRule[] = [
  // A verb written as the vocabulary names it, with JSON args: goto {"x": 1, "y": 2, "z": 3}.
  {
    pattern: new RegExp(`^(${VERB_NAMES.join('|')})\\s*(\\{.*\\})\\s*$`, 'is'),
    ground: (m) => {
      try {
        return [{ verb: m[1].toLowerCase(), args: JSON.parse(m[2]) as Record<string, unknown> }];
      } catch {
        throw new AgentError('invalid_args', `${m[1]}: the args ${m[2]} are not valid JSON`, { field: 'args' });
      }
    },
  },
  {
    pattern: new RegExp(`^(?:tell|inform|notify|message|radio|ask)\\s+${AGENT}\\s*[,:]?\\s+(?:that\\s+|to\\s+)?(.+)$`, 'is'),
    ground: (m, context) => {
      const to = agentRef(m[1], context);
      return [{ verb: 'say', args: to === undefined ? { text: m[2] } : { to, text: m[2] } }];
    },
  },
  {
    pattern: new RegExp(`^(?:say|broadcast|announce)(?:\\s+to\\s+${AGENT}\\s*[,:]?)?\\s+["“']?(.+?)["”']?(?:\\s+to\\s+${AGENT})?$`, 'is'),
    ground: (m, context) => {
      const who = m[1] ?? m[3];
      const to = who === undefined ? undefined : agentRef(who, context);
      return [{ verb: 'say', args: to === undefined ? { text: m[2] } : { to, text: m[2] } }];
    },
  },
  {
    pattern: new RegExp(`^(?:follow|track|escort|shadow|tail)\\s+${AGENT}(?:\\s+(?:at|from|keeping|by|staying)\\s+(?:a\\s+distance\\s+of\\s+|about\\s+)?${DIST}(?:\\s+(?:behind|back|away|distance))?)?$`, 'i'),
    ground: (m, context) => {
      const agent = agentRef(m[1], context);
      if (agent === undefined) throw new AgentError('invalid_args', `follow: name one agent to follow; known: ${context.agentIds.join(', ')}`, { field: 'agent', known: [...context.agentIds] });
      return [{ verb: 'follow', args: m[2] === undefined ? { agent } : { agent, distance: metresOf(m[2], m[3]) } }];
    },
  },
  {
    pattern: new RegExp(`^(?:take\\s*off|lift\\s*off|launch|get airborne|become airborne)(?:\\s+(?:to|and climb to|and hover at|up to)\\s+(?:an?\\s+)?(?:altitude\\s+of\\s+)?${DIST}(?:\\s+(?:altitude|high|up))?)?$`, 'i'),
    ground: (m) => [{ verb: 'takeoff', args: m[1] === undefined ? {} : { altitude: metresOf(m[1], m[2]) } }],
  },
  {
    pattern: new RegExp(`^(climb|ascend|rise|go up|fly up|descend|go down|fly down|drop down|change altitude)(?:\\s+(to|by))?\\s+(?:an?\\s+)?(?:altitude\\s+of\\s+)?${DIST}(?:\\s+(?:altitude|high|up|above ground))?$`, 'i'),
    ground: (m, context) => {
      droneOnly(m[1], context);
      const metres = metresOf(m[3], m[4]);
      const relative = m[2]?.toLowerCase() === 'by' || (m[2] === undefined && /^(?:go|fly) (?:up|down)$/i.test(m[1]));
      const sign = /descend|down/i.test(m[1]) ? -1 : 1;
      const [x, y, z] = context.agentPosition;
      return [{ verb: 'goto', args: { x: round(x), y: round(y), z: round(relative ? z + sign * metres : metres) } }];
    },
  },
  {
    pattern: /^(?:land|touch\s*down|set down|come down)(?:\s+(?:on|at|onto|atop|on top of)\s+(.+))?$/i,
    ground: (m, context) => {
      droneOnly('land', context);
      return m[1] === undefined ? [{ verb: 'land', args: {} }] : [travelTo(m[1], context)];
    },
  },
  {
    pattern: new RegExp(`^(?:hover|hold(?:\\s+(?:position|still|there|here))?|stay(?:\\s+(?:put|here|there|in place|where you are))?|loiter)(?:\\s+(?:here|there|in place))?(?:\\s+(?:for|about)\\s+(?:about\\s+)?${DUR})?$`, 'i'),
    ground: (m, context) => {
      const s = m[1] === undefined ? undefined : secondsOf(m[1], m[2]);
      if (context.agentKind === 'robot') return s === undefined ? [{ verb: 'velocity', args: { v: 0, w: 0 } }] : [{ verb: 'wait', args: { s } }];
      return [{ verb: 'hover', args: s === undefined ? {} : { s } }];
    },
  },
  {
    pattern: new RegExp(`^(?:wait|pause|stand by|sit tight|idle|stay)(?:\\s+(?:here|there|for|about|around))*(?:\\s+${DUR})?$`, 'i'),
    ground: (m) => {
      if (m[1] === undefined) throw new AgentError('invalid_args', 'wait: say how long, e.g. "wait 10 seconds"; accepted: 0..3600 s', { field: 's' });
      return [{ verb: 'wait', args: { s: secondsOf(m[1], m[2]) } }];
    },
  },
  {
    pattern: /^(?:stop|halt|freeze|brake)(?:\s+(?:here|now|moving|there))?$/i,
    ground: (_m, context) => (context.agentKind === 'robot' ? [{ verb: 'velocity', args: { v: 0, w: 0 } }] : [{ verb: 'hover', args: {} }]),
  },
  {
    pattern: /^(?:pick\s+up|pick\s+(?:it|them|the\s+\w+|parcel[\s_-]?\d+)\s+up|collect|grab|fetch|load)(?:\s+(?:the\s+)?(parcel[\s_-]?\d+|parcel|package|it|cargo|box|delivery|order))?(?:\s+(?:at|from)\s+(.+))?$/i,
    ground: (m, context) => {
      const id = m[1] && /\d/.test(m[1]) ? `parcel-${/\d+/.exec(m[1])![0]}` : undefined;
      const pickUp: GroundedVerb = { verb: 'pick_up', args: id === undefined ? {} : { parcel: id } };
      return m[2] === undefined ? [pickUp] : [travelTo(m[2], context), pickUp];
    },
  },
  {
    pattern: /^(?:drop(?:\s+(?:it|them|the\s+\w+|parcel[\s_-]?\d+))?\s+off(?:\s+(?:it|them|the\s+\w+|parcel[\s_-]?\d+))?|drop\s+(?:it|the\s+\w+)|deliver(?:\s+(?:it|them|the\s+\w+|parcel[\s_-]?\d+))?|hand\s+(?:it\s+)?over|unload(?:\s+it)?|put\s+(?:it\s+)?down|leave\s+(?:it|the\s+\w+))(?:\s+(?:at|to|in|on|onto)\s+(.+))?$/i,
    ground: (m, context) => {
      if (m[1] === undefined) return [{ verb: 'drop_off', args: {} }];
      return [{ verb: 'drop_off', args: { place: resolvePlace(m[1], context.places, context.agentPosition, context.home).name } }];
    },
  },
  {
    pattern: new RegExp(`^(?:${TRAVEL}\\s+(?:to\\s+)?)?(?:a\\s+(?:point|spot)\\s+)?${DIST}\\s+${DIRECTION}\\s+of\\s+(.+?)${ALTITUDE_SUFFIX}$`, 'i'),
    ground: (m, context) => {
      const place = resolvePlace(m[4], context.places, context.agentPosition, context.home);
      const [dx, dy] = direction(m[3]);
      const metres = metresOf(m[1], m[2]);
      const altitude = m[5] === undefined ? undefined : metresOf(m[5], m[6]);
      return [pointNear(place, [dx * metres, dy * metres], context, altitude)];
    },
  },
  {
    pattern: new RegExp(`^(?:${TRAVEL}|hover)\\s+(?:to\\s+)?${DIST}\\s+(?:above|over)\\s+(.+)$`, 'i'),
    ground: (m, context) => {
      droneOnly('above', context);
      const place = resolvePlace(m[3], context.places, context.agentPosition, context.home);
      return [{ verb: 'goto', args: { x: round(place.position.x), y: round(place.position.y), z: round(place.position.z + metresOf(m[1], m[2])) } }];
    },
  },
  {
    pattern: new RegExp(`^${TRAVEL}\\s+(?:to\\s+)?(?:${DIST}\\s+${DIRECTION}|${DIRECTION}\\s+(?:for\\s+)?${DIST})$`, 'i'),
    ground: (m, context) => {
      const metres = m[1] !== undefined ? metresOf(m[1], m[2]) : metresOf(m[5], m[6]);
      const [dx, dy] = direction(m[3] ?? m[4]);
      const [x, y, z] = context.agentPosition;
      return [context.agentKind === 'robot'
        ? { verb: 'goto', args: { x: round(x + dx * metres), y: round(y + dy * metres) } }
        : { verb: 'goto', args: { x: round(x + dx * metres), y: round(y + dy * metres), z: round(Math.max(z, DEFAULT_POINT_ALTITUDE)) } }];
    },
  },
  {
    pattern: /^(?:go|fly|drive|head|return|come|get)\s+(?:back\s+)?(?:home|to base|to the base|to (?:your|its) (?:home|base|depot)|back)$/i,
    ground: (_m, context) => [travelTo('home', context)],
  },
  {
    pattern: new RegExp(`^(?:${TRAVEL}\\s+(?:to|towards?|for|into|onto|over to|up to)|fly_to|drive_to|goto|go to|navigate|deliver\\s+to|reach|visit)\\s+(.+?)${ALTITUDE_SUFFIX}$`, 'i'),
    ground: (m, context) => {
      if (/^deliver/i.test(m[0])) return [{ verb: 'drop_off', args: { place: resolvePlace(m[1], context.places, context.agentPosition, context.home).name } }];
      return [travelTo(m[1], context, m[2] === undefined ? undefined : metresOf(m[2], m[3]))];
    },
  },
];

function unknownVerb(clause: string, kind: VehicleKind): AgentError {
  const phrases = [...GROUNDING_PHRASES];
  const head = clause.split(/\s+/).slice(0, 2).join(' ').toLowerCase();
  const closest = closestWords(head, phrases.map((phrase) => phrase.replace(/ <.*$/, '')));
  return new AgentError(
    'unknown_verb',
    `text: no verb I know in "${clause}"; closest: ${closest.join(', ')}; accepted phrases: ${phrases.join(', ')}; verbs for a ${kind}: ${verbsFor(kind).join(', ')}`,
    { field: 'text', known: verbsFor(kind), closest },
  );
}

/** Grounds free text to verbs (in order) for one agent; throws AgentError naming what was not understood. */
export function groundText(text: string, context: GroundingContext): GroundedVerb[] {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new AgentError('invalid_args', `text: must not be empty; accepted phrases: ${GROUNDING_PHRASES.join(', ')}`, { field: 'text', known: [...GROUNDING_PHRASES] });
  }
  if (text.length > MAX_GROUNDING_TEXT) {
    throw new AgentError('invalid_args', `text: ${text.length} characters is too long; accepted: up to ${MAX_GROUNDING_TEXT}`, { field: 'text' });
  }
  const limits: VerbWorldLimits = { bounds: context.world.spec.bounds };
  const clauses = splitClauses(text, context.agentIds);
  if (clauses.length === 0) throw unknownVerb(text.trim(), context.agentKind);
  const verbs: GroundedVerb[] = [];
  for (const clause of clauses) {
    const rule = RULES.find((candidate) => candidate.pattern.test(clause));
    if (!rule) throw unknownVerb(clause, context.agentKind);
    const match = rule.pattern.exec(clause)!;
    for (const grounded of rule.ground(match, context)) verbs.push(parseVerb(context.agentKind, grounded.verb, grounded.args, limits));
  }
  return verbs;
}
