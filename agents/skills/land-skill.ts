/** land: descend onto the roof or ground right below; motors go idle once landed. */
import { descendToLand, surfaceBelow } from './drone-guidance.ts';
import { RUNNING, crashFailure, done, type Skill, type SkillContext, type SkillStatus, type Vec3 } from './skill.ts';

export class LandSkill implements Skill {
  readonly verb = 'land';
  readonly label = 'land';
  private readonly point: Vec3;

  constructor(private readonly ctx: SkillContext) {
    const [x, y] = ctx.env.vehicle(ctx.id).position;
    this.point = [x, y, surfaceBelow(ctx.env, x, y)];
  }

  target(): Vec3 {
    return [...this.point];
  }

  update(): SkillStatus {
    const { env, id } = this.ctx;
    const crash = crashFailure(env, id);
    if (crash) return crash;
    return descendToLand(env, id, this.point[0], this.point[1], this.point[2]) ? done(`${id} landed at ${this.point[2].toFixed(1)} m`) : RUNNING;
  }
}
