/** hover: hold the current position, for a while or until the next command. */
import { DURATION_SECONDS, boundedNumber, verbArgs } from './verb-args.ts';
import type { VerbDefinition } from './verb-definition.ts';

export const HOVER_VERB: VerbDefinition = {
  name: 'hover',
  rung: 'semantic',
  description: 'Hold the current position for s seconds (or until the next command when s is absent).',
  args: { drone: verbArgs({ s: boundedNumber(DURATION_SECONDS.min, DURATION_SECONDS.max, 's').optional() }) },
  fields: [{ name: 's', kinds: ['drone'], type: 'number', required: false, unit: 's', accepted: `${DURATION_SECONDS.min}..${DURATION_SECONDS.max}` }],
  examples: { drone: { s: 5 } },
};
