/** follow: keep station behind another agent. */
import { boundedNumber, nonEmptyText, verbArgs } from './verb-args.ts';
import type { VerbDefinition } from './verb-definition.ts';

export const FOLLOW_DISTANCE_METRES = { min: 1, max: 200, default: 5 } as const;

export const FOLLOW_VERB: VerbDefinition = {
  name: 'follow',
  rung: 'semantic',
  description: `Follow another agent, keeping a distance in metres (default ${FOLLOW_DISTANCE_METRES.default} m).`,
  args: {
    drone: verbArgs({
      agent: nonEmptyText('an agent id ("drone-2", "robot-1")', 64),
      distance: boundedNumber(FOLLOW_DISTANCE_METRES.min, FOLLOW_DISTANCE_METRES.max, 'm').optional(),
    }),
  },
  fields: [
    { name: 'agent', kinds: ['drone'], type: 'string', required: true, unit: '', accepted: 'an agent id' },
    { name: 'distance', kinds: ['drone'], type: 'number', required: false, unit: 'm', accepted: `${FOLLOW_DISTANCE_METRES.min}..${FOLLOW_DISTANCE_METRES.max}` },
  ],
  examples: { drone: { agent: 'drone-2', distance: 8 } },
};
