/**
 * pick_up {parcel?}: loads a parcel. When it is nearby but out of reach, the vehicle first
 * moves to it: a drone flies over it and sinks to 1 m above it, a robot drives up to it.
 */
import type { ParcelFrame } from '../../sim/index.ts';
import { AgentError } from '../session/fleet-session-contract.ts';
import { FlightSkill } from './fly-to-skill.ts';
import { GotoSkill } from './goto-skill.ts';
import { RoadFollowSkill } from './drive-to-skill.ts';
import { clearOnGround } from './road-route.ts';
import { RUNNING, crashFailure, done, failed, horizontalDistance, type Skill, type SkillContext, type SkillStatus, type Vec3 } from './skill.ts';

/** Farther than this, a vehicle must travel to the pick-up place first (fly_to / drive_to). */
export const PICK_UP_APPROACH_RANGE = 60; // m
const IN_REACH = 1.5; // m horizontally: comfortably inside the env's 2 m reach
const HOVER_ABOVE_PARCEL = 1; // m

export class PickUpSkill implements Skill {
  readonly verb = 'pick_up';
  readonly label: string;
  private readonly approach: Skill | null;

  constructor(private readonly ctx: SkillContext, private readonly parcel: ParcelFrame) {
    this.label = `pick_up ${parcel.id}`;
    const { env, id } = ctx;
    const state = env.vehicle(id);
    const point: Vec3 = [...parcel.position];
    const near = horizontalDistance(state.position, point) < IN_REACH;
    const heightOk = state.kind === 'robot' || (state.position[2] - point[2] >= -0.3 && state.position[2] - point[2] <= 1.5);
    if (near && heightOk) this.approach = null;
    else if (state.kind === 'drone') this.approach = new FlightSkill(ctx, 'pick_up', this.label, point, { land: false, hoverAbove: HOVER_ABOVE_PARCEL });
    else if (clearOnGround(env.world, state.position[0], state.position[1], point[0], point[1])) this.approach = new GotoSkill(ctx, { x: point[0], y: point[1] });
    else this.approach = new RoadFollowSkill(ctx, 'pick_up', this.label, point);
  }

  target(): Vec3 {
    return [...this.parcel.position];
  }

  update(): SkillStatus {
    const { env, id } = this.ctx;
    const crash = crashFailure(env, id);
    if (crash) return crash;
    if (this.approach) {
      const status = this.approach.update();
      if (status.state === 'failed') return status;
      if (status.state === 'running') return RUNNING;
    }
    const result = env.pickUp(id, this.parcel.id);
    return result.ok ? done(`${id} picked up ${result.parcel}`) : failed(result.reason);
  }
}

/** Chooses the parcel: the one named, else the nearest waiting one (assigned to this vehicle first). */
export function startPickUp(ctx: SkillContext, args: { parcel?: string }): PickUpSkill {
  const { env, id } = ctx;
  const parcels = env.parcels();
  const waiting = parcels.filter((p) => p.state === 'waiting' || p.state === 'dropped');
  const position = env.vehicle(id).position;
  let parcel: ParcelFrame | undefined;
  if (args.parcel !== undefined) {
    parcel = parcels.find((p) => p.id === args.parcel);
    if (!parcel) {
      throw new AgentError('invalid_args', `pick_up.parcel: unknown parcel "${args.parcel}"; waiting: ${waiting.map((p) => p.id).join(', ') || 'none'}`, {
        field: 'parcel', known: waiting.map((p) => p.id),
      });
    }
    if (parcel.state === 'carried' || parcel.state === 'delivered') {
      throw new AgentError('not_applicable', `pick_up: ${parcel.id} is ${parcel.state === 'carried' ? `carried by ${parcel.carriedBy}` : 'already delivered'}`, { field: 'parcel' });
    }
  } else {
    const mine = new Set(env.orders().filter((o) => o.assignedTo === id).map((o) => o.parcelId));
    const ranked = [...waiting].sort((a, b) => Number(mine.has(b.id)) - Number(mine.has(a.id)) || horizontalDistance(position, a.position) - horizontalDistance(position, b.position));
    parcel = ranked.find((p) => horizontalDistance(position, p.position) <= PICK_UP_APPROACH_RANGE);
    if (!parcel) {
      const nearest = [...waiting].sort((a, b) => horizontalDistance(position, a.position) - horizontalDistance(position, b.position))[0];
      throw new AgentError('not_applicable', `pick_up: no parcel waits within ${PICK_UP_APPROACH_RANGE} m of ${id}${nearest ? `; the nearest, ${nearest.id}, is ${horizontalDistance(position, nearest.position).toFixed(0)} m away` : '; none is waiting'}`, { field: 'parcel' });
    }
  }
  const distance = horizontalDistance(position, parcel.position);
  if (distance > PICK_UP_APPROACH_RANGE) {
    throw new AgentError('not_applicable', `pick_up: ${parcel.id} is ${distance.toFixed(0)} m away (more than ${PICK_UP_APPROACH_RANGE} m); go to its pick-up place first`, { field: 'parcel' });
  }
  return new PickUpSkill(ctx, parcel);
}
