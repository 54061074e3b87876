/**
 * The rotor layout of the Crazyflie 2.x, the one table every part of Skyline reads: the
 * kernels' torque maps, the mixers (CPU and WGSL), the rigid-body quadrotors and the viewer.
 *
 * Body frame FLU (x forward, y left, z up). Rotor i of Skyline is the Crazyflie's motor M(i+1),
 * in the order of the firmware, of RLtools' Learning-to-Fly model (parameters/dynamics/
 * crazyflie.h: rotor_positions, rotor_torque_directions) and of gym-pybullet-drones' cf2x
 * (assets/cf2x.urdf prop0..prop3; BaseAviary._dynamics: z torque −k0 + k1 − k2 + k3).
 *
 * A rotor spinning counter-clockwise seen from above drags the air with it and pushes the body
 * the other way: its reaction torque points down (−z), so speeding up the two CCW rotors (M1,
 * M3) yaws the drone clockwise, and speeding up the two CW rotors (M2, M4) counter-clockwise.
 */
export interface QuadrotorRotor {
  /** The Crazyflie's name of the motor. */
  crazyflie: 'M1' | 'M2' | 'M3' | 'M4';
  /** Where it sits: 'front-right', ... */
  place: string;
  /** Sign of its body x and y offset (each of magnitude arm/√2 in an X frame). */
  x: 1 | -1;
  y: 1 | -1;
  /** Direction of spin seen from above. */
  spin: 'ccw' | 'cw';
  /** Sign of the reaction (yaw) torque about body +z per unit of its thrust: −1 for CCW, +1 for CW. */
  yawSign: 1 | -1;
}

export const QUADROTOR_ROTORS: readonly [QuadrotorRotor, QuadrotorRotor, QuadrotorRotor, QuadrotorRotor] = [
  { crazyflie: 'M1', place: 'front-right', x: 1, y: -1, spin: 'ccw', yawSign: -1 },
  { crazyflie: 'M2', place: 'back-right', x: -1, y: -1, spin: 'cw', yawSign: 1 },
  { crazyflie: 'M3', place: 'back-left', x: -1, y: 1, spin: 'ccw', yawSign: -1 },
  { crazyflie: 'M4', place: 'front-left', x: 1, y: 1, spin: 'cw', yawSign: 1 },
];

/** Body torque of rotor thrusts f (N) as signed sums: τx = armX·Σ y_i f_i, τy = −armX·Σ x_i f_i, τz = k·Σ s_i f_i. */
export function rotorTorqueSigns(): { roll: number[]; pitch: number[]; yaw: number[] } {
  return {
    roll: QUADROTOR_ROTORS.map((r) => r.y),
    pitch: QUADROTOR_ROTORS.map((r) => -r.x),
    yaw: QUADROTOR_ROTORS.map((r) => r.yawSign),
  };
}

/** `a·f0 + b·f1 + ...` written as `(±f0 ± f1 ...)` for the kernel program and WGSL, from signs and names. */
export function signedSumExpression(signs: readonly number[], names: readonly string[]): string {
  return '(' + signs.map((s, i) => `${i === 0 ? (s < 0 ? '-' : '') : s < 0 ? ' - ' : ' + '}${names[i]}`).join('') + ')';
}
