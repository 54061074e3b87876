/** takeoff: climb straight up from where the drone stands. */
import { ALTITUDE_METRES, boundedNumber, verbArgs } from './verb-args.ts';
import { altitudeBelowCeiling } from './altitude-check.ts';
import type { VerbDefinition } from './verb-definition.ts';

export const DEFAULT_TAKEOFF_ALTITUDE = 10;

export const TAKEOFF_VERB: VerbDefinition = {
  name: 'takeoff',
  rung: 'semantic',
  description: `Take off and climb to an altitude above the ground (default ${DEFAULT_TAKEOFF_ALTITUDE} m), then hover.`,
  args: { drone: verbArgs({ altitude: boundedNumber(ALTITUDE_METRES.min, ALTITUDE_METRES.max, 'm above ground').optional() }) },
  fields: [{ name: 'altitude', kinds: ['drone'], type: 'number', required: false, unit: 'm', accepted: `${ALTITUDE_METRES.min}..${ALTITUDE_METRES.max}, below the world ceiling` }],
  examples: { drone: { altitude: 20 } },
  checkWorld: (_kind, args, limits) => altitudeBelowCeiling('altitude', args.altitude, limits),
};
