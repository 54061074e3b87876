/** land: descend onto whatever is below (ground, roof or pad) and stop the motors. */
import { verbArgs } from './verb-args.ts';
import type { VerbDefinition } from './verb-definition.ts';

export const LAND_VERB: VerbDefinition = {
  name: 'land',
  rung: 'semantic',
  description: 'Descend onto the surface below (ground, roof or pad) and stop the motors.',
  args: { drone: verbArgs({}) },
  fields: [],
  examples: { drone: {} },
};
