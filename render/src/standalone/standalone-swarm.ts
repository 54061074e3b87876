import {
  BatchArena, CF2X_PARAMS, QUADROTOR_CONTROLLER_STATE_SIZE, QUADROTOR_STATE as S, VEHICLE_STATUS, hoverMotorCommand, quadrotorArenaFields,
  rowStride, writeKernelParams, type QuadrotorArrays,
} from '../../../physics/index.ts';

/**
 * The standalone page's swarm, built the same way in the page and in its test's CPU reference:
 * `count` drones hovering on a square grid 2 m apart at 30 m over a low city, each with a goto target on a ring
 * around the grid's centre, so that the swarm visibly flows outward.
 */
export interface StandaloneSwarm {
  count: number;
  arrays: QuadrotorArrays;
  integral: Float32Array;
  /** goto commands, drone-major: x, y, z, yaw. */
  commands: Float32Array;
}

export const SWARM_SPACING = 2; // m
/** Above the standalone page's low city (its roofs stop at STANDALONE_CITY_MAX_HEIGHT). */
export const SWARM_HEIGHT = 30; // m
export const STANDALONE_CITY_MAX_HEIGHT = 22; // m

export function createStandaloneSwarm(count: number): StandaloneSwarm {
  if (!Number.isInteger(count) || count < 1 || count > 1 << 20) {
    throw new RangeError(`standalone swarm: drones = ${String(count)}; accepted: a whole number from 1 to ${1 << 20}`);
  }
  const stride = rowStride(count);
  const arena = BatchArena.create([...quadrotorArenaFields(count), { name: 'integral', kind: 'f32', length: QUADROTOR_CONTROLLER_STATE_SIZE * stride }], { shared: false });
  const arrays: QuadrotorArrays = {
    count, stride, state: arena.f32('quad.state'), params: arena.f32('quad.params'), motorCommand: arena.f32('quad.motorCommand'),
    externalForce: arena.f32('quad.externalForce'), status: arena.u8('quad.status'),
  };
  const side = Math.ceil(Math.sqrt(count)), centre = ((side - 1) * SWARM_SPACING) / 2;
  const hover = hoverMotorCommand(CF2X_PARAMS);
  const commands = new Float32Array(4 * count);
  for (let i = 0; i < stride; i++) {
    writeKernelParams(CF2X_PARAMS, arrays.params, stride, i);
    arrays.state[S.qw * stride + i] = 1;
    if (i >= count) {
      arrays.status[i] = VEHICLE_STATUS.inactive;
      continue;
    }
    const x = (i % side) * SWARM_SPACING - centre, y = Math.floor(i / side) * SWARM_SPACING - centre;
    arrays.state[S.px * stride + i] = x;
    arrays.state[S.py * stride + i] = y;
    arrays.state[S.pz * stride + i] = SWARM_HEIGHT;
    for (let m = 0; m < 4; m++) arrays.state[(S.r0 + m) * stride + i] = arrays.motorCommand[m * stride + i] = hover;
    // Each drone heads 4 m outward and 0..2 m up, turning halfway toward where it goes (never to ±π, where a yaw error's wrap may differ between f32 and f64).
    const heading = Math.atan2(y, x);
    commands[4 * i] = x + 4 * Math.cos(heading);
    commands[4 * i + 1] = y + 4 * Math.sin(heading);
    commands[4 * i + 2] = SWARM_HEIGHT + 2 * ((i * 7919) % 101) / 100;
    commands[4 * i + 3] = 0.5 * heading;
  }
  return { count, arrays, integral: arena.f32('integral'), commands };
}
