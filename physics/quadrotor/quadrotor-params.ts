import { QUADROTOR_KERNEL_PARAM as K, QUADROTOR_KERNEL_PARAM_SIZE } from './quadrotor-state-layout.ts';

/**
 * Physical parameters of one quadrotor. The thrust of each rotor is a quadratic polynomial of
 * its normalised speed r ∈ [0, 1]: f = c0 + c1·r + c2·r². The classic `kf·ω²` model is the
 * special case c0 = c1 = 0, c2 = kf·ω_max² (see `fromRpmModel`). Yaw torque is proportional
 * to thrust (km/kf in the RPM model).
 */
export interface QuadrotorParams {
  name: string;
  mass: number; // kg
  armLength: number; // m, centre to rotor
  thrustCurve: { c0: number; c1: number; c2: number }; // N, of normalised motor speed
  yawTorquePerThrust: number; // N·m per N
  inertia: { xx: number; yy: number; zz: number }; // kg·m²
  motorTimeConstant: { rise: number; fall: number }; // s
  drag: { xy: number; z: number }; // N per m/s, linear
  gravity: number; // m/s²
  crashSpeed: number; // m/s, ground impact speed above which the drone is wrecked
  /** Controller gains that suit this airframe (slow motors need a slower attitude loop). */
  suggestedGains?: Partial<Record<'position' | 'velocity' | 'attitude' | 'rate', number>>;
  /** Present when the set was identified in RPM units: kf, km (per RPM²) and the top speed. */
  rpmModel?: { kf: number; km: number; maxRpm: number };
}

const GRAVITY = 9.81;

/** Builds a parameter set from the classic model thrust = kf·rpm², yaw torque = km·rpm². */
function fromRpmModel(base: {
  name: string; mass: number; armLength: number; kf: number; km: number; thrustToWeight: number;
  inertia: QuadrotorParams['inertia']; motorTimeConstant: QuadrotorParams['motorTimeConstant'];
  drag: QuadrotorParams['drag'];
}): QuadrotorParams {
  const maxRpm = Math.sqrt((base.thrustToWeight * base.mass * GRAVITY) / (4 * base.kf));
  return {
    name: base.name,
    mass: base.mass,
    armLength: base.armLength,
    thrustCurve: { c0: 0, c1: 0, c2: base.kf * maxRpm * maxRpm },
    yawTorquePerThrust: base.km / base.kf,
    inertia: base.inertia,
    motorTimeConstant: base.motorTimeConstant,
    drag: base.drag,
    gravity: GRAVITY,
    crashSpeed: 3,
    rpmModel: { kf: base.kf, km: base.km, maxRpm },
  };
}

/**
 * Crazyflie 2.x "cf2x" from gym-pybullet-drones (assets/cf2x.urdf): m = 0.027 kg,
 * arm 0.0397 m, kf = 3.16e-10 N/RPM², km = 7.94e-12 N·m/RPM², thrust-to-weight 2.25,
 * Ixx = Iyy = 1.4e-5, Izz = 2.17e-5 kg·m². Motor time constant 0.05 s, the rising constant
 * identified for the Crazyflie in RLtools' Learning-to-Fly model (0.055 s), rounded.
 * Drag: its rotor-speed-proportional coefficients (xy 9.1785e-7, z 10.311e-7 per rad/s of
 * summed rotor speed) linearised at hover (Σω ≈ 6,060 rad/s).
 */
export const CF2X_PARAMS: QuadrotorParams = fromRpmModel({
  name: 'cf2x',
  mass: 0.027,
  armLength: 0.0397,
  kf: 3.16e-10,
  km: 7.94e-12,
  thrustToWeight: 2.25,
  inertia: { xx: 1.4e-5, yy: 1.4e-5, zz: 2.17e-5 },
  motorTimeConstant: { rise: 0.05, fall: 0.05 },
  drag: { xy: 9.1785e-7 * 6060, z: 10.311e-7 * 6060 },
});

/**
 * Crazyflie as identified for RLtools' Learning-to-Fly (rl-tools include/rl_tools/rl/
 * environments/l2f/parameters/dynamics/crazyflie.h): mass 0.0306 kg, rotors at (±0.028, ±0.028) m,
 * f = 0.00352526 + 0.01437313·r + 0.09223048·r² N, yaw torque 4.665e-3·f,
 * inertia diag(9.4166e-6, 9.6441e-6, 1.7460e-5), motor time constants 0.05545 s rising and
 * 0.24939 s falling. That model has no aerodynamic drag.
 */
export const CRAZYFLIE_L2F_PARAMS: QuadrotorParams = {
  name: 'crazyflie-l2f',
  mass: 0.0306,
  armLength: 0.028 * Math.SQRT2,
  thrustCurve: { c0: 0.00352526, c1: 0.01437313, c2: 0.09223048 },
  yawTorquePerThrust: 4.665e-3,
  inertia: { xx: 9.4166e-6, yy: 9.6441e-6, zz: 1.746e-5 },
  motorTimeConstant: { rise: 0.05545, fall: 0.24939 },
  drag: { xy: 0, z: 0 },
  gravity: GRAVITY,
  crashSpeed: 3,
  // Its 0.25 s falling motor constant cannot follow the cf2x rate loop; tuned on a 2 m goto step.
  suggestedGains: { rate: 10, attitude: 4, velocity: 3, position: 1.2 },
};

export const QUADROTOR_PARAM_SETS: Readonly<Record<string, QuadrotorParams>> = {
  cf2x: CF2X_PARAMS,
  'crazyflie-l2f': CRAZYFLIE_L2F_PARAMS,
};

export function quadrotorParamsByName(name: string): QuadrotorParams {
  const params = QUADROTOR_PARAM_SETS[name];
  if (!params) {
    throw new RangeError(`unknown quadrotor parameter set "${name}"; accepted: ${Object.keys(QUADROTOR_PARAM_SETS).join(', ')}`);
  }
  return params;
}

/** Thrust of one rotor at normalised speed r, N. */
export function rotorThrust(params: QuadrotorParams, r: number): number {
  const { c0, c1, c2 } = params.thrustCurve;
  return c0 + (c1 + c2 * r) * r;
}

/** The normalised rotor speed whose thrust is f (inverse of the thrust curve), unclamped. */
export function rotorSpeedForThrust(c0: number, c1: number, c2: number, thrust: number): number {
  const disc = c1 * c1 + 4 * c2 * (thrust - c0);
  return disc <= 0 ? -c1 / (2 * c2) : (-c1 + Math.sqrt(disc)) / (2 * c2);
}

/** The motor command (normalised speed) at which four rotors carry the weight. */
export function hoverMotorCommand(params: QuadrotorParams): number {
  const { c0, c1, c2 } = params.thrustCurve;
  return rotorSpeedForThrust(c0, c1, c2, (params.mass * params.gravity) / 4);
}

/** Writes the kernel's derived parameters of drone `index` into a component-major array. */
export function writeKernelParams(params: QuadrotorParams, out: Float32Array, count: number, index: number): void {
  const { xx, yy, zz } = params.inertia;
  const set = (k: number, value: number): void => {
    out[k * count + index] = value;
  };
  set(K.invMass, 1 / params.mass);
  set(K.armX, params.armLength / Math.SQRT2);
  set(K.c0, params.thrustCurve.c0);
  set(K.c1, params.thrustCurve.c1);
  set(K.c2, params.thrustCurve.c2);
  set(K.yawTorquePerThrust, params.yawTorquePerThrust);
  set(K.invIxx, 1 / xx);
  set(K.invIyy, 1 / yy);
  set(K.invIzz, 1 / zz);
  set(K.gyroX, (yy - zz) / xx);
  set(K.gyroY, (zz - xx) / yy);
  set(K.gyroZ, (xx - yy) / zz);
  set(K.invTauRise, 1 / params.motorTimeConstant.rise);
  set(K.invTauFall, 1 / params.motorTimeConstant.fall);
  set(K.dragXY, params.drag.xy);
  set(K.dragZ, params.drag.z);
  set(K.gravity, params.gravity);
  set(K.mass, params.mass);
  set(K.ixx, xx);
  set(K.iyy, yy);
  set(K.izz, zz);
  set(K.crashSpeed, params.crashSpeed);
}

export { QUADROTOR_KERNEL_PARAM_SIZE };
