/**
 * A skill: a verb that runs over many physics steps. It is started with the fleet world, the
 * vehicle and its grounded args; `update()` runs before every physics step, sets the vehicle's
 * low-level command and says whether the skill still runs, is done, or failed (with a reason).
 */
import type { FleetEnv, FleetEvent } from '../../sim/index.ts';

export type Vec3 = [number, number, number];

export type SkillStatus = { state: 'running' } | { state: 'done'; text?: string } | { state: 'failed'; reason: string };

export const RUNNING: SkillStatus = { state: 'running' };

export interface SkillContext {
  env: FleetEnv;
  /** The vehicle the skill commands. */
  id: string;
  /** Reports something mid-skill (progress) as a FleetEvent of this kind. */
  report(kind: string, text: string, data?: Record<string, unknown>): void;
}

export interface Skill {
  /** The verb ("fly_to"). */
  readonly verb: string;
  /** What viewers show ("fly_to Depot 2"). */
  readonly label: string;
  /** Where the vehicle is going, when it knows. */
  target(): Vec3 | null;
  /** Runs before each physics step. */
  update(): SkillStatus;
  /** Details for the skill_started event (route, altitude...). */
  startData?(): Record<string, unknown>;
}

/** A FleetEvent about a skill, stamped with the env's clock. */
export function skillEvent(env: FleetEnv, kind: string, agent: string, text: string, data?: Record<string, unknown>): FleetEvent {
  return { t: env.t, step: env.step, kind, agent, text, ...(data ? { data } : {}) };
}

export function failed(reason: string): SkillStatus {
  return { state: 'failed', reason };
}

export function done(text?: string): SkillStatus {
  return text === undefined ? { state: 'done' } : { state: 'done', text };
}

export function horizontalDistance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

export function distance3(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** The vehicle's crash status as a failure, or null while it is ok. */
export function crashFailure(env: FleetEnv, id: string): SkillStatus | null {
  const status = env.vehicle(id).status;
  return status === 'ok' ? null : failed(`${id} is ${status.replace(/_/g, ' ')}`);
}
