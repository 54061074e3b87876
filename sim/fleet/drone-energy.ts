import { CF2X_PARAMS, hoverMotorCommand, rotorThrust } from '../../physics/index.ts';

/**
 * Electrical power of a quadrotor from its rotor thrusts, by momentum theory: a rotor of disc
 * area A making thrust T needs the induced power T^1.5 / √(2ρA); the motors, drivers and the
 * rotor's figure of merit lose the rest, folded into one overall efficiency η.
 *
 * Constants for a Crazyflie 2.x: 45 mm propellers; a 250 mAh, 3.7 V battery (0.925 Wh); and
 * Bitcraze's quoted flight time of about 7 minutes, from which η is derived so that a cf2x
 * hovering with no payload empties a full battery in exactly 7 minutes (η ≈ 0.14: brushed
 * coreless motors are inefficient).
 */
export const AIR_DENSITY = 1.225; // kg/m³, sea level
export const DRONE_ROTOR_RADIUS = 0.0225; // m
export const DRONE_BATTERY_WH = 0.925; // 250 mAh × 3.7 V
export const DRONE_HOVER_ENDURANCE_S = 7 * 60;
/** Depots swap or fast-charge batteries: a landed drone gains this share of capacity per second. */
export const DEPOT_CHARGE_PER_S = 1 / 60;

const INDUCED_POWER_FACTOR = 1 / Math.sqrt(2 * AIR_DENSITY * Math.PI * DRONE_ROTOR_RADIUS * DRONE_ROTOR_RADIUS);

/** Ideal induced power of four rotors at these thrusts, W. */
function idealPower(t0: number, t1: number, t2: number, t3: number): number {
  const p = (t: number): number => (t > 0 ? t * Math.sqrt(t) : 0);
  return (p(t0) + p(t1) + p(t2) + p(t3)) * INDUCED_POWER_FACTOR;
}

const HOVER_THRUST = rotorThrust(CF2X_PARAMS, hoverMotorCommand(CF2X_PARAMS));
/** Overall efficiency η, calibrated on a cf2x hover (see above). */
export const DRONE_POWER_EFFICIENCY =
  idealPower(HOVER_THRUST, HOVER_THRUST, HOVER_THRUST, HOVER_THRUST) / ((DRONE_BATTERY_WH * 3600) / DRONE_HOVER_ENDURANCE_S);

/** Electrical power drawn at these rotor thrusts (N each), W. */
export function droneElectricalPower(t0: number, t1: number, t2: number, t3: number): number {
  return idealPower(t0, t1, t2, t3) / DRONE_POWER_EFFICIENCY;
}

/**
 * Ground robots: a ~30 kg sidewalk robot has rolling resistance of about 0.03 × 300 N = 9 N,
 * i.e. 9 W per m/s at the wheels, about 20 W per m/s from the battery through a 45 % drivetrain,
 * plus 5 W for its computer and sensors. Its pack (about 1 kWh) outlasts any episode, so its
 * battery reads 1 and only the energy is counted.
 */
export const ROBOT_BASE_POWER_W = 5;
export const ROBOT_POWER_PER_SPEED_W = 20; // W per m/s

export function robotElectricalPower(speed: number): number {
  return ROBOT_BASE_POWER_W + ROBOT_POWER_PER_SPEED_W * Math.abs(speed);
}
