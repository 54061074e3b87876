/**
 * Parameters of the city generator. Every field has a default, so `{}` is a valid request; the same
 * schema validates CLI flags, keyword rules and LLM proposals.
 */
import { z } from 'zod';
import { DistrictKindSchema } from './world-spec.ts';
import { formatValidationIssues, WorldValidationError } from './validation-errors.ts';

export const HeightProfileSchema = z.enum(['downtown', 'uniform', 'suburban']);

export const ALL_DISTRICT_KINDS = DistrictKindSchema.options;

export const GeneratorParamsSchema = z.strictObject({
  /** Side of the square city, metres. */
  size: z.number().min(300).max(8000).default(2000),
  /** 0 = sparse outskirts-like blocks, 1 = small blocks packed with buildings. */
  density: z.number().min(0).max(1).default(0.6),
  /** downtown: a tall core falling off to low outskirts; uniform: mid-rise everywhere; suburban: low-rise. */
  heightProfile: HeightProfileSchema.default('downtown'),
  /** Height of the tallest tower, metres. */
  maxHeight: z.number().min(20).max(600).default(220),
  /** Which district kinds the city may contain (rings around the centre, industry in a sector). */
  districts: z.array(DistrictKindSchema).min(1).default([...ALL_DISTRICT_KINDS]),
  depots: z.int().min(0).max(20).default(3),
  parks: z.int().min(0).max(40).default(4),
  rooftopPads: z.int().min(0).max(200).default(12),
  groundPads: z.int().min(0).max(200).default(6),
  noFlyZones: z.int().min(0).max(20).default(2),
  river: z.boolean().default(false),
  /** A diagonal boulevard that cuts across the street grid. */
  avenue: z.boolean().default(true),
  /** Mean wind speed at 10 m, m/s. */
  windSpeed: z.number().min(0).max(30).default(3),
  /** Direction the wind comes from, degrees clockwise from north. */
  windFromDeg: z.number().min(0).max(360).default(225),
  /** Gust strength relative to the mean speed (0 = steady). */
  gustiness: z.number().min(0).max(2).default(0.3),
});

export type GeneratorParams = z.output<typeof GeneratorParamsSchema>;
export type GeneratorParamsInput = z.input<typeof GeneratorParamsSchema>;
export type HeightProfile = z.infer<typeof HeightProfileSchema>;

/** Fills defaults and validates; throws WorldValidationError naming each bad field. */
export function parseGeneratorParams(input: unknown = {}): GeneratorParams {
  const result = GeneratorParamsSchema.safeParse(input ?? {});
  if (!result.success) throw new WorldValidationError('generator params', formatValidationIssues(result.error.issues, input));
  return result.data;
}

/** Density words accepted by the CLI and the prompt rules. */
export const DENSITY_BY_WORD: Readonly<Record<string, number>> = { sparse: 0.2, low: 0.3, medium: 0.6, high: 0.85, dense: 0.9 };
