/** rates: collective thrust and body rates, the drone rung above motors. */
import { QUADROTOR_RUNGS } from '../../physics/index.ts';
import { rungNumber, verbArgs } from './verb-args.ts';
import type { VerbDefinition, VerbFieldDoc } from './verb-definition.ts';

const fields = QUADROTOR_RUNGS.rates;

export const RATES_VERB: VerbDefinition = {
  name: 'rates',
  rung: 'rates',
  description: 'Command collective thrust and body roll, pitch and yaw rates (the rate controller holds them).',
  args: { drone: verbArgs(Object.fromEntries(fields.map((field) => [field.name, rungNumber(field)]))) },
  fields: fields.map((field): VerbFieldDoc => ({
    name: field.name, kinds: ['drone'], type: 'number', required: true, unit: field.unit, accepted: `${field.min}..${field.max}`,
  })),
  examples: { drone: { thrust: 0.4, p: 0, q: 0.2, r: 0 } },
};
