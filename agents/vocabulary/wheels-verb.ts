/** wheels: the lowest robot rung, left and right wheel speeds. */
import { ROBOT_RUNGS } from '../../physics/index.ts';
import { rungField, rungNumber, verbArgs } from './verb-args.ts';
import type { VerbDefinition } from './verb-definition.ts';

const left = rungField(ROBOT_RUNGS.wheels, 'left');
const right = rungField(ROBOT_RUNGS.wheels, 'right');

export const WHEELS_VERB: VerbDefinition = {
  name: 'wheels',
  rung: 'motors',
  description: 'Set the left and right wheel speeds directly (fractions of the maximum wheel speed, negative drives backwards).',
  args: { robot: verbArgs({ left: rungNumber(left), right: rungNumber(right) }) },
  fields: [
    { name: 'left', kinds: ['robot'], type: 'number', required: true, unit: left.unit, accepted: `${left.min}..${left.max}` },
    { name: 'right', kinds: ['robot'], type: 'number', required: true, unit: right.unit, accepted: `${right.min}..${right.max}` },
  ],
  examples: { robot: { left: 0.5, right: 0.4 } },
};
