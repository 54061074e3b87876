/** Altitudes must stay below the world's ceiling when the world has one. */
import type { VerbWorldLimits } from './verb-definition.ts';

export function altitudeBelowCeiling(field: string, value: unknown, { bounds }: VerbWorldLimits): { field: string; message: string } | null {
  if (typeof value !== 'number' || bounds.ceiling === undefined || value <= bounds.ceiling) return null;
  return { field, message: `${value} is above the world's ceiling; accepted: up to ${bounds.ceiling} m` };
}
