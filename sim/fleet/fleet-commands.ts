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
