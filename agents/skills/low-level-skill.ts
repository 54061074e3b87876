/**
 * The lower rungs as skills: motors, rates, velocity (drones and robots), wheels. The command is
 * set and held until another action replaces it; what it does to the vehicle is the caller's choice.
 */
import type { DroneCommand, RobotCommand } from '../../sim/index.ts';
import { RUNNING, crashFailure, type Skill, type SkillContext, type SkillStatus } from './skill.ts';

/** Turns a low-level verb's args into the env's command; args were validated by the vocabulary. */
export function lowLevelCommand(kind: 'drone' | 'robot', verb: string, args: Record<string, unknown>): DroneCommand | RobotCommand {
  const n = (key: string): number => Number(args[key]);
  switch (verb) {
    case 'motors': return { rung: 'motors', values: (args.values as number[]).slice(0, 4) as [number, number, number, number] };
    case 'rates': return { rung: 'rates', thrust: n('thrust'), p: n('p'), q: n('q'), r: n('r') };
    case 'wheels': return { rung: 'wheels', left: n('left'), right: n('right') };
    case 'velocity':
      return kind === 'drone' ? { rung: 'velocity', vx: n('vx'), vy: n('vy'), vz: n('vz'), yawRate: n('yaw_rate') } : { rung: 'velocity', v: n('v'), w: n('w') };
    default: throw new Error(`low-level skill: ${verb} is not a low-level verb`);
  }
}

export class LowLevelSkill implements Skill {
  readonly label: string;

  constructor(private readonly ctx: SkillContext, readonly verb: string, private readonly command: DroneCommand | RobotCommand) {
    this.label = verb;
    // Validates now, so a bad command is refused at act time rather than mid-step.
    ctx.env.setCommand(ctx.id, command);
  }

  target(): null {
    return null;
  }

  update(): SkillStatus {
    const crash = crashFailure(this.ctx.env, this.ctx.id);
    if (crash) return crash;
    this.ctx.env.setCommand(this.ctx.id, this.command);
    return RUNNING;
  }
}
