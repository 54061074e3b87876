/**
 * The skills of one vehicle: the running skill, the verbs queued after it (free text grounded
 * to a sequence), and the hold that takes over when nothing runs, so a drone nobody talks to
 * never falls. Reports skill_started / skill_progress / skill_done / skill_failed / skill_replaced.
 */
import type { FleetEnv, FleetEvent } from '../../sim/index.ts';
import type { GroundedVerb } from '../session/fleet-session-contract.ts';
import { HoldSkill } from './hold-skill.ts';
import { startSkill } from './skill-factory.ts';
import { skillEvent, type Skill, type SkillContext } from './skill.ts';

export class SkillRunner {
  private current: Skill | null = null;
  private queue: GroundedVerb[] = [];
  private hold: HoldSkill | null = null;
  readonly ctx: SkillContext;

  constructor(private readonly env: FleetEnv, readonly id: string, private readonly events: FleetEvent[]) {
    this.ctx = { env, id, report: (kind, text, data) => this.events.push(skillEvent(env, kind, id, text, data)) };
  }

  /** The running skill's label, or null while holding. */
  get skillLabel(): string | null {
    return this.current?.label ?? null;
  }

  get skillVerb(): string | null {
    return this.current?.verb ?? null;
  }

  get target(): [number, number, number] | null {
    return this.current?.target() ?? null;
  }

  /**
   * Replaces whatever runs with `verbs` run in order. The first one starts now, so its errors
   * (AgentError) reach the caller; returns the label of the skill now running, or null.
   */
  start(verbs: GroundedVerb[]): string | null {
    const [first, ...rest] = verbs;
    const previous = this.current;
    const skill = first ? startSkill(this.ctx, first) : null;
    if (previous) {
      this.ctx.report('skill_replaced', `${this.id}: ${previous.label} replaced by ${skill?.label ?? first?.verb ?? 'nothing'}`, { skill: previous.verb });
    }
    this.current = null;
    this.queue = rest;
    if (skill) this.begin(skill);
    else this.startNext();
    return this.current ? (this.current as Skill).label : null;
  }

  /** Runs before each physics step. */
  update(): void {
    const skill = this.current;
    if (!skill) {
      (this.hold ??= new HoldSkill(this.ctx)).update();
      return;
    }
    let status;
    try {
      status = skill.update();
    } catch (error) {
      status = { state: 'failed' as const, reason: error instanceof Error ? error.message : String(error) };
    }
    if (status.state === 'running') return;
    this.current = null;
    if (status.state === 'done') {
      this.ctx.report('skill_done', status.text ?? `${this.id}: ${skill.label} done`, { skill: skill.verb, label: skill.label });
      this.startNext();
    } else {
      this.ctx.report('skill_failed', `${this.id}: ${skill.label} failed: ${status.reason}`, { skill: skill.verb, label: skill.label, reason: status.reason });
      this.queue = [];
    }
    this.annotate();
    // The step must still command something: the next skill or the hold.
    if (this.current) this.update();
    else (this.hold = new HoldSkill(this.ctx)).update();
  }

  private begin(skill: Skill): void {
    this.current = skill;
    this.hold = null;
    this.ctx.report('skill_started', `${this.id}: ${skill.label}`, { skill: skill.verb, label: skill.label, ...(skill.startData?.() ?? {}) });
    this.annotate();
  }

  /** Starts queued verbs until one runs over steps; a queued verb that cannot start fails the rest. */
  private startNext(): void {
    while (this.queue.length > 0) {
      const next = this.queue.shift()!;
      try {
        const skill = startSkill(this.ctx, next);
        if (skill) {
          this.begin(skill);
          return;
        }
      } catch (error) {
        this.ctx.report('skill_failed', `${this.id}: ${next.verb} failed: ${error instanceof Error ? error.message : String(error)}`, { skill: next.verb });
        this.queue = [];
      }
    }
    this.hold = null;
    this.annotate();
  }

  private annotate(): void {
    this.env.setVehicleAnnotation(this.id, { skill: this.current?.label ?? null, target: this.current?.target() ?? null });
  }
}
