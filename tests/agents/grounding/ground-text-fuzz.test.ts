import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../../physics/index.ts';
import { AgentError, groundText, parseVerb, verbsFor } from '../../../agents/index.ts';
import { cityFacts, droneContext, robotContext } from './grounding-world.ts';

/** Words the rules react to, mixed with places, numbers, units and junk. */
const WORDS = [
  'fly', 'go', 'to', 'the', 'take', 'off', 'land', 'on', 'hover', 'for', 'wait', 'climb', 'by', 'descend', 'pick', 'up', 'drop', 'deliver',
  'follow', 'tell', 'say', 'that', 'then', 'and', ',', 'please', 'north', 'east', 'of', 'above', 'at', 'nearest', 'tallest', 'red', 'tower',
  'drone-2', 'robot-1', 'drone-9', 'parcel', 'parcel-3', 'it', 'm', 'km', 'ft', 's', 'min', '10', '0.5', '-3', '1e9', 'NaN', 'Infinity', 'ten',
  'home', 'stop', '{', '}', '"x":', '.', ';', 'Depot', '1', '2', 'St', ...cityFacts.streets.slice(0, 3), ...cityFacts.landmarks.slice(0, 3).map((b) => b.name!),
];

describe('grounding random word soup', () => {
  it('either grounds to valid verbs or throws an AgentError that names a field, for 2,000 seeded texts', () => {
    const rng = new SeededRng(2024);
    let grounded = 0;
    let refused = 0;
    for (let i = 0; i < 2000; i++) {
      const length = 1 + rng.int(9);
      const text = Array.from({ length }, () => WORDS[rng.int(WORDS.length)]).join(' ');
      const kind = rng.int(2) === 0 ? 'drone' : 'robot';
      const context = kind === 'drone' ? droneContext([500, 500, rng.uniform(0, 60)]) : robotContext([500, 500, 0]);
      try {
        const verbs = groundText(text, context);
        for (const verb of verbs) {
          expect(verbsFor(kind), text).toContain(verb.verb);
          expect(parseVerb(kind, verb.verb, verb.args), text).toEqual(verb);
        }
        grounded += 1;
      } catch (error) {
        if (!(error instanceof AgentError)) throw new Error(`"${text}" (${kind}) threw ${String(error)}`);
        expect(error.message.length, text).toBeGreaterThan(10);
        expect(error.details.field, text).toBeTruthy();
        refused += 1;
      }
    }
    expect(grounded + refused).toBe(2000);
    expect(grounded).toBeGreaterThan(20);
  });
});
