/**
 * drop_off {place?}: leaves the carried parcel here: delivered when at its order's drop-off,
 * left for hand-off when in a depot's yard. With a place, the vehicle first goes there (flies and
 * lands, or drives).
 */
import { AgentError } from '../session/fleet-session-contract.ts';
import { FlightSkill } from './fly-to-skill.ts';
import { RoadFollowSkill } from './drive-to-skill.ts';
import { resolveDroneTarget, resolveRobotTarget } from './place-target.ts';
import { RUNNING, crashFailure, done, failed, horizontalDistance, type Skill, type SkillContext, type SkillStatus, type Vec3 } from './skill.ts';

const ALREADY_THERE = 2; // m

export class DropOffSkill implements Skill {
  readonly verb = 'drop_off';
  readonly label: string;

  constructor(private readonly ctx: SkillContext, private readonly travel: Skill | null, placeName: string | null) {
    this.label = placeName ? `drop_off at ${placeName}` : 'drop_off';
  }

  target(): Vec3 | null {
    return this.travel?.target() ?? null;
  }

  update(): SkillStatus {
    const { env, id } = this.ctx;
    const crash = crashFailure(env, id);
    if (crash) return crash;
    if (this.travel) {
      const status = this.travel.update();
      if (status.state === 'failed') return status;
      if (status.state === 'running') return RUNNING;
    }
    const result = env.dropOff(id);
    if (!result.ok) return failed(result.reason);
    return done(result.delivered ? `${id} delivered ${result.parcel}` : `${id} left ${result.parcel} for hand-off`);
  }
}

export function startDropOff(ctx: SkillContext, args: { place?: string }): DropOffSkill {
  const { env, id } = ctx;
  const state = env.vehicle(id);
  if (state.cargo.length === 0) throw new AgentError('not_applicable', `drop_off: ${id} carries nothing; pick_up a parcel first`, { field: 'verb' });
  if (args.place === undefined) return new DropOffSkill(ctx, null, null);
  const target = state.kind === 'drone' ? resolveDroneTarget(env, id, args.place) : resolveRobotTarget(env, id, args.place);
  if (horizontalDistance(state.position, target.point) < ALREADY_THERE && (state.kind === 'robot' || state.landed)) {
    return new DropOffSkill(ctx, null, target.place.name);
  }
  const travel = state.kind === 'drone'
    ? new FlightSkill(ctx, 'drop_off', `drop_off at ${target.place.name}`, target.point, { land: true })
    : new RoadFollowSkill(ctx, 'drop_off', `drop_off at ${target.place.name}`, target.point);
  return new DropOffSkill(ctx, travel, target.place.name);
}
