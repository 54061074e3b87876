/** drive_to: drive along the roads to a named place. */
import { nonEmptyText, verbArgs } from './verb-args.ts';
import { PLACE_TEXT } from './fly-to-verb.ts';
import type { VerbDefinition } from './verb-definition.ts';

export const DRIVE_TO_VERB: VerbDefinition = {
  name: 'drive_to',
  rung: 'semantic',
  description: 'Drive along the roads to a place (name, address or description) and stop at its door or yard.',
  args: { robot: verbArgs({ place: nonEmptyText(PLACE_TEXT) }) },
  fields: [{ name: 'place', kinds: ['robot'], type: 'string', required: true, unit: '', accepted: 'a place name, address or description' }],
  examples: { robot: { place: 'Depot 1' } },
};
