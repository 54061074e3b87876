/**
 * The lower rungs of the action ladder as numeric commands, four numbers per vehicle.
 * Bounds are part of the contract: commands outside them are rejected, not clipped, so a
 * policy bug shows up as an error instead of a silently different flight.
 */
export type QuadrotorRung = 'motors' | 'rates' | 'velocity' | 'goto';

export interface RungField {
  name: string;
  unit: string;
  min: number;
  max: number;
}

export const QUADROTOR_RUNGS: Readonly<Record<QuadrotorRung, readonly RungField[]>> = {
  motors: [0, 1, 2, 3].map((m) => ({ name: `m${m}`, unit: 'normalised motor speed', min: 0, max: 1 })),
  rates: [
    { name: 'thrust', unit: 'fraction of maximum collective thrust', min: 0, max: 1 },
    { name: 'p', unit: 'rad/s (body roll rate)', min: -10, max: 10 },
    { name: 'q', unit: 'rad/s (body pitch rate)', min: -10, max: 10 },
    { name: 'r', unit: 'rad/s (body yaw rate)', min: -10, max: 10 },
  ],
  velocity: [
    { name: 'vx', unit: 'm/s (world, east)', min: -8, max: 8 },
    { name: 'vy', unit: 'm/s (world, north)', min: -8, max: 8 },
    { name: 'vz', unit: 'm/s (world, up)', min: -4, max: 4 },
    { name: 'yaw_rate', unit: 'rad/s', min: -3.5, max: 3.5 },
  ],
  goto: [
    { name: 'x', unit: 'm (world, east)', min: -1e4, max: 1e4 },
    { name: 'y', unit: 'm (world, north)', min: -1e4, max: 1e4 },
    { name: 'z', unit: 'm (world, up)', min: 0, max: 1000 },
    { name: 'yaw', unit: 'rad', min: -Math.PI, max: Math.PI },
  ],
};

export const QUADROTOR_RUNG_NAMES = Object.keys(QUADROTOR_RUNGS) as QuadrotorRung[];

export type RobotRung = 'wheels' | 'velocity' | 'goto';

export const ROBOT_RUNGS: Readonly<Record<RobotRung, readonly RungField[]>> = {
  wheels: [
    { name: 'left', unit: 'fraction of maximum wheel speed', min: -1, max: 1 },
    { name: 'right', unit: 'fraction of maximum wheel speed', min: -1, max: 1 },
  ],
  velocity: [
    { name: 'v', unit: 'm/s (forward)', min: -3, max: 3 },
    { name: 'w', unit: 'rad/s (turn rate, left positive)', min: -4, max: 4 },
  ],
  goto: [
    { name: 'x', unit: 'm (world, east)', min: -1e4, max: 1e4 },
    { name: 'y', unit: 'm (world, north)', min: -1e4, max: 1e4 },
  ],
};

export function isQuadrotorRung(name: string): name is QuadrotorRung {
  return name in QUADROTOR_RUNGS;
}

/**
 * Checks a drone-major command array (`width` numbers per vehicle) against a rung's bounds and
 * throws a RangeError naming the first bad entry, the rule and what is accepted.
 */
export function validateRungCommands(
  label: string, rung: string, fields: readonly RungField[], commands: ArrayLike<number>, vehicles: number, width: number,
): void {
  const expected = vehicles * width;
  if (commands.length !== expected) {
    throw new RangeError(
      `${label}: expected ${vehicles} × ${width} = ${expected} numbers (one ${rung} command [${fields.map((f) => f.name).join(', ')}] per vehicle); got ${commands.length}`,
    );
  }
  for (let i = 0; i < vehicles; i++) {
    for (let j = 0; j < fields.length; j++) {
      const value = commands[i * width + j];
      const field = fields[j];
      if (!Number.isFinite(value)) {
        throw new RangeError(`${label}[${i * width + j}] (vehicle ${i}, ${rung}.${field.name}): ${value} is not a finite number; accepted: ${field.min}..${field.max} ${field.unit}`);
      }
      if (value < field.min || value > field.max) {
        throw new RangeError(`${label}[${i * width + j}] (vehicle ${i}, ${rung}.${field.name}): ${value} is out of range; accepted: ${field.min}..${field.max} ${field.unit}`);
      }
    }
  }
}
