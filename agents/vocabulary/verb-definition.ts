/**
 * What one verb of the action vocabulary is: its name, the rung of the ladder it sits on, the
 * vehicle kinds it applies to, a one-line description, and a zod schema of its args per kind.
 */
import type { z } from 'zod';

export type VehicleKind = 'drone' | 'robot';
export const VEHICLE_KINDS: readonly VehicleKind[] = ['drone', 'robot'];

/** The rungs of the action ladder, lowest first. */
export type VerbRung = 'motors' | 'rates' | 'velocity' | 'waypoint' | 'semantic';

/** Limits that depend on the world rather than the vehicle (goto x/y, altitudes). */
export interface VerbWorldLimits {
  bounds: { minX: number; minY: number; maxX: number; maxY: number; ceiling?: number };
}

export interface VerbDefinition {
  name: string;
  rung: VerbRung;
  description: string;
  /** Args schema per vehicle kind; the kinds present are the kinds the verb applies to. */
  args: Partial<Record<VehicleKind, z.ZodType>>;
  /** Units and bounds of each argument, for documentation and error messages. */
  fields: readonly VerbFieldDoc[];
  /** A valid example of the args per kind (tests and docs use it). */
  examples: Partial<Record<VehicleKind, Record<string, unknown>>>;
  /** Extra checks against the world (goto inside the map); throws a message and the field. */
  checkWorld?: (kind: VehicleKind, args: Record<string, unknown>, limits: VerbWorldLimits) => { field: string; message: string } | null;
}

export interface VerbFieldDoc {
  name: string;
  kinds: readonly VehicleKind[];
  type: 'number' | 'string' | 'number[4]';
  required: boolean;
  unit: string;
  /** "0..1", "any place name", ... */
  accepted: string;
}

export function kindsOf(verb: VerbDefinition): VehicleKind[] {
  return VEHICLE_KINDS.filter((kind) => verb.args[kind] !== undefined);
}
