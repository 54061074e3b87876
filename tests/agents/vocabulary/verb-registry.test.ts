import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { AgentError } from '../../../agents/index.ts';
import {
  VERBS, VERB_NAMES, openAiToolDefinitions, parseVerb, verbsFor, vocabularyJsonSchema, vocabularyList,
} from '../../../agents/vocabulary/verb-registry.ts';
import { kindsOf, type VehicleKind } from '../../../agents/vocabulary/verb-definition.ts';

/** The AgentError a call throws (fails the test when it does not throw one). */
function agentErrorOf(call: () => unknown): AgentError {
  try {
    call();
  } catch (error) {
    if (error instanceof AgentError) return error;
    throw error;
  }
  throw new Error('expected an AgentError, but the call returned');
}

/** One numeric field per verb and kind to break, with a value past its upper bound. */
const NUMERIC_FIELDS: Record<string, Partial<Record<VehicleKind, { field: string; tooBig: number }>>> = {
  motors: { drone: { field: 'values[0]', tooBig: 1.5 } },
  wheels: { robot: { field: 'left', tooBig: 2 } },
  rates: { drone: { field: 'p', tooBig: 11 } },
  velocity: { drone: { field: 'vx', tooBig: 9 }, robot: { field: 'v', tooBig: 3.5 } },
  goto: { drone: { field: 'z', tooBig: 1001 }, robot: { field: 'x', tooBig: 2e4 } },
  takeoff: { drone: { field: 'altitude', tooBig: 5000 } },
  hover: { drone: { field: 's', tooBig: 4000 } },
  fly_to: { drone: { field: 'altitude', tooBig: 5000 } },
  follow: { drone: { field: 'distance', tooBig: 500 } },
  wait: { drone: { field: 's', tooBig: 4000 }, robot: { field: 's', tooBig: 4000 } },
};

/** Writes `value` at a path like "values[0]" or "vx" in a copy of args. */
function withField(args: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(args);
  const indexed = /^(\w+)\[(\d+)\]$/.exec(path);
  if (indexed) (copy[indexed[1]] as unknown[])[Number(indexed[2])] = value;
  else copy[path] = value;
  return copy;
}

describe('the verb registry', () => {
  it('holds the fifteen verbs of the ladder, each with a description, a rung and at least one kind', () => {
    expect(VERB_NAMES).toEqual([
      'motors', 'wheels', 'rates', 'velocity', 'goto', 'takeoff', 'land', 'hover', 'fly_to', 'drive_to', 'pick_up', 'drop_off', 'follow', 'wait', 'say',
    ]);
    for (const verb of VERBS) {
      expect(verb.description.length, verb.name).toBeGreaterThan(20);
      expect(kindsOf(verb).length, verb.name).toBeGreaterThan(0);
    }
    expect(verbsFor('drone')).toEqual(['motors', 'rates', 'velocity', 'goto', 'takeoff', 'land', 'hover', 'fly_to', 'pick_up', 'drop_off', 'follow', 'wait', 'say']);
    expect(verbsFor('robot')).toEqual(['wheels', 'velocity', 'goto', 'drive_to', 'pick_up', 'drop_off', 'wait', 'say']);
  });

  for (const verb of VERBS) {
    for (const kind of kindsOf(verb)) {
      it(`accepts the example args of ${verb.name} for a ${kind} and returns them parsed`, () => {
        const example = verb.examples[kind];
        expect(example, `${verb.name} has an example for a ${kind}`).toBeDefined();
        expect(parseVerb(kind, verb.name, example)).toEqual({ verb: verb.name, args: example });
      });
      const numeric = NUMERIC_FIELDS[verb.name]?.[kind];
      if (numeric) {
        it(`rejects NaN, Infinity, a string and an out-of-range ${numeric.field} for ${verb.name} (${kind}), naming the field`, () => {
          const example = verb.examples[kind]!;
          for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, '3', numeric.tooBig]) {
            const error = agentErrorOf(() => parseVerb(kind, verb.name, withField(example, numeric.field, bad)));
            expect(error.code).toBe('invalid_args');
            expect(error.details.field).toBe(numeric.field);
            expect(error.message).toContain(`${verb.name}.${numeric.field}`);
            expect(error.message).toMatch(/accepted: -?[\d.e+]+\.\.[\d.e+]+/);
          }
        });
      }
    }
  }

  it('names each numeric field of every verb in the table above', () => {
    const withNumbers = VERBS.filter((verb) => verb.fields.some((field) => field.type !== 'string')).map((verb) => verb.name);
    expect(Object.keys(NUMERIC_FIELDS).sort()).toEqual(withNumbers.sort());
  });

  it('refuses a missing required argument and an unknown argument by name', () => {
    const missing = agentErrorOf(() => parseVerb('drone', 'fly_to', { altitude: 30 }));
    expect([missing.code, missing.details.field]).toEqual(['invalid_args', 'place']);
    expect(missing.message).toContain('is required');
    const unknown = agentErrorOf(() => parseVerb('drone', 'fly_to', { place: 'Depot 1', altitud: 30 }));
    expect([unknown.code, unknown.details.field]).toEqual(['invalid_args', 'altitud']);
    expect(unknown.message).toContain('accepted: place, altitude');
    const wrongLength = agentErrorOf(() => parseVerb('drone', 'motors', { values: [0.5, 0.5, 0.5] }));
    expect(wrongLength.details.field).toBe('values');
    const empty = agentErrorOf(() => parseVerb('robot', 'say', { text: '   ' }));
    expect([empty.details.field, empty.message]).toEqual(['text', 'say.text: must not be empty; accepted: the message']);
  });

  it('treats absent args as no args and reads "Fly-To" and "flyTo" as fly_to', () => {
    expect(parseVerb('drone', 'land', undefined)).toEqual({ verb: 'land', args: {} });
    expect(parseVerb('drone', 'Fly-To', { place: 'Depot 1' }).verb).toBe('fly_to');
    expect(parseVerb('drone', 'flyTo', { place: 'Depot 1' }).verb).toBe('fly_to');
  });

  it('lists the verbs of the kind and the closest ones for an unknown verb ("fly_too" → fly_to)', () => {
    const error = agentErrorOf(() => parseVerb('drone', 'fly_too', { place: 'Depot 1' }));
    expect(error.code).toBe('unknown_verb');
    expect(error.details.closest?.[0]).toBe('fly_to');
    expect(error.details.known).toEqual(verbsFor('drone'));
    expect(error.message).toContain('"fly_too" is not a verb; closest: fly_to');
    expect(agentErrorOf(() => parseVerb('robot', 'drive_tp', {})).details.closest?.[0]).toBe('drive_to');
    expect(agentErrorOf(() => parseVerb('drone', 'takeof', {})).details.closest?.[0]).toBe('takeoff');
  });

  it('says which kinds a verb applies to when the vehicle is of the other kind', () => {
    const wheels = agentErrorOf(() => parseVerb('drone', 'wheels', { left: 0, right: 0 }));
    expect(wheels.code).toBe('not_applicable');
    expect(wheels.message).toContain('wheels applies to a robot, not a drone');
    expect(wheels.details.closest).toEqual(['motors']);
    const flyTo = agentErrorOf(() => parseVerb('robot', 'fly_to', { place: 'Depot 1' }));
    expect([flyTo.code, flyTo.details.closest?.[0]]).toEqual(['not_applicable', 'drive_to']);
    const takeoff = agentErrorOf(() => parseVerb('robot', 'takeoff', {}));
    expect(takeoff.code).toBe('not_applicable');
    expect(takeoff.details.known).toEqual(verbsFor('robot'));
  });

  it('checks goto against the world bounds and altitudes against its ceiling when given them', () => {
    const limits = { bounds: { minX: -500, minY: -500, maxX: 500, maxY: 500, ceiling: 150 } };
    expect(parseVerb('drone', 'goto', { x: 499, y: -499, z: 150 }, limits).args).toEqual({ x: 499, y: -499, z: 150 });
    const outside = agentErrorOf(() => parseVerb('robot', 'goto', { x: 10, y: 600 }, limits));
    expect([outside.details.field, outside.message]).toEqual(['y', 'goto.y: 600 is outside the world; accepted: -500..500 m (north)']);
    const tooHigh = agentErrorOf(() => parseVerb('drone', 'takeoff', { altitude: 200 }, limits));
    expect([tooHigh.details.field, tooHigh.message]).toEqual(['altitude', "takeoff.altitude: 200 is above the world's ceiling; accepted: up to 150 m"]);
  });
});

describe('the published vocabulary', () => {
  it('matches the JSON Schema file shipped beside the code', () => {
    const shipped = JSON.parse(readFileSync(new URL('../../../agents/vocabulary/vocabulary.schema.json', import.meta.url), 'utf8'));
    expect(shipped).toEqual(vocabularyJsonSchema());
  });

  it('has one JSON Schema alternative per verb and kind, with the bounds of the physics rungs', () => {
    const schema = vocabularyJsonSchema() as { oneOf: { properties: { verb: { const: string }; args: Record<string, any> }; 'x-skyline-kind': string }[] };
    expect(schema.oneOf.length).toBe(VERBS.reduce((sum, verb) => sum + kindsOf(verb).length, 0));
    const droneVelocity = schema.oneOf.find((entry) => entry.properties.verb.const === 'velocity' && entry['x-skyline-kind'] === 'drone')!;
    expect(droneVelocity.properties.args.properties.vz).toMatchObject({ type: 'number', minimum: -4, maximum: 4 });
    expect(droneVelocity.properties.args.required).toEqual(['vx', 'vy', 'vz', 'yaw_rate']);
    expect(vocabularyList('robot').map((entry) => entry.verb)).toEqual(verbsFor('robot'));
  });

  it('publishes OpenAI tool definitions that survive a JSON round trip and describe object parameters', () => {
    for (const kind of [undefined, 'drone', 'robot'] as const) {
      const tools = openAiToolDefinitions(kind);
      expect(JSON.parse(JSON.stringify(tools))).toEqual(tools);
      expect(tools.length).toBe(kind === undefined ? VERBS.length : verbsFor(kind).length);
      for (const tool of tools) {
        expect(tool.type).toBe('function');
        expect(tool.function.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
        const parameters = tool.function.parameters as { type: string; properties: Record<string, { type?: string }>; required?: string[] };
        expect(parameters.type).toBe('object');
        for (const name of parameters.required ?? []) expect(Object.keys(parameters.properties)).toContain(name);
        for (const property of Object.values(parameters.properties)) expect(['number', 'string', 'array']).toContain(property.type);
      }
    }
    const goto = openAiToolDefinitions(undefined).find((tool) => tool.function.name === 'goto')!;
    expect((goto.function.parameters as { required: string[] }).required).toEqual(['x', 'y']);
    const withAgent = openAiToolDefinitions('robot', { agentIds: ['robot-1', 'robot-2'] })[0].function.parameters as any;
    expect(withAgent.properties.agent.enum).toEqual(['robot-1', 'robot-2']);
    expect(withAgent.required[0]).toBe('agent');
  });
});
