/**
 * From a grounded verb to a running skill. Throws AgentError when the verb cannot start
 * (unknown place, nothing to drop off, a crashed vehicle); `say` acts at once and returns null.
 */
import { AgentError, type GroundedVerb } from '../session/fleet-session-contract.ts';
import { DropOffSkill, startDropOff } from './drop-off-skill.ts';
import { startDriveTo } from './drive-to-skill.ts';
import { startFlyTo } from './fly-to-skill.ts';
import { FollowSkill } from './follow-skill.ts';
import { GotoSkill } from './goto-skill.ts';
import { HoverSkill } from './hover-skill.ts';
import { LandSkill } from './land-skill.ts';
import { LowLevelSkill, lowLevelCommand } from './low-level-skill.ts';
import { startPickUp } from './pick-up-skill.ts';
import { lookUpPlace } from './place-target.ts';
import type { Skill, SkillContext } from './skill.ts';
import { TakeoffSkill } from './takeoff-skill.ts';
import { WaitSkill } from './wait-skill.ts';

export const SKILL_VERBS = [
  'motors', 'wheels', 'rates', 'velocity', 'goto', 'takeoff', 'land', 'hover', 'fly_to', 'drive_to', 'pick_up', 'drop_off', 'follow', 'wait', 'say',
] as const;

/** Checks what can be checked before a verb's turn comes (places exist), so a queued sequence fails at act time. */
export function precheckVerb(ctx: SkillContext, grounded: GroundedVerb): void {
  const place = grounded.args.place;
  if (typeof place === 'string') lookUpPlace(ctx.env, place, ctx.env.vehicle(ctx.id).position, ctx.env.homeOf(ctx.id));
  if (grounded.verb === 'follow' && !ctx.env.hasVehicle(String(grounded.args.agent))) new FollowSkill(ctx, String(grounded.args.agent));
}

/** Starts the skill for `grounded` on the vehicle in `ctx`; null for verbs that act at once (say). */
export function startSkill(ctx: SkillContext, grounded: GroundedVerb): Skill | null {
  const { env, id } = ctx;
  const state = env.vehicle(id);
  if (state.status !== 'ok') {
    throw new AgentError('not_applicable', `${id} is ${state.status.replace(/_/g, ' ')} and cannot ${grounded.verb}`, { field: 'agent' });
  }
  const args = grounded.args as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- validated by the vocabulary
  switch (grounded.verb) {
    case 'motors': case 'rates': case 'velocity': case 'wheels':
      return new LowLevelSkill(ctx, grounded.verb, lowLevelCommand(state.kind, grounded.verb, args));
    case 'goto': return new GotoSkill(ctx, args as { x: number; y: number; z?: number });
    case 'takeoff': return new TakeoffSkill(ctx, args.altitude);
    case 'land': return new LandSkill(ctx);
    case 'hover': return new HoverSkill(ctx, args.s);
    case 'fly_to': return startFlyTo(ctx, args as { place: string; altitude?: number });
    case 'drive_to': return startDriveTo(ctx, args as { place: string });
    case 'pick_up': return startPickUp(ctx, args);
    case 'drop_off': return startDropOff(ctx, args) satisfies DropOffSkill;
    case 'follow': return new FollowSkill(ctx, args.agent, args.distance);
    case 'wait': return new WaitSkill(ctx, args.s);
    case 'say': {
      try {
        env.say(id, args.to ?? 'all', args.text);
      } catch (error) {
        throw new AgentError('invalid_args', `say: ${(error as Error).message}`, { field: 'to', known: ['all', ...env.vehicleIds()] });
      }
      return null;
    }
    default:
      throw new AgentError('unknown_verb', `verb: "${grounded.verb}" has no skill; accepted: ${SKILL_VERBS.join(', ')}`, { field: 'verb', known: [...SKILL_VERBS] });
  }
}
