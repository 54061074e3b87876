/** pick_up: load a parcel waiting where the vehicle stands. */
import { nonEmptyText, verbArgs } from './verb-args.ts';
import type { VerbDefinition } from './verb-definition.ts';

const args = verbArgs({ parcel: nonEmptyText('a parcel id ("parcel-3")', 64).optional() });

export const PICK_UP_VERB: VerbDefinition = {
  name: 'pick_up',
  rung: 'semantic',
  description: 'Pick up a parcel waiting here (the given parcel id, or the first one waiting).',
  args: { drone: args, robot: args },
  fields: [{ name: 'parcel', kinds: ['drone', 'robot'], type: 'string', required: false, unit: '', accepted: 'a parcel id' }],
  examples: { drone: { parcel: 'parcel-1' }, robot: {} },
};
