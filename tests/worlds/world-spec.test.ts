import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  WorldValidationError,
  formatJsonPath,
  parseWorldSpec,
  serializeWorldSpec,
  validateWorldSpec,
  worldSpecJsonSchema,
} from '../../worlds/index.ts';
import { city, specWithBuildings } from './world-fixtures.ts';

const schemaFile = fileURLToPath(new URL('../../worlds/world-spec.schema.json', import.meta.url));

function issuesOf(json: unknown): string[] {
  const result = validateWorldSpec(json);
  if (result.ok) throw new Error('expected the spec to be rejected');
  return result.issues;
}

describe('WorldSpec', () => {
  it('survives a round trip through JSON unchanged, byte for byte', () => {
    const spec = city(7);
    const text = serializeWorldSpec(spec);
    const parsed = parseWorldSpec(text);
    expect(parsed).toEqual(spec);
    expect(serializeWorldSpec(parsed)).toBe(text);
  });

  it('writes keys in schema order whatever order the object had', () => {
    const spec = specWithBuildings([{ minX: 10, minY: 20, maxX: 30, maxY: 40, height: 12 }]);
    const shuffled = Object.fromEntries(Object.entries(spec).reverse());
    const text = serializeWorldSpec(shuffled as typeof spec);
    expect(text.indexOf('"version"')).toBeLessThan(text.indexOf('"bounds"'));
    expect(text).toBe(serializeWorldSpec(spec));
    expect(text).toContain('{"id":0,"minX":10,"minY":20,"maxX":30,"maxY":40,"height":12,');
  });

  it('rounds numbers to millimetres when saving', () => {
    const spec = specWithBuildings([{ minX: 10.123456, minY: 20, maxX: 30, maxY: 40, height: 12.00049 }]);
    const text = serializeWorldSpec(spec);
    expect(text).toContain('"minX":10.123');
    expect(text).toContain('"height":12');
  });

  it('rejects a negative height naming the JSON path, the rule and the value', () => {
    const spec = city(7);
    const json = JSON.parse(serializeWorldSpec(spec));
    json.buildings[12].height = -3;
    expect(issuesOf(json)).toContain('buildings[12].height: must be > 0 (got -3)');
  });

  it('rejects wrong types, unknown keys, bad enums and bad versions with their paths', () => {
    const json = JSON.parse(serializeWorldSpec(specWithBuildings([{ minX: 0, minY: 20, maxX: 10, maxY: 30, height: 5 }])));
    json.version = 2;
    json.buildings[0].color = 'red';
    json.buildings[0].minX = 'zero';
    json.blocks[0].use = 'farm';
    json.extra = true;
    const issues = issuesOf(json);
    expect(issues).toContain('version: must be 1 (got 2)');
    expect(issues).toContain('buildings[0].minX: must be a number (got "zero")');
    expect(issues.some((line) => line.startsWith('buildings[0].color: must be a lowercase hex colour'))).toBe(true);
    expect(issues).toContain('blocks[0].use: must be one of "buildings", "park", "water" (got "farm")');
    expect(issues).toContain('(root): has unknown key(s) "extra"');
  });

  it('rejects broken cross-references and inverted boxes', () => {
    const json = JSON.parse(JSON.stringify(specWithBuildings([
      { minX: 0, minY: 20, maxX: 10, maxY: 30, height: 5 },
      { minX: 50, minY: 20, maxX: 40, maxY: 30, height: 5 },
    ])));
    json.buildings[0].address.street = 'Nowhere Rd';
    json.roadSegments[0].to = 9;
    json.buildings[1].id = 5;
    const issues = issuesOf(json);
    expect(issues).toContain('buildings[0].address.street: must name a street in streets (got "Nowhere Rd")');
    expect(issues).toContain('roadSegments[0].to: must reference an existing intersections id in [0, 1] (got 9)');
    expect(issues).toContain('buildings[1].id: must equal its position in buildings (1) (got 5)');
    expect(issues).toContain('buildings[1].maxX: must be > minX (50) (got 40)');
  });

  it('refuses to save an invalid world', () => {
    const spec = specWithBuildings([{ minX: 0, minY: 20, maxX: 10, maxY: 30, height: -1 }]);
    expect(() => serializeWorldSpec(spec)).toThrow('buildings[0].height: must be > 0 (got -1)');
  });

  it('reports invalid JSON text as such', () => {
    expect(() => parseWorldSpec('{"version": 1,')).toThrow(WorldValidationError);
    expect(issuesOf('{"version": 1,')[0]).toMatch(/^\(root\): must be valid JSON/);
  });

  it('formats JSON paths the way a reader writes them', () => {
    expect(formatJsonPath(['buildings', 12, 'address', 'street'])).toBe('buildings[12].address.street');
    expect(formatJsonPath([])).toBe('(root)');
  });

  it('ships a JSON Schema file that matches the zod schema (regenerate with: npx skyline world --schema > worlds/world-spec.schema.json)', () => {
    const shipped = JSON.parse(readFileSync(schemaFile, 'utf8'));
    expect(shipped).toEqual(worldSpecJsonSchema());
    expect(shipped.properties.buildings.items.required).toContain('address');
    expect(shipped.properties.buildings.items.properties.height.exclusiveMinimum).toBe(0);
  });
});
