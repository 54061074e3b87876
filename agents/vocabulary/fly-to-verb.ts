/** fly_to: fly to a named place (climb to a safe altitude, cruise, descend onto it). */
import { ALTITUDE_METRES, boundedNumber, nonEmptyText, verbArgs } from './verb-args.ts';
import { altitudeBelowCeiling } from './altitude-check.ts';
import type { VerbDefinition } from './verb-definition.ts';

export const PLACE_TEXT = 'a place: a name ("Depot 2"), an address ("12 Elm St") or a description ("the tallest building")';

export const FLY_TO_VERB: VerbDefinition = {
  name: 'fly_to',
  rung: 'semantic',
  description: 'Fly to a place (name, address or description), cruising at a safe altitude, and land on it.',
  args: {
    drone: verbArgs({
      place: nonEmptyText(PLACE_TEXT),
      altitude: boundedNumber(ALTITUDE_METRES.min, ALTITUDE_METRES.max, 'm cruise altitude').optional(),
    }),
  },
  fields: [
    { name: 'place', kinds: ['drone'], type: 'string', required: true, unit: '', accepted: 'a place name, address or description' },
    { name: 'altitude', kinds: ['drone'], type: 'number', required: false, unit: 'm', accepted: `${ALTITUDE_METRES.min}..${ALTITUDE_METRES.max}, below the world ceiling` },
  ],
  examples: { drone: { place: 'Depot 2', altitude: 40 } },
  checkWorld: (_kind, args, limits) => altitudeBelowCeiling('altitude', args.altitude, limits),
};
