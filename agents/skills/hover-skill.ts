/** hover {s?}: hold the current position, for `s` seconds or until replaced. */
import { HOLD_LIMITS, steerDroneTo } from './drone-guidance.ts';
import { RUNNING, crashFailure, done, failed, type Skill, type SkillContext, type SkillStatus, type Vec3 } from './skill.ts';

export class HoverSkill implements Skill {
  readonly verb = 'hover';
  private readonly baseLabel: string;
  private shownLabel: string | null = null;
  private readonly point: Vec3;
  private readonly endStep: number;

  constructor(private readonly ctx: SkillContext, seconds?: number) {
    const state = ctx.env.vehicle(ctx.id);
    this.point = [...state.position];
    // A landed drone asked to hover lifts to 1 m first rather than pressing into the ground.
    if (state.landed) this.point[2] += 1;
    this.endStep = seconds === undefined ? Infinity : ctx.env.step + Math.round(seconds / ctx.env.dt);
    this.baseLabel = seconds === undefined ? 'hover' : `hover ${seconds} s`;
  }

  /** What the viewer and observations show; says so while a trained hover policy flies the drone. */
  get label(): string {
    return this.ctx.env.flownByPolicy(this.ctx.id) ? `${this.baseLabel} (policy)` : this.baseLabel;
  }

  target(): Vec3 {
    return [...this.point];
  }

  update(): SkillStatus {
    const { env, id } = this.ctx;
    const crash = crashFailure(env, id);
    if (crash) return crash;
    if (env.vehicle(id).battery <= 0) return failed(`${id}'s battery is empty`);
    steerDroneTo(env, id, this.point, HOLD_LIMITS);
    // With a hover policy installed (npm start -- --policy), the policy flies the hold once it applies.
    env.holdByPolicy(id, this.point);
    // The viewer draws the annotation: say when the policy takes over or hands back.
    const label = this.label;
    if (label !== this.shownLabel) {
      this.shownLabel = label;
      env.setVehicleAnnotation(id, { skill: label });
    }
    return env.step >= this.endStep ? done() : RUNNING;
  }
}
