/** takeoff {altitude?}: climb straight up to an altitude above the surface below (default 10 m), then hold. */
import { CRUISE_LIMITS, steerDroneTo, surfaceBelow } from './drone-guidance.ts';
import { RUNNING, crashFailure, done, failed, type Skill, type SkillContext, type SkillStatus, type Vec3 } from './skill.ts';

export const DEFAULT_TAKEOFF_ALTITUDE = 10; // m

export class TakeoffSkill implements Skill {
  readonly verb = 'takeoff';
  readonly label: string;
  private readonly point: Vec3;

  constructor(private readonly ctx: SkillContext, altitude = DEFAULT_TAKEOFF_ALTITUDE) {
    const [x, y] = ctx.env.vehicle(ctx.id).position;
    const ceiling = ctx.env.spec.bounds.ceiling;
    this.point = [x, y, Math.min(surfaceBelow(ctx.env, x, y) + altitude, ceiling - 1)];
    this.label = `takeoff to ${altitude} m`;
  }

  target(): Vec3 {
    return [...this.point];
  }

  update(): SkillStatus {
    const { env, id } = this.ctx;
    const crash = crashFailure(env, id);
    if (crash) return crash;
    if (env.vehicle(id).battery <= 0) return failed(`${id}'s battery is empty`);
    const remaining = steerDroneTo(env, id, this.point, CRUISE_LIMITS);
    // Done once settled, so the hold that follows keeps the altitude asked for.
    const settled = remaining < 0.15 && Math.hypot(...env.vehicle(id).velocity) < 0.3;
    return settled ? done(`${id} is at ${this.point[2].toFixed(1)} m`) : RUNNING;
  }
}
