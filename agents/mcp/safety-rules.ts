/**
 * The safety rules `skyline mcp` enforces by default (docs/mcp.md lists them): a language model
 * holding the controls must not be one typo away from a crash or a restricted area.
 *
 * Before a skill starts: motor-level verbs are refused unless allowed; commanded altitudes stay
 * under the limit; a goto whose straight path enters a no-fly zone or a building is refused (fly_to already
 * plans around zones and refuses destinations inside one). After every advance: a drone under
 * velocity or motor-level control that is about to leave the altitude limit, enter a no-fly
 * zone or hit a building is switched to hover.
 */
import type { FleetEnv, FleetEvent } from '../../sim/index.ts';
import { AgentError, type FleetSession, type GroundedVerb } from '../session/fleet-session-contract.ts';
import type { FleetSessionExtras } from '../session/fleet-session.ts';
import { verbDefinition, verbsFor } from '../vocabulary/verb-registry.ts';
import type { McpSafetyRules } from './mcp-settings.ts';

/** Verbs that drive the motors, wheels or body rates directly. */
export const LOW_LEVEL_VERBS: readonly string[] = ['motors', 'wheels', 'rates'];
/** Skills the guard watches: the ones that follow the client's numbers rather than a planned route. */
const GUARDED_SKILLS = new Set(['velocity', 'motors', 'rates']);
/** How far ahead the guard looks along the drone's velocity, s. */
const GUARD_LOOKAHEAD_S = 1;
/** Slower than this, m/s, a drone is holding still and the guard leaves it alone. */
const GUARD_MIN_SPEED = 0.2;
/** Spacing of the samples along a goto path, m. */
const PATH_SAMPLE_M = 2;
/** A goto path is traced from this far above the drone, m. */
const PATH_START_LIFT = 0.3;
const SAFER_VERBS: Readonly<Record<string, string>> = { motors: 'velocity', rates: 'velocity', wheels: 'velocity' };

/** Throws an AgentError when `verb` for `agent` breaks a rule; the message says the rule and what is accepted. */
export function checkVerbSafety(env: FleetEnv, agent: string, verb: GroundedVerb, rules: McpSafetyRules): void {
  const state = env.vehicle(agent);
  if (!rules.allowLowLevel && LOW_LEVEL_VERBS.includes(verb.verb)) {
    const allowed = verbsFor(state.kind).filter((name) => !LOW_LEVEL_VERBS.includes(name));
    throw new AgentError(
      'not_applicable',
      `verb: ${verb.verb} is a motor-level verb (rung ${verbDefinition(verb.verb)?.rung}), which this server refuses by default because it bypasses the altitude and no-fly guards; use ${SAFER_VERBS[verb.verb]} or a semantic verb instead, or start skyline mcp with --allow-low-level; accepted for a ${state.kind}: ${allowed.join(', ')}`,
      { field: 'verb', known: allowed, closest: [SAFER_VERBS[verb.verb]] },
    );
  }
  if (state.kind !== 'drone') return;
  const altitudeField = verb.verb === 'goto' ? 'z' : verb.verb === 'takeoff' || verb.verb === 'fly_to' ? 'altitude' : null;
  const altitude = altitudeField ? verb.args[altitudeField] : undefined;
  if (altitudeField && typeof altitude === 'number' && altitude > rules.maxAltitude) {
    throw new AgentError('invalid_args', `${verb.verb}.${altitudeField}: ${altitude} m is above this server's altitude limit; accepted: up to ${rules.maxAltitude} m above ground (skyline mcp --max-altitude)`, {
      field: altitudeField,
    });
  }
  if (verb.verb === 'goto') {
    const target: [number, number, number] = [verb.args.x as number, verb.args.y as number, (verb.args.z as number | undefined) ?? 0];
    const zone = noFlyZoneOnPath(env, state.position, target);
    if (zone !== null) {
      throw new AgentError('invalid_args', `goto: the straight path to (${target.map((v) => v.toFixed(1)).join(', ')}) enters the no-fly zone "${zone}"; accepted: a point whose straight path stays clear of no-fly zones, or fly_to, which plans around them`, {
        field: 'x',
      });
    }
    const building = buildingOnPath(env, state.position, target);
    if (building !== null) {
      throw new AgentError('invalid_args', `goto: the straight path to (${target.map((v) => v.toFixed(1)).join(', ')}) hits ${building}; accepted: a point in a clear line of flight, or fly_to, which climbs over the roofs on its way`, {
        field: 'x',
      });
    }
  }
}

/** The building the straight segment from `from` to `to` runs into (its name or address), or null. */
export function buildingOnPath(env: FleetEnv, from: readonly number[], to: readonly number[]): string | null {
  // Start just above a landed drone so the ground or roof it stands on is not a hit.
  const start = [from[0], from[1], from[2] + PATH_START_LIFT];
  const d = [to[0] - start[0], to[1] - start[1], to[2] - start[2]];
  const length = Math.hypot(d[0], d[1], d[2]);
  if (length < 1e-6) return null;
  const hit = env.world.raycast(start[0], start[1], start[2], d[0] / length, d[1] / length, d[2] / length, length);
  if (!hit || hit.kind !== 'building') return null;
  const building = env.spec.buildings[hit.buildingId];
  return `the building ${building?.name ?? `at ${building?.address.number} ${building?.address.street}`} at (${hit.point.x.toFixed(1)}, ${hit.point.y.toFixed(1)}, ${hit.point.z.toFixed(1)})`;
}

/** The name of the first no-fly zone on the straight segment from `from` to `to`, or null. */
export function noFlyZoneOnPath(env: FleetEnv, from: readonly number[], to: readonly number[]): string | null {
  const length = Math.hypot(to[0] - from[0], to[1] - from[1], to[2] - from[2]);
  const samples = Math.max(1, Math.ceil(length / PATH_SAMPLE_M));
  for (let s = 0; s <= samples; s++) {
    const f = s / samples;
    const zone = env.world.noFlyZoneAt(from[0] + (to[0] - from[0]) * f, from[1] + (to[1] - from[1]) * f, from[2] + (to[2] - from[2]) * f);
    if (zone >= 0) return env.spec.noFlyZones[zone].name;
  }
  return null;
}

/**
 * Switches to hover every drone under velocity or motor-level control that, within a second at
 * its present velocity, would climb above the altitude limit, enter a no-fly zone or hit a
 * building; returns one
 * `safety_stop` event per drone stopped.
 */
export function guardFleet(session: FleetSession & FleetSessionExtras, rules: McpSafetyRules): FleetEvent[] {
  const env = session.fleetEnv;
  const events: FleetEvent[] = [];
  for (const id of env.vehicleIds()) {
    const state = env.vehicle(id);
    if (state.kind !== 'drone' || state.status !== 'ok') continue;
    const skill = session.skillOf(id);
    if (!skill || !GUARDED_SKILLS.has(skill.split(' ')[0])) continue;
    const [x, y, z] = state.position;
    const [vx, vy, vz] = state.velocity;
    const ahead = [x + vx * GUARD_LOOKAHEAD_S, y + vy * GUARD_LOOKAHEAD_S, z + vz * GUARD_LOOKAHEAD_S];
    let reason: string | null = null;
    if (ahead[2] > rules.maxAltitude && vz > 0) reason = `would climb above the ${rules.maxAltitude} m altitude limit`;
    else if (vx * vx + vy * vy + vz * vz > GUARD_MIN_SPEED ** 2) {
      const zone = noFlyZoneOnPath(env, state.position, ahead);
      const building = zone === null && !state.landed ? buildingOnPath(env, state.position, ahead) : null;
      if (zone !== null) reason = `would enter the no-fly zone "${zone}"`;
      else if (building !== null) reason = `would hit ${building}`;
    }
    if (!reason) continue;
    void session.act({ agent: id, verb: 'hover' }).catch(() => undefined);
    events.push({ t: env.t, step: env.step, kind: 'safety_stop', agent: id, text: `${id}: switched to hover by the safety guard: ${skill} ${reason}`, data: { skill } });
  }
  return events;
}
