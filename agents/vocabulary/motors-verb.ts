/** motors: the lowest drone rung, four normalised motor speeds. */
import { z } from 'zod';
import { QUADROTOR_RUNGS } from '../../physics/index.ts';
import { rungNumber, verbArgs } from './verb-args.ts';
import type { VerbDefinition } from './verb-definition.ts';

const motor = QUADROTOR_RUNGS.motors[0];

export const MOTORS_VERB: VerbDefinition = {
  name: 'motors',
  rung: 'motors',
  description: 'Set the four motor speeds directly (normalised 0..1; about 0.5 to 0.6 hovers).',
  args: {
    drone: verbArgs({
      values: z
        .array(rungNumber(motor), { error: `must be an array of 4 numbers; accepted: 4 × ${motor.min}..${motor.max} (${motor.unit})` })
        .length(4, { error: `must hold exactly 4 numbers; accepted: 4 × ${motor.min}..${motor.max} (${motor.unit})` })
        .describe(`4 × ${motor.unit}, ${motor.min}..${motor.max}`),
    }),
  },
  fields: [{ name: 'values', kinds: ['drone'], type: 'number[4]', required: true, unit: motor.unit, accepted: `4 × ${motor.min}..${motor.max}` }],
  examples: { drone: { values: [0.55, 0.55, 0.55, 0.55] } },
};
