/**
 * Building blocks of verb schemas: finite numbers within bounds, non-empty strings, whose
 * error messages say the rule and what is accepted (the verb registry adds the field path).
 */
import { z } from 'zod';
import type { RungField } from '../../physics/index.ts';

function shown(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value) ?? String(value);
}

/** A finite number in [min, max]; NaN, Infinity, strings and out-of-range values are refused with the bounds. */
export function boundedNumber(min: number, max: number, unit: string): z.ZodNumber {
  const accepted = `accepted: ${min}..${max} ${unit}`;
  return z
    .number({ error: (issue) => (issue.input === undefined ? `is required; ${accepted}` : `${shown(issue.input)} is not a finite number; ${accepted}`) })
    .min(min, { error: (issue) => `${shown(issue.input)} is out of range; ${accepted}` })
    .max(max, { error: (issue) => `${shown(issue.input)} is out of range; ${accepted}` })
    .describe(`${unit}, ${min}..${max}`);
}

/** A bounded number from one of physics' rung fields. */
export function rungNumber(field: RungField): z.ZodNumber {
  return boundedNumber(field.min, field.max, field.unit);
}

/** The rung field called `name`; a missing one is a programming error in the vocabulary. */
export function rungField(fields: readonly RungField[], name: string): RungField {
  const field = fields.find((candidate) => candidate.name === name);
  if (!field) throw new Error(`vocabulary: physics has no rung field "${name}" (has ${fields.map((f) => f.name).join(', ')})`);
  return field;
}

/** Text of 1..`maxLength` characters that is not only spaces. */
export function nonEmptyText(what: string, maxLength = 200): z.ZodString {
  return z
    .string({ error: (issue) => (issue.input === undefined ? `is required; accepted: ${what}` : `${shown(issue.input)} is not text; accepted: ${what}`) })
    .trim()
    .min(1, { error: `must not be empty; accepted: ${what}` })
    .max(maxLength, { error: `is longer than ${maxLength} characters; accepted: ${what}` })
    .describe(what);
}

/** An object that refuses unknown keys, naming them and the accepted ones. */
export function verbArgs<Shape extends z.ZodRawShape>(shape: Shape): z.ZodObject<Shape, z.core.$strict> {
  const accepted = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown argument${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}; accepted: ${accepted.length > 0 ? accepted.join(', ') : 'no arguments'}`
        : `args must be an object; accepted: {${accepted.join(', ')}}`,
  });
}

/** Seconds for wait and hover: up to an hour of simulated time. */
export const DURATION_SECONDS = { min: 0, max: 3600 } as const;
/** Altitudes for takeoff and fly_to: above the ground, below physics' goto ceiling. */
export const ALTITUDE_METRES = { min: 0.5, max: 1000 } as const;
