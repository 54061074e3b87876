/** wait {s}: keep holding (hover in place, stay landed, stand still) for `s` seconds. */
import { HoldSkill } from './hold-skill.ts';
import { RUNNING, crashFailure, done, type Skill, type SkillContext, type SkillStatus, type Vec3 } from './skill.ts';

export class WaitSkill implements Skill {
  readonly verb = 'wait';
  readonly label: string;
  private readonly hold: HoldSkill;
  private readonly endStep: number;

  constructor(private readonly ctx: SkillContext, seconds: number) {
    this.hold = new HoldSkill(ctx);
    this.endStep = ctx.env.step + Math.round(seconds / ctx.env.dt);
    this.label = `wait ${seconds} s`;
  }

  target(): Vec3 | null {
    return null;
  }

  update(): SkillStatus {
    const crash = crashFailure(this.ctx.env, this.ctx.id);
    if (crash) return crash;
    this.hold.update();
    return this.ctx.env.step >= this.endStep ? done() : RUNNING;
  }
}
