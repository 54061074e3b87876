/** drop_off: put the cargo down here, or go to a place first and put it down there. */
import { nonEmptyText, verbArgs } from './verb-args.ts';
import { PLACE_TEXT } from './fly-to-verb.ts';
import type { VerbDefinition } from './verb-definition.ts';

const args = verbArgs({ place: nonEmptyText(PLACE_TEXT).optional() });

export const DROP_OFF_VERB: VerbDefinition = {
  name: 'drop_off',
  rung: 'semantic',
  description: 'Drop off the carried parcel here, or at a place (travelling there first).',
  args: { drone: args, robot: args },
  fields: [{ name: 'place', kinds: ['drone', 'robot'], type: 'string', required: false, unit: '', accepted: 'a place name, address or description' }],
  examples: { drone: { place: 'Depot 1' }, robot: {} },
};
