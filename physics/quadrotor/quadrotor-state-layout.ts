/**
 * The one state layout of a quadrotor, shared by the CPU kernel, the WGSL kernel, the recorder
 * and the viewer. Arrays are structure-of-arrays, component-major: component c of drone i
 * lives at `c * count + i`, so a slice of drones is contiguous in every component.
 *
 * Frames: world ENU (x east, y north, z up); body FLU (x forward, y left, z up).
 * Rotors (X configuration, the Crazyflie's M1..M4, see rotor-layout.ts): 0 front-right (+x,−y) CCW,
 * 1 back-right (−x,−y) CW, 2 back-left (−x,+y) CCW, 3 front-left (+x,+y) CW, seen from above.
 */
export const QUADROTOR_STATE = {
  px: 0, py: 1, pz: 2, // position, m (world)
  vx: 3, vy: 4, vz: 5, // velocity, m/s (world)
  qw: 6, qx: 7, qy: 8, qz: 9, // attitude quaternion body→world (w, x, y, z)
  wx: 10, wy: 11, wz: 12, // angular velocity, rad/s (body)
  r0: 13, r1: 14, r2: 15, r3: 16, // motor speeds, normalised 0..1 of the maximum
} as const;
export const QUADROTOR_STATE_SIZE = 17;
export const QUADROTOR_STATE_NAMES = Object.keys(QUADROTOR_STATE) as (keyof typeof QUADROTOR_STATE)[];

/**
 * Derived per-drone parameters as the kernels read them (precomputed inverses and ratios so the
 * inner loop only multiplies). Built from a `QuadrotorParams` record by `deriveKernelParams`.
 */
export const QUADROTOR_KERNEL_PARAM = {
  invMass: 0,
  armX: 1, // rotor offset along each body axis, m (arm / √2 in an X frame)
  c0: 2, c1: 3, c2: 4, // thrust per rotor f(r) = c0 + c1 r + c2 r², N, r = normalised motor speed
  yawTorquePerThrust: 5, // N·m per N
  invIxx: 6, invIyy: 7, invIzz: 8,
  gyroX: 9, gyroY: 10, gyroZ: 11, // (Iyy−Izz)/Ixx, (Izz−Ixx)/Iyy, (Ixx−Iyy)/Izz
  invTauRise: 12, invTauFall: 13, // 1/s, motor lag when speeding up / slowing down
  dragXY: 14, dragZ: 15, // linear drag, N per m/s
  gravity: 16, // m/s²
  mass: 17, // kg (controllers need it)
  ixx: 18, iyy: 19, izz: 20, // kg·m² (controllers need them)
  crashSpeed: 21, // m/s: hitting the ground faster than this is a crash
  groundEffect: 22, // m², k·ρ²/16 of the per-rotor ground effect (0: off)
  groundEffectMinHeight: 23, // m, rotor heights are clipped here
  downwashThrust: 24, // N along body z from the drones above (downwash.ts writes it each step; 0: none)
} as const;
export const QUADROTOR_KERNEL_PARAM_SIZE = 25;

/** Why a vehicle stopped. 0 means it is flying (or driving). */
export const VEHICLE_STATUS = {
  ok: 0,
  crashedGround: 1, // hit the ground too hard or tipped over
  crashedBuilding: 2, // hit a building (set by the world layer above)
  outOfBounds: 3, // left the world (set by the world layer above)
  crashedVehicle: 4, // hit another vehicle
  inactive: 5, // a padding slot of the SIMD width, or a vehicle taken out of play
} as const;
export type VehicleStatusCode = (typeof VEHICLE_STATUS)[keyof typeof VEHICLE_STATUS];
export const VEHICLE_STATUS_NAMES: Record<number, string> = {
  0: 'ok',
  1: 'crashed_ground',
  2: 'crashed_building',
  3: 'out_of_bounds',
  4: 'crashed_vehicle',
  5: 'inactive',
};
