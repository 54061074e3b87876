/**
 * What a vehicle does when no skill runs: a flying drone holds its position (it never falls
 * because nobody spoke), a landed drone stays landed with motors off, a robot stands still.
 */
import { HOLD_LIMITS, steerDroneTo } from './drone-guidance.ts';
import { RUNNING, type Skill, type SkillContext, type SkillStatus, type Vec3 } from './skill.ts';

export class HoldSkill implements Skill {
  readonly verb = 'hold';
  readonly label = 'hold';
  private readonly point: Vec3;
  private readonly landed: boolean;

  constructor(private readonly ctx: SkillContext) {
    const state = ctx.env.vehicle(ctx.id);
    this.point = [...state.position];
    this.landed = state.kind === 'robot' || state.landed;
  }

  target(): Vec3 | null {
    return null;
  }

  update(): SkillStatus {
    const { env, id } = this.ctx;
    const state = env.vehicle(id);
    if (state.status !== 'ok') return RUNNING;
    if (state.kind === 'robot') env.setCommand(id, { rung: 'velocity', v: 0, w: 0 });
    else if (this.landed) env.setCommand(id, { rung: 'idle' });
    else {
      steerDroneTo(env, id, this.point, HOLD_LIMITS);
      // With a hover policy installed (npm start -- --policy), the policy flies the hold once it applies.
      env.holdByPolicy(id, this.point);
    }
    return RUNNING;
  }
}
