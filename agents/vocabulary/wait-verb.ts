/** wait: do nothing new for a while (a drone hovers, a robot stands still). */
import { DURATION_SECONDS, boundedNumber, verbArgs } from './verb-args.ts';
import type { VerbDefinition } from './verb-definition.ts';

const args = verbArgs({ s: boundedNumber(DURATION_SECONDS.min, DURATION_SECONDS.max, 's') });

export const WAIT_VERB: VerbDefinition = {
  name: 'wait',
  rung: 'semantic',
  description: 'Wait s seconds where you are (a drone hovers or stays landed, a robot stands still).',
  args: { drone: args, robot: args },
  fields: [{ name: 's', kinds: ['drone', 'robot'], type: 'number', required: true, unit: 's', accepted: `${DURATION_SECONDS.min}..${DURATION_SECONDS.max}` }],
  examples: { drone: { s: 10 }, robot: { s: 3 } },
};
