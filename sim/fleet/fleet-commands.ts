import { FleetInputError } from './fleet-input-error.ts';

/**
 * What a fleet vehicle can be told to do on the numeric rungs of the action ladder. The semantic
 * verbs (fly_to, pick_up, ...) live in agents/ and end up as these commands or as FleetEnv calls.
 */
export type DroneCommand =
  | { rung: 'motors'; values: [number, number, number, number] }
  | { rung: 'rates'; thrust: number; p: number; q: number; r: number }
  | { rung: 'velocity'; vx: number; vy: number; vz: number; yawRate: number }
  | { rung: 'goto'; x: number; y: number; z: number; yaw?: number }
  /** Motors off: only sensible while landed (a drone in the air falls). */
  | { rung: 'idle' };

export type RobotCommand =
  | { rung: 'wheels'; left: number; right: number }
  | { rung: 'velocity'; v: number; w: number }
  | { rung: 'goto'; x: number; y: number }
  | { rung: 'idle' };

export type FleetCommand = DroneCommand | RobotCommand;

export const DRONE_COMMAND_RUNGS = ['motors', 'rates', 'velocity', 'goto', 'idle'] as const;
export const ROBOT_COMMAND_RUNGS = ['wheels', 'velocity', 'goto', 'idle'] as const;

/** A validated command as the controllers take it: a rung and up to four numbers. */
export interface NumericCommand {
  rung: string;
  values: [number, number, number, number];
}

type Bounds = readonly [name: string, min: number, max: number, unit: string];

// Same bounds as physics' QUADROTOR_RUNGS / ROBOT_RUNGS, keyed by the command's field names.
const DRONE_FIELDS: Record<string, readonly Bounds[]> = {
  rates: [['thrust', 0, 1, 'fraction of maximum collective thrust'], ['p', -10, 10, 'rad/s'], ['q', -10, 10, 'rad/s'], ['r', -10, 10, 'rad/s']],
  velocity: [['vx', -8, 8, 'm/s'], ['vy', -8, 8, 'm/s'], ['vz', -4, 4, 'm/s'], ['yawRate', -3.5, 3.5, 'rad/s']],
  goto: [['x', -1e4, 1e4, 'm'], ['y', -1e4, 1e4, 'm'], ['z', 0, 1000, 'm'], ['yaw', -Math.PI, Math.PI, 'rad (optional)']],
  idle: [],
};
const ROBOT_FIELDS: Record<string, readonly Bounds[]> = {
  wheels: [['left', -1, 1, 'fraction of maximum wheel speed'], ['right', -1, 1, 'fraction of maximum wheel speed']],
  velocity: [['v', -3, 3, 'm/s'], ['w', -4, 4, 'rad/s']],
  goto: [['x', -1e4, 1e4, 'm'], ['y', -1e4, 1e4, 'm']],
  idle: [],
};

/**
 * Checks a command for a vehicle of `kind` and returns its numbers; throws a RangeError naming
 * the vehicle, the field, the rule and what is accepted (a FleetInputError). `currentYaw` fills goto's optional yaw.
 */
export function validateFleetCommand(id: string, kind: 'drone' | 'robot', command: unknown, currentYaw: number): NumericCommand {
  const rungs: readonly string[] = kind === 'drone' ? DRONE_COMMAND_RUNGS : ROBOT_COMMAND_RUNGS;
  if (command === null || typeof command !== 'object' || Array.isArray(command)) {
    throw new FleetInputError(`${id}: command must be an object with a "rung" (${rungs.join(', ')}); got ${JSON.stringify(command)}`, 'command', [...rungs]);
  }
  const record = command as Record<string, unknown>;
  const rung = record.rung;
  if (typeof rung !== 'string' || !rungs.includes(rung)) {
    const other = kind === 'drone' ? ROBOT_COMMAND_RUNGS : DRONE_COMMAND_RUNGS;
    const hint = typeof rung === 'string' && (other as readonly string[]).includes(rung) ? ` ("${rung}" is a ${kind === 'drone' ? 'robot' : 'drone'} rung)` : '';
    throw new FleetInputError(`${id}: rung ${JSON.stringify(rung)} is not accepted for a ${kind}${hint}; accepted: ${rungs.join(', ')}`, 'rung', [...rungs]);
  }
  const values: [number, number, number, number] = [0, 0, 0, 0];
  if (rung === 'motors') {
    const motors = record.values;
    if (!Array.isArray(motors) || motors.length !== 4) {
      throw new FleetInputError(`${id}: motors.values must be 4 numbers in 0..1 (normalised motor speed); got ${JSON.stringify(motors)}`, 'motors.values');
    }
    motors.forEach((value, m) => {
      values[m] = checkNumber(id, `motors.values[${m}]`, value, ['m', 0, 1, 'normalised motor speed']);
    });
    return { rung, values };
  }
  const fields = (kind === 'drone' ? DRONE_FIELDS : ROBOT_FIELDS)[rung];
  fields.forEach((bounds, k) => {
    const raw = record[bounds[0]];
    if (rung === 'goto' && bounds[0] === 'yaw' && raw === undefined) values[k] = currentYaw;
    else values[k] = checkNumber(id, `${rung}.${bounds[0]}`, raw, bounds);
  });
  return { rung, values };
}

function checkNumber(id: string, field: string, value: unknown, [, min, max, unit]: Bounds): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    const shown = value === undefined ? 'missing' : typeof value === 'number' ? String(value) : JSON.stringify(value);
    throw new FleetInputError(`${id}: ${field} is ${shown}, not a finite number; accepted: ${min}..${max} ${unit}`, field);
  }
  if (value < min || value > max) throw new FleetInputError(`${id}: ${field} = ${value} is out of range; accepted: ${min}..${max} ${unit}`, field);
  return value;
}
