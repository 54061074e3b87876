/**
 * drive_to: A* on the road graph to the place's street point, followed by pure pursuit on the
 * velocity rung (look-ahead on the route polyline), slowing to stop on the point.
 */
import { planRoadRoute, type Point } from './road-route.ts';
import { resolveRobotTarget } from './place-target.ts';
import { RUNNING, crashFailure, done, failed, horizontalDistance, type Skill, type SkillContext, type SkillStatus, type Vec3 } from './skill.ts';

const LOOKAHEAD = 2.5; // m
const CRUISE_SPEED = 1.7; // m/s, under the 1.8 m/s wheel limit
const APPROACH_GAIN = 0.8; // 1/s: speed per metre left near the end
const ARRIVED = 0.3; // m
const TURN_IN_PLACE = Math.PI / 2;
/** No progress for this long means the robot is blocked. */
const STUCK_SECONDS = 20;

export class RoadFollowSkill implements Skill {
  readonly verb: string;
  readonly label: string;
  private readonly points: Point[] | null;
  private readonly streets: string[];
  private segment = 0;
  private bestRemaining = Infinity;
  private lastProgressStep: number;

  constructor(private readonly ctx: SkillContext, verb: string, label: string, private readonly goal: Vec3) {
    this.verb = verb;
    this.label = label;
    const [x, y] = ctx.env.vehicle(ctx.id).position;
    const route = planRoadRoute(ctx.env.world, x, y, goal[0], goal[1]);
    this.points = route?.points ?? null;
    this.streets = route?.streets ?? [];
    this.lastProgressStep = ctx.env.step;
  }

  target(): Vec3 {
    return [...this.goal];
  }

  startData(): Record<string, unknown> {
    if (!this.points) return { error: 'no road route' };
    return { streets: this.streets, route: this.points.map(([x, y]) => [Math.round(x * 10) / 10, Math.round(y * 10) / 10]) };
  }

  update(): SkillStatus {
    const { env, id } = this.ctx;
    if (!this.points) return failed(`no road route from ${id}'s position to ${this.label.replace(/^\S+ /, '')}`);
    const crash = crashFailure(env, id);
    if (crash) return crash;
    const state = env.vehicle(id);
    const [x, y] = state.position;
    const remainingToGoal = horizontalDistance(state.position, this.goal);
    if (remainingToGoal < ARRIVED) {
      env.setCommand(id, { rung: 'velocity', v: 0, w: 0 });
      return done(`${id} arrived ${remainingToGoal.toFixed(2)} m from the point`);
    }
    const remaining = this.advanceAlongRoute(x, y);
    if (remaining < this.bestRemaining - 0.5) {
      this.bestRemaining = remaining;
      this.lastProgressStep = env.step;
    } else if ((env.step - this.lastProgressStep) * env.dt > STUCK_SECONDS) {
      env.setCommand(id, { rung: 'velocity', v: 0, w: 0 });
      return failed(`${id} made no progress for ${STUCK_SECONDS} s (blocked ${remaining.toFixed(0)} m before the goal)`);
    }
    const [lx, ly] = this.lookaheadPoint(x, y);
    const alpha = wrap(Math.atan2(ly - y, lx - x) - state.yaw);
    let v: number, w: number;
    if (Math.abs(alpha) > TURN_IN_PLACE) {
      v = 0;
      w = Math.sign(alpha) * 2;
    } else {
      v = Math.min(CRUISE_SPEED, APPROACH_GAIN * remaining + 0.15) * Math.cos(alpha);
      const distance = Math.max(0.3, Math.hypot(lx - x, ly - y));
      w = Math.max(-4, Math.min(4, (2 * v * Math.sin(alpha)) / distance + 1.5 * Math.sin(alpha) * (v < 0.3 ? 1 : 0)));
    }
    env.setCommand(id, { rung: 'velocity', v: Math.max(-3, Math.min(3, v)), w });
    return RUNNING;
  }

  /** Moves the current segment on when the robot is past it; returns the distance left along the route. */
  private advanceAlongRoute(x: number, y: number): number {
    const points = this.points!;
    while (this.segment < points.length - 2) {
      const [ax, ay] = points[this.segment], [bx, by] = points[this.segment + 1];
      const dx = bx - ax, dy = by - ay, length = Math.hypot(dx, dy) || 1;
      const along = ((x - ax) * dx + (y - ay) * dy) / length;
      if (along < length - 1) break;
      this.segment++;
    }
    const [bx, by] = points[this.segment + 1];
    let remaining = Math.hypot(bx - x, by - y);
    for (let k = this.segment + 1; k < points.length - 1; k++) remaining += Math.hypot(points[k + 1][0] - points[k][0], points[k + 1][1] - points[k][1]);
    return remaining;
  }

  /** The point LOOKAHEAD metres ahead along the route from the robot's projection on the current segment. */
  private lookaheadPoint(x: number, y: number): Point {
    const points = this.points!;
    const [ax, ay] = points[this.segment], [bx, by] = points[this.segment + 1];
    const dx = bx - ax, dy = by - ay, length = Math.hypot(dx, dy) || 1;
    let along = Math.max(0, ((x - ax) * dx + (y - ay) * dy) / length) + LOOKAHEAD;
    for (let k = this.segment; k < points.length - 1; k++) {
      const [px, py] = points[k], [qx, qy] = points[k + 1];
      const leg = Math.hypot(qx - px, qy - py);
      if (along <= leg) return [px + ((qx - px) * along) / (leg || 1), py + ((qy - py) * along) / (leg || 1)];
      along -= leg;
    }
    return points[points.length - 1];
  }
}

/** drive_to {place}: resolves the place (unknown places throw) and drives to its street point. */
export function startDriveTo(ctx: SkillContext, args: { place: string }): RoadFollowSkill {
  const target = resolveRobotTarget(ctx.env, ctx.id, args.place);
  return new RoadFollowSkill(ctx, 'drive_to', `drive_to ${target.place.name}`, target.point);
}

function wrap(angle: number): number {
  return Math.atan2(Math.sin(angle), Math.cos(angle));
}
