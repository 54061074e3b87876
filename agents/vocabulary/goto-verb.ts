/** goto: fly or drive to a point in world coordinates (the waypoint rung). */
import { QUADROTOR_RUNGS, ROBOT_RUNGS } from '../../physics/index.ts';
import { rungField, rungNumber, verbArgs } from './verb-args.ts';
import type { VerbDefinition, VerbWorldLimits } from './verb-definition.ts';

const droneX = rungField(QUADROTOR_RUNGS.goto, 'x');
const droneY = rungField(QUADROTOR_RUNGS.goto, 'y');
const droneZ = rungField(QUADROTOR_RUNGS.goto, 'z');
const robotX = rungField(ROBOT_RUNGS.goto, 'x');
const robotY = rungField(ROBOT_RUNGS.goto, 'y');

/** Physics bounds are generous; a point must also lie inside this world's map. */
function insideWorld(_kind: string, args: Record<string, unknown>, { bounds }: VerbWorldLimits): { field: string; message: string } | null {
  const x = args.x as number;
  const y = args.y as number;
  if (x < bounds.minX || x > bounds.maxX) return { field: 'x', message: `${x} is outside the world; accepted: ${bounds.minX}..${bounds.maxX} m (east)` };
  if (y < bounds.minY || y > bounds.maxY) return { field: 'y', message: `${y} is outside the world; accepted: ${bounds.minY}..${bounds.maxY} m (north)` };
  const z = args.z as number | undefined;
  if (z !== undefined && bounds.ceiling !== undefined && z > bounds.ceiling) {
    return { field: 'z', message: `${z} is above the world's ceiling; accepted: 0..${bounds.ceiling} m (up)` };
  }
  return null;
}

export const GOTO_VERB: VerbDefinition = {
  name: 'goto',
  rung: 'waypoint',
  description: 'Go to a point in metres, world frame (x east, y north, z up): drone {x, y, z}, robot {x, y}.',
  args: {
    drone: verbArgs({ x: rungNumber(droneX), y: rungNumber(droneY), z: rungNumber(droneZ) }),
    robot: verbArgs({ x: rungNumber(robotX), y: rungNumber(robotY) }),
  },
  fields: [
    { name: 'x', kinds: ['drone', 'robot'], type: 'number', required: true, unit: 'm (east)', accepted: 'inside the world bounds' },
    { name: 'y', kinds: ['drone', 'robot'], type: 'number', required: true, unit: 'm (north)', accepted: 'inside the world bounds' },
    { name: 'z', kinds: ['drone'], type: 'number', required: true, unit: 'm (up)', accepted: `${droneZ.min}..${droneZ.max}, below the world ceiling` },
  ],
  examples: { drone: { x: 10, y: -20, z: 30 }, robot: { x: 10, y: -20 } },
  checkWorld: insideWorld,
};
