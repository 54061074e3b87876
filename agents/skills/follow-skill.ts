/** follow {agent, distance?}: keep `distance` metres from another vehicle, on the side the follower is on, at a safe height. */
import { AgentError } from '../session/fleet-session-contract.ts';
import { CRUISE_LIMITS, steerDroneTo } from './drone-guidance.ts';
import { RUNNING, crashFailure, failed, type Skill, type SkillContext, type SkillStatus, type Vec3 } from './skill.ts';

export const DEFAULT_FOLLOW_DISTANCE = 5; // m
const MIN_FOLLOW_ALTITUDE = 10; // m above the ground when following a robot

export class FollowSkill implements Skill {
  readonly verb = 'follow';
  readonly label: string;
  private point: Vec3;

  constructor(private readonly ctx: SkillContext, private readonly leader: string, private readonly distance = DEFAULT_FOLLOW_DISTANCE) {
    if (!ctx.env.hasVehicle(leader)) {
      const known = ctx.env.vehicleIds().filter((other) => other !== ctx.id);
      throw new AgentError('unknown_agent', `follow.agent: no agent is called "${leader}"; known: ${known.join(', ')}`, { field: 'agent', known });
    }
    if (leader === ctx.id) throw new AgentError('invalid_args', `follow.agent: ${ctx.id} cannot follow itself`, { field: 'agent' });
    this.label = `follow ${leader}`;
    this.point = [...ctx.env.vehicle(ctx.id).position];
  }

  target(): Vec3 {
    return [...this.point];
  }

  update(): SkillStatus {
    const { env, id } = this.ctx;
    const crash = crashFailure(env, id);
    if (crash) return crash;
    const other = env.vehicle(this.leader), me = env.vehicle(id);
    if (other.status !== 'ok') return failed(`${this.leader} is ${other.status.replace(/_/g, ' ')}`);
    const dx = me.position[0] - other.position[0], dy = me.position[1] - other.position[1];
    const away = Math.hypot(dx, dy) || 1;
    const z = other.kind === 'drone' ? other.position[2] : Math.max(me.position[2], MIN_FOLLOW_ALTITUDE);
    this.point = [other.position[0] + (dx / away) * this.distance, other.position[1] + (dy / away) * this.distance, z];
    steerDroneTo(env, id, this.point, CRUISE_LIMITS);
    return RUNNING;
  }
}
