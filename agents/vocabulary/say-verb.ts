/** say: send a message to another agent (or to everyone), delivered into its next observation. */
import { nonEmptyText, verbArgs } from './verb-args.ts';
import type { VerbDefinition } from './verb-definition.ts';

export const SAY_MAX_CHARACTERS = 500;
const args = verbArgs({
  to: nonEmptyText('an agent id ("robot-1"), or absent for everyone', 64).optional(),
  text: nonEmptyText('the message', SAY_MAX_CHARACTERS),
});

export const SAY_VERB: VerbDefinition = {
  name: 'say',
  rung: 'semantic',
  description: 'Say something to another agent (to = its id) or to everyone; it arrives in their next observation.',
  args: { drone: args, robot: args },
  fields: [
    { name: 'to', kinds: ['drone', 'robot'], type: 'string', required: false, unit: '', accepted: 'an agent id' },
    { name: 'text', kinds: ['drone', 'robot'], type: 'string', required: true, unit: '', accepted: `1..${SAY_MAX_CHARACTERS} characters` },
  ],
  examples: { drone: { to: 'robot-1', text: 'parcel-3 is at Depot 2' }, robot: { text: 'on my way' } },
};
