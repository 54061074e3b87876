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
  armLength: number; // m, centre to rotor (the rotors sit at ±armLength/√2 on both body axes, see rotor-layout.ts)
  thrustCurve: { c0: number; c1: number; c2: number }; // N, of normalised motor speed
  yawTorquePerThrust: number; // N·m per N
  inertia: { xx: number; yy: number; zz: number }; // kg·m²
  motorTimeConstant: { rise: number; fall: number }; // s
  drag: { xy: number; z: number }; // N per m/s, linear
  gravity: number; // m/s²
  crashSpeed: number; // m/s, ground impact speed above which the drone is wrecked
  /** Per-rotor ground effect (gym-pybullet-drones' form): extra thrust f·k·(ρ/4h)² at rotor height h ≥ minHeight. */
  groundEffect: GroundEffectOption;
  /** Downwash of drones above (gym-pybullet-drones' form), applied by the batch from the previous step's positions. */
  downwash: DownwashOption;
  /** Controller gains that suit this airframe (slow motors need a slower attitude loop). */
  suggestedGains?: Partial<Record<'position' | 'velocity' | 'attitude' | 'rate', number>>;
  /** Present when the set was identified in RPM units: kf, km (per RPM²) and the top speed. */
  rpmModel?: { kf: number; km: number; maxRpm: number };
}

export interface GroundEffectOption {
  enabled: boolean;
  coefficient: number; // k, dimensionless
  propellerRadius: number; // ρ, m
  minHeight: number; // m, rotor heights are clipped here (the formula grows without bound at h → 0)
}

export interface DownwashOption {
  enabled: boolean;
  /** α = c1·(ρ/4Δz)² N, β = c2·Δz + c3 m; force −α·exp(−½(Δxy/β)²) along the lower drone's body z. */
  c1: number;
  c2: number;
  c3: number;
  propellerRadius: number; // ρ, m
  maxHorizontalDistance: number; // m, drones farther apart than this do not interact
}

/** gym-pybullet-drones BaseAviary.G: the gravity its cf2x constants (MAX_RPM, hover RPM) are computed with. */
const GYM_PYBULLET_DRONES_GRAVITY = 9.8;
/** RLtools L2F crazyflie.h: gravity {0, 0, −9.81}. */
const L2F_GRAVITY = 9.81;

/**
 * gym-pybullet-drones assets/cf2x.urdf <properties>: ground effect and downwash coefficients of the
 * Crazyflie 2.x (gnd_eff_coeff, prop_radius, dw_coeff_1..3); BaseAviary._groundEffect clips rotor
 * heights at GND_EFF_H_CLIP = ρ/4·√(15·MAX_RPM²·kf·k / MAX_THRUST) = ρ/4·√(15k/4).
 */
const CF2X_GROUND_EFFECT_COEFFICIENT = 11.36859;
const CF2X_PROPELLER_RADIUS = 2.31348e-2;
const CF2X_GROUND_EFFECT: GroundEffectOption = {
  enabled: false,
  coefficient: CF2X_GROUND_EFFECT_COEFFICIENT,
  propellerRadius: CF2X_PROPELLER_RADIUS,
  minHeight: 0.25 * CF2X_PROPELLER_RADIUS * Math.sqrt((15 * CF2X_GROUND_EFFECT_COEFFICIENT) / 4),
};
const CF2X_DOWNWASH: DownwashOption = {
  enabled: false,
  c1: 2267.18,
  c2: 0.16,
  c3: -0.11,
  propellerRadius: CF2X_PROPELLER_RADIUS,
  maxHorizontalDistance: 10,
};

/** Builds a parameter set from the classic model thrust = kf·rpm², yaw torque = km·rpm². */
function fromRpmModel(base: {
  name: string; mass: number; armLength: number; kf: number; km: number; thrustToWeight: number;
  inertia: QuadrotorParams['inertia']; motorTimeConstant: QuadrotorParams['motorTimeConstant'];
  dragPerRotorSpeed: QuadrotorParams['drag']; gravity: number;
}): QuadrotorParams {
  // BaseAviary: MAX_RPM = √(thrust2weight·G·M / 4kf), HOVER_RPM = √(G·M / 4kf).
  const maxRpm = Math.sqrt((base.thrustToWeight * base.gravity * base.mass) / (4 * base.kf));
  const hoverRpm = Math.sqrt((base.gravity * base.mass) / (4 * base.kf));
  // BaseAviary._drag: force = −drag_coeff · Σ(2π·rpm/60) · v, linearised at hover.
  const hoverRotorSpeedSum = 4 * ((2 * Math.PI * hoverRpm) / 60);
  return {
    name: base.name,
    mass: base.mass,
    armLength: base.armLength,
    thrustCurve: { c0: 0, c1: 0, c2: base.kf * maxRpm * maxRpm },
    yawTorquePerThrust: base.km / base.kf,
    inertia: base.inertia,
    motorTimeConstant: base.motorTimeConstant,
    drag: { xy: base.dragPerRotorSpeed.xy * hoverRotorSpeedSum, z: base.dragPerRotorSpeed.z * hoverRotorSpeedSum },
    gravity: base.gravity,
    crashSpeed: 3,
    groundEffect: CF2X_GROUND_EFFECT,
    downwash: CF2X_DOWNWASH,
    rpmModel: { kf: base.kf, km: base.km, maxRpm },
  };
}

/**
 * Crazyflie 2.x "cf2x" of gym-pybullet-drones (commit 90b178a, gym_pybullet_drones/assets/cf2x.urdf
 * and envs/BaseAviary.py): m = 0.027 kg, arm 0.0397 m, kf = 3.16e-10 N/RPM², km = 7.94e-12 N·m/RPM²,
 * thrust-to-weight 2.25, Ixx = Iyy = 1.4e-5, Izz = 2.17e-5 kg·m², G = 9.8 m/s². Drag: its
 * rotor-speed-proportional coefficients (xy 9.1785e-7, z 10.311e-7 N per m/s per rad/s of summed
 * rotor speed) linearised at the hover speed. Ground effect and downwash (its PYB_GND and
 * PYB_DW forms) are available and off by default, as in its default physics (Physics.PYB). gym-pybullet-drones has no motor lag: the 0.05 s time constant is Skyline's own
 * choice (near the Crazyflie's 0.055 s rising constant identified for Learning-to-Fly).
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
  dragPerRotorSpeed: { xy: 9.1785e-7, z: 10.311e-7 },
  gravity: GYM_PYBULLET_DRONES_GRAVITY,
});

/**
 * Crazyflie 2.1 as identified for RLtools' Learning-to-Fly (rl-tools commit 9acdf5c, include/rl_tools/
 * rl/environments/l2f/parameters/dynamics/crazyflie.h), every number as published there: mass
 * 0.027 + 0.0017 + 0.0003 + 0.0016 kg (take-off weight, SD-card deck, SD card, flow deck), rotors
 * at (±0.028, ±0.028) m, f = 0.00352526 + 0.01437313·r + 0.09223048·r² N, yaw torque 4.665e-3·f,
 * inertia diag(9.416556729130406e-6, 9.644051701582312e-6, 1.745951732253285e-5) kg·m², motor
 * time constants 0.05545454545454546 s rising and 0.24939393939393945 s falling, g = 9.81 m/s².
 * That model has no drag, no ground effect and no downwash; the last two can be switched on here
 * (with gym-pybullet-drones' Crazyflie coefficients) but are off by default.
 */
export const CRAZYFLIE_L2F_PARAMS: QuadrotorParams = {
  name: 'crazyflie-l2f',
  mass: 0.027 + 0.0017 + 0.0003 + 0.0016,
  armLength: 0.028 * Math.SQRT2,
  thrustCurve: { c0: 0.00352526, c1: 0.01437313, c2: 0.09223048 },
  yawTorquePerThrust: 4.665e-3,
  inertia: { xx: 9.416556729130406e-6, yy: 9.644051701582312e-6, zz: 1.745951732253285e-5 },
  motorTimeConstant: { rise: 0.05545454545454546, fall: 0.24939393939393945 },
  drag: { xy: 0, z: 0 },
  gravity: L2F_GRAVITY,
  crashSpeed: 3,
  groundEffect: { ...CF2X_GROUND_EFFECT, enabled: false },
  downwash: { ...CF2X_DOWNWASH, enabled: false },
  // Its 0.25 s falling motor constant cannot follow the cf2x rate loop; tuned on a 2 m goto step.
  suggestedGains: { rate: 10, attitude: 4, velocity: 3, position: 1.2 },
};

export const QUADROTOR_PARAM_SETS: Readonly<Record<string, QuadrotorParams>> = {
  cf2x: CF2X_PARAMS,
  'crazyflie-l2f': CRAZYFLIE_L2F_PARAMS,
};

/** Options a parameter set name may add: `cf2x+ground-effect+downwash`. */
export const QUADROTOR_AERODYNAMIC_OPTIONS = ['ground-effect', 'downwash'] as const;

/**
 * A parameter set by name, with optional aerodynamics switched on by suffixes: `crazyflie-l2f`,
 * `cf2x+ground-effect`, `crazyflie-l2f+ground-effect+downwash`.
 */
export function quadrotorParamsByName(name: string): QuadrotorParams {
  const [base, ...options] = String(name).split('+');
  const params = QUADROTOR_PARAM_SETS[base];
  if (!params) {
    throw new RangeError(`unknown quadrotor parameter set "${name}"; accepted: ${Object.keys(QUADROTOR_PARAM_SETS).join(', ')}, each optionally followed by ${QUADROTOR_AERODYNAMIC_OPTIONS.map((o) => `+${o}`).join(' and ')}`);
  }
  for (const option of options) {
    if (!(QUADROTOR_AERODYNAMIC_OPTIONS as readonly string[]).includes(option) || options.indexOf(option) !== options.lastIndexOf(option)) {
      throw new RangeError(`quadrotor parameter set "${name}": option "+${option}" is unknown or repeated; accepted: ${QUADROTOR_AERODYNAMIC_OPTIONS.map((o) => `+${o}`).join(', ')}`);
    }
  }
  if (options.length === 0) return params;
  return {
    ...params,
    name,
    groundEffect: { ...params.groundEffect, enabled: params.groundEffect.enabled || options.includes('ground-effect') },
    downwash: { ...params.downwash, enabled: params.downwash.enabled || options.includes('downwash') },
  };
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
  const ge = params.groundEffect;
  // k·ρ²/16, so the kernel's extra thrust is f·groundEffect/h²; zero switches it off (h stays ≥ minHeight > 0).
  set(K.groundEffect, ge.enabled ? (ge.coefficient * ge.propellerRadius * ge.propellerRadius) / 16 : 0);
  set(K.groundEffectMinHeight, ge.enabled ? ge.minHeight : 1);
  set(K.downwashThrust, 0);
}

export { QUADROTOR_KERNEL_PARAM_SIZE };
