/** goto: the waypoint rung. Drones {x, y, z} fly straight to the point and hold; robots {x, y} drive straight there and stop. */
import { HOLD_LIMITS, steerDroneTo } from './drone-guidance.ts';
import { RUNNING, crashFailure, distance3, done, horizontalDistance, type Skill, type SkillContext, type SkillStatus, type Vec3 } from './skill.ts';

const ARRIVED = 0.3; // m

export class GotoSkill implements Skill {
  readonly verb = 'goto';
  readonly label: string;
  private readonly point: Vec3;

  constructor(private readonly ctx: SkillContext, args: { x: number; y: number; z?: number }) {
    this.point = [args.x, args.y, args.z ?? 0];
    this.label = `goto ${this.point.map((v) => v.toFixed(1)).join(', ')}`;
  }

  target(): Vec3 {
    return [...this.point];
  }

  update(): SkillStatus {
    const { env, id } = this.ctx;
    const crash = crashFailure(env, id);
    if (crash) return crash;
    const state = env.vehicle(id);
    if (state.kind === 'robot') {
      const remaining = horizontalDistance(state.position, this.point);
      if (remaining < ARRIVED) return done(`${id} reached the point`);
      env.setCommand(id, { rung: 'goto', x: this.point[0], y: this.point[1] });
      return RUNNING;
    }
    steerDroneTo(env, id, this.point, { ...HOLD_LIMITS, horizontalSpeed: 4 });
    const slow = Math.hypot(...state.velocity) < 0.3;
    return distance3(state.position, this.point) < ARRIVED && slow ? done(`${id} reached the point`) : RUNNING;
  }
}
