/** motors: the lowest drone rung, four normalised motor speeds. */
import { z } from 'zod';
import { QUADROTOR_RUNGS } from '../../physics/index.ts';
import { rungNumber, verbArgs } from './verb-args.ts';
import type { VerbDefinition } from './verb-definition.ts';

const motor = QUADROTOR_RUNGS.motors[0];

export const MOTORS_VERB: VerbDefinition = {
  name: 'motors',
  rung: 'motors',
  description: 'Set the four motor speeds directly, in the Crazyflie 2.x order M1 front-right, M2 back-right, M3 back-left, M4 front-left (normalised 0..1; cf2x hovers at about 0.67, crazyflie-l2f at 0.81).',
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
