/** velocity: world-frame velocity for a drone, forward speed and turn rate for a robot. */
import { QUADROTOR_RUNGS, ROBOT_RUNGS } from '../../physics/index.ts';
import { rungNumber, verbArgs } from './verb-args.ts';
import type { VerbDefinition, VerbFieldDoc } from './verb-definition.ts';

const droneFields = QUADROTOR_RUNGS.velocity;
const robotFields = ROBOT_RUNGS.velocity;

export const VELOCITY_VERB: VerbDefinition = {
  name: 'velocity',
  rung: 'velocity',
  description: 'Hold a velocity: drone {vx, vy, vz, yaw_rate} in the world frame (x east, y north, z up); robot {v, w} forward speed and turn rate.',
  args: {
    drone: verbArgs(Object.fromEntries(droneFields.map((field) => [field.name, rungNumber(field)]))),
    robot: verbArgs(Object.fromEntries(robotFields.map((field) => [field.name, rungNumber(field)]))),
  },
  fields: [
    ...droneFields.map((field): VerbFieldDoc => ({
      name: field.name, kinds: ['drone'], type: 'number', required: true, unit: field.unit, accepted: `${field.min}..${field.max}`,
    })),
    ...robotFields.map((field): VerbFieldDoc => ({
      name: field.name, kinds: ['robot'], type: 'number', required: true, unit: field.unit, accepted: `${field.min}..${field.max}`,
    })),
  ],
  examples: { drone: { vx: 1, vy: 0, vz: 0.5, yaw_rate: 0 }, robot: { v: 1.2, w: 0.3 } },
};
