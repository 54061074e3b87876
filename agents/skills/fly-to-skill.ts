/**
 * fly_to: climb to a cruise altitude that clears every roof on the route, cruise (around a
 * no-fly zone when the straight line crosses one), descend over the place and land on its pad,
 * roof or ground point. Progress is reported at each phase change.
 */
import { CRUISE_LIMITS, HOLD_LIMITS, descendToLand, steerDroneTo } from './drone-guidance.ts';
import { MIN_CRUISE_ALTITUDE, ROOF_CLEARANCE, SAMPLE_SPACING, planFlightRoute, type FlightRoute } from './flight-route.ts';
import { resolveDroneTarget, vehicleNumber } from './place-target.ts';
import { RUNNING, crashFailure, done, failed, horizontalDistance, type Skill, type SkillContext, type SkillStatus, type Vec3 } from './skill.ts';

type Phase = 'climb' | 'cruise' | 'approach' | 'land';

/** Drones cruise on levels this far apart (by their number), so crossing routes do not meet. */
const CRUISE_LEVEL_SPACING = 1.5; // m
const CRUISE_LEVELS = 5;
const WAYPOINT_RADIUS = 4; // m: an intermediate waypoint counts as passed
const APPROACH_HEIGHT = 2.5; // m above the surface where the slow final descent starts
/** How far ahead a climbing cruise must already clear the roofs, m: well beyond the braking distance at cruise speed. */
const CLIMB_LOOKAHEAD = 24;

export interface FlightOptions {
  /** Requested cruise altitude (raised when roofs need more). */
  altitude?: number;
  /** Land at the end (fly_to), or stop `hoverAbove` metres above the point (pick-up approaches). */
  land: boolean;
  hoverAbove?: number;
}

export class FlightSkill implements Skill {
  readonly verb: string;
  readonly label: string;
  private phase: Phase = 'climb';
  private leg = 0;
  /** Where the climb started: the drone climbs straight up over it. */
  private climbX: number | undefined;
  private climbY: number | undefined;
  /** Where a climbing cruise waits, climbing, for the roofs ahead to be cleared. */
  private holdPoint: [number, number] | null = null;
  private readonly route: FlightRoute | null;
  private readonly planError: string | null;

  constructor(private readonly ctx: SkillContext, verb: string, label: string, private readonly destination: Vec3, private readonly options: FlightOptions) {
    this.verb = verb;
    this.label = label;
    const { env, id } = ctx;
    const position = env.vehicle(id).position;
    const offset = (vehicleNumber(id) % CRUISE_LEVELS) * CRUISE_LEVEL_SPACING;
    const planned = planFlightRoute(env.world, position, destination, options.altitude, offset);
    this.route = planned.ok ? planned.route : null;
    this.planError = planned.ok ? null : planned.reason;
    // Already over the destination (hop on the same roof): skip the cruise.
    if (this.route && horizontalDistance(position, destination) < 1.5 && position[2] > destination[2] + 1) this.phase = 'approach';
  }

  target(): Vec3 {
    return [...this.destination];
  }

  startData(): Record<string, unknown> {
    if (!this.route) return { error: this.planError };
    return {
      cruiseAltitude: round(this.route.cruiseAltitude), highestRoof: round(this.route.highestRoof), detourAround: this.route.detourAround,
      target: this.destination.map(round), waypoints: this.route.waypoints.map((point) => point.map(round)),
    };
  }

  update(): SkillStatus {
    const { env, id } = this.ctx;
    if (!this.route) return failed(this.planError ?? 'no route');
    const crash = crashFailure(env, id);
    if (crash) return crash;
    const state = env.vehicle(id);
    if (state.battery <= 0) return failed(`${id}'s battery is empty`);
    const route = this.route;
    const [x, y, z] = state.position;
    switch (this.phase) {
      case 'climb': {
        steerDroneTo(env, id, [this.climbX ??= x, this.climbY ??= y, route.cruiseAltitude], CRUISE_LIMITS);
        // Leave as soon as the roofs just ahead are cleared; the rest of the climb happens on the way.
        if (z > route.cruiseAltitude - 1 || z > this.altitudeNeededAhead(state.position) - 0.5) {
          this.advance('cruise', z > route.cruiseAltitude - 1 ? `climbed to ${route.cruiseAltitude.toFixed(0)} m` : `climbing to ${route.cruiseAltitude.toFixed(0)} m on the way`);
        }
        return RUNNING;
      }
      case 'cruise': {
        const waypoint = route.waypoints[this.leg];
        const last = this.leg === route.waypoints.length - 1;
        if (z < this.altitudeNeededAhead(state.position) - 0.5) {
          // Roofs ahead are higher than the drone yet: stop where it is and climb before going on.
          this.holdPoint ??= [x, y];
          steerDroneTo(env, id, [this.holdPoint[0], this.holdPoint[1], route.cruiseAltitude], CRUISE_LIMITS);
          return RUNNING;
        }
        this.holdPoint = null;
        steerDroneTo(env, id, waypoint, CRUISE_LIMITS);
        const remaining = horizontalDistance(state.position, waypoint);
        if (!last && remaining < WAYPOINT_RADIUS) this.leg++;
        else if (last && remaining < 0.5 && Math.hypot(state.velocity[0], state.velocity[1]) < 0.5) this.advance('approach', 'over the destination');
        return RUNNING;
      }
      case 'approach': {
        const stopAt = this.destination[2] + (this.options.land ? APPROACH_HEIGHT : this.options.hoverAbove ?? 1);
        steerDroneTo(env, id, [this.destination[0], this.destination[1], stopAt], { ...HOLD_LIMITS, descentSpeed: CRUISE_LIMITS.descentSpeed });
        const settled = Math.abs(z - stopAt) < 0.3 && horizontalDistance(state.position, this.destination) < 0.5;
        if (settled && !this.options.land) return done(`${id} is ${(this.options.hoverAbove ?? 1).toFixed(1)} m above the point`);
        if (settled) this.advance('land', 'descending to land');
        return RUNNING;
      }
      case 'land': {
        if (descendToLand(env, id, this.destination[0], this.destination[1], this.destination[2])) {
          const miss = horizontalDistance(state.position, this.destination);
          return done(`${id} landed ${miss.toFixed(2)} m from the target`);
        }
        return RUNNING;
      }
    }
  }

  /** The altitude that clears the roofs within CLIMB_LOOKAHEAD metres ahead on the current leg (at most the cruise altitude). */
  private altitudeNeededAhead(position: Vec3): number {
    const route = this.route!;
    const profile = route.legProfiles[this.leg];
    const end = route.waypoints[this.leg];
    const start = this.leg === 0 ? [this.climbX ?? position[0], this.climbY ?? position[1]] : route.waypoints[this.leg - 1];
    const dx = end[0] - start[0], dy = end[1] - start[1], length = Math.hypot(dx, dy);
    const along = length > 0 ? Math.max(0, Math.min(length, ((position[0] - start[0]) * dx + (position[1] - start[1]) * dy) / length)) : 0;
    const spacing = length / Math.max(1, profile.length - 1) || SAMPLE_SPACING;
    const first = Math.max(0, Math.floor(along / spacing) - 1);
    const last = Math.min(profile.length - 1, Math.ceil((along + CLIMB_LOOKAHEAD) / spacing));
    let highest = 0;
    for (let s = first; s <= last; s++) highest = Math.max(highest, profile[s]);
    return Math.min(route.cruiseAltitude, Math.max(highest + ROOF_CLEARANCE, MIN_CRUISE_ALTITUDE));
  }

  private advance(phase: Phase, text: string): void {
    this.phase = phase;
    this.ctx.report('skill_progress', `${this.ctx.id}: ${this.label}: ${text}`, { phase });
  }
}

/** fly_to {place, altitude?}: resolves the place (unknown places throw) and flies there to land. */
export function startFlyTo(ctx: SkillContext, args: { place: string; altitude?: number }): FlightSkill {
  const target = resolveDroneTarget(ctx.env, ctx.id, args.place);
  return new FlightSkill(ctx, 'fly_to', `fly_to ${target.place.name}`, target.point, { land: true, altitude: args.altitude });
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
