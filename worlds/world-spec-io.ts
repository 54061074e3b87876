/**
 * Loading and saving WorldSpecs: `parseWorldSpec` validates, `serializeWorldSpec` writes stable bytes
 * (key order from the schema, numbers rounded to millimetres, one list item per line).
 */
import { z } from 'zod';
import { WorldSpecSchema, type WorldSpec } from './world-spec.ts';
import { formatValidationIssues, WorldValidationError } from './validation-errors.ts';

/** Validates a WorldSpec given as JSON text or as an already parsed value; throws WorldValidationError. */
export function parseWorldSpec(json: unknown): WorldSpec {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new WorldValidationError('WorldSpec', [`(root): must be valid JSON (${reason})`]);
    }
  }
  const result = WorldSpecSchema.safeParse(value);
  if (!result.success) throw new WorldValidationError('WorldSpec', formatValidationIssues(result.error.issues, value));
  return result.data;
}

/** Like parseWorldSpec, but returns the problems instead of throwing. */
export function validateWorldSpec(json: unknown): { ok: true; spec: WorldSpec } | { ok: false; issues: string[] } {
  try {
    return { ok: true, spec: parseWorldSpec(json) };
  } catch (error) {
    if (error instanceof WorldValidationError) return { ok: false, issues: [...error.issues] };
    throw error;
  }
}

/** Rounds to millimetres and turns -0 into 0, so equal worlds give equal bytes. */
export function roundForJson(value: number): number {
  if (Number.isInteger(value)) return value;
  return Math.round(value * 1000) / 1000 + 0;
}

function numberReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'number' ? roundForJson(value) : value;
}

/**
 * Stable JSON text of a WorldSpec: the schema fixes the key order, and each item of a top-level
 * list sits on its own line so that a diff between two cities stays readable.
 */
export function serializeWorldSpec(spec: WorldSpec): string {
  // Validating first means a broken world is never written, and fixes the key order.
  const ordered = parseWorldSpec(spec) as Record<string, unknown>;
  const lines: string[] = [];
  for (const [key, value] of Object.entries(ordered)) {
    if (value === undefined) continue;
    let text: string;
    if (Array.isArray(value) && value.length > 0) {
      const items = value.map((item) => `    ${JSON.stringify(item, numberReplacer)}`);
      text = `[\n${items.join(',\n')}\n  ]`;
    } else {
      text = JSON.stringify(value, numberReplacer);
    }
    lines.push(`  ${JSON.stringify(key)}: ${text}`);
  }
  return `{\n${lines.join(',\n')}\n}\n`;
}

/** The published JSON Schema of WorldSpec (draft 2020-12); worlds/world-spec.schema.json holds a copy. */
export function worldSpecJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(WorldSpecSchema, { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: 'https://skyline.dev/schemas/world-spec-v1.json',
    title: 'Skyline WorldSpec, version 1',
    description:
      'A procedurally generated city for embodied agents. World frame ENU (x east, y north, z up), SI units, south-west corner at (0, 0).',
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
}
