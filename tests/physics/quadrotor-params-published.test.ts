/**
 * Every number of the two Crazyflie parameter sets equals the published value, digit for digit:
 * RLtools' Learning-to-Fly (rl-tools 9acdf5c, include/rl_tools/rl/environments/l2f/parameters/
 * dynamics/crazyflie.h) and gym-pybullet-drones (90b178a, gym_pybullet_drones/assets/cf2x.urdf,
 * envs/BaseAviary.py). The literals below are copied from those files.
 */
import { describe, expect, it } from 'vitest';
import {
  CF2X_PARAMS, CRAZYFLIE_L2F_PARAMS, QUADROTOR_KERNEL_PARAM as K, QUADROTOR_KERNEL_PARAM_SIZE, QUADROTOR_ROTORS, writeKernelParams,
} from '../../physics/index.ts';

describe('crazyflie-l2f: the values of crazyflie.h', () => {
  const p = CRAZYFLIE_L2F_PARAMS;
  it('mass: 0.027 + 0.0017 + 0.0003 + 0.0016 kg', () => expect(p.mass).toBe(0.027 + 0.0017 + 0.0003 + 0.0016));
  it('rotor positions: (±0.028, ±0.028, 0) m in the order of rotor_positions', () => {
    const offset = p.armLength / Math.SQRT2;
    expect(offset).toBe(0.028);
    expect(QUADROTOR_ROTORS.map((r) => [r.x * offset, r.y * offset])).toEqual([[0.028, -0.028], [-0.028, -0.028], [-0.028, 0.028], [0.028, 0.028]]);
  });
  it('rotor torque directions: −z, +z, −z, +z', () => expect(QUADROTOR_ROTORS.map((r) => r.yawSign)).toEqual([-1, 1, -1, 1]));
  it('thrust constants: {0.00352526, 0.01437313, 0.09223048}', () => expect(p.thrustCurve).toEqual({ c0: 0.00352526, c1: 0.01437313, c2: 0.09223048 }));
  it('torque constant: 4.665e-3', () => expect(p.yawTorquePerThrust).toBe(4.665e-3));
  it('rising time constant: 0.05545454545454546 s', () => expect(p.motorTimeConstant.rise).toBe(0.05545454545454546));
  it('falling time constant: 0.24939393939393945 s', () => expect(p.motorTimeConstant.fall).toBe(0.24939393939393945));
  it('gravity: 9.81 m/s²', () => expect(p.gravity).toBe(9.81));
  it('J: diag(9.416556729130406e-06, 9.644051701582312e-06, 1.745951732253285e-05) kg·m²', () => {
    expect(p.inertia).toEqual({ xx: 9.416556729130406e-6, yy: 9.644051701582312e-6, zz: 1.745951732253285e-5 });
  });
  it('J_inv as published (106195.93007988465, 103690.85846314249, 57275.35197719487) reaches the kernel rounded to f32', () => {
    const rows = new Float32Array(QUADROTOR_KERNEL_PARAM_SIZE);
    writeKernelParams(p, rows, 1, 0);
    expect(rows[K.invIxx]).toBe(Math.fround(106195.93007988465));
    expect(rows[K.invIyy]).toBe(Math.fround(103690.85846314249));
    expect(rows[K.invIzz]).toBe(Math.fround(57275.35197719487));
    expect(rows[K.armX]).toBe(Math.fround(0.028));
  });
  it('no drag, ground effect or downwash (that model has none)', () => {
    expect(p.drag).toEqual({ xy: 0, z: 0 });
    expect(p.groundEffect.enabled).toBe(false);
    expect(p.downwash.enabled).toBe(false);
  });
});

describe('cf2x: the values of cf2x.urdf and BaseAviary.py', () => {
  const p = CF2X_PARAMS;
  const G = 9.8, M = 0.027, KF = 3.16e-10, KM = 7.94e-12, THRUST2WEIGHT = 2.25;
  const MAX_RPM = Math.sqrt((THRUST2WEIGHT * G * M) / (4 * KF));
  const HOVER_RPM = Math.sqrt((G * M) / (4 * KF));
  it('mass: 0.027 kg', () => expect(p.mass).toBe(0.027));
  it('arm: 0.0397 m', () => expect(p.armLength).toBe(0.0397));
  it('kf: 3.16e-10 N/RPM²', () => expect(p.rpmModel!.kf).toBe(3.16e-10));
  it('km: 7.94e-12 N·m/RPM²', () => expect(p.rpmModel!.km).toBe(7.94e-12));
  it('thrust2weight 2.25 and G = 9.8: MAX_RPM = √(thrust2weight·G·M / 4kf), thrust kf·MAX_RPM² at full speed', () => {
    expect(p.gravity).toBe(G);
    expect(p.rpmModel!.maxRpm).toBe(MAX_RPM);
    expect(p.thrustCurve).toEqual({ c0: 0, c1: 0, c2: KF * MAX_RPM * MAX_RPM });
  });
  it('yaw torque km/kf per newton of thrust', () => expect(p.yawTorquePerThrust).toBe(KM / KF));
  it('inertia: ixx = iyy = 1.4e-5, izz = 2.17e-5 kg·m²', () => expect(p.inertia).toEqual({ xx: 1.4e-5, yy: 1.4e-5, zz: 2.17e-5 }));
  it('drag_coeff_xy 9.1785e-7 and drag_coeff_z 10.311e-7, times Σ 2π·rpm/60 at the hover speed', () => {
    const rotorSpeedSum = 4 * ((2 * Math.PI * HOVER_RPM) / 60);
    expect(p.drag.xy).toBe(9.1785e-7 * rotorSpeedSum);
    expect(p.drag.z).toBe(10.311e-7 * rotorSpeedSum);
  });
  it('gnd_eff_coeff 11.36859 and prop_radius 2.31348e-2, heights clipped at GND_EFF_H_CLIP', () => {
    expect(p.groundEffect.coefficient).toBe(11.36859);
    expect(p.groundEffect.propellerRadius).toBe(2.31348e-2);
    const MAX_THRUST = 4 * KF * MAX_RPM ** 2;
    const clip = 0.25 * 2.31348e-2 * Math.sqrt((15 * MAX_RPM ** 2 * KF * 11.36859) / MAX_THRUST);
    expect(p.groundEffect.minHeight).toBeCloseTo(clip, 15);
  });
  it('dw_coeff_1 2267.18, dw_coeff_2 .16, dw_coeff_3 −.11, within 10 m', () => {
    expect([p.downwash.c1, p.downwash.c2, p.downwash.c3, p.downwash.maxHorizontalDistance]).toEqual([2267.18, 0.16, -0.11, 10]);
    expect(p.downwash.propellerRadius).toBe(2.31348e-2);
  });
  it('rotor order prop0..prop3 at (0.028, −0.028), (−0.028, −0.028), (−0.028, 0.028), (0.028, 0.028): z torque −k0 + k1 − k2 + k3', () => {
    expect(QUADROTOR_ROTORS.map((r) => [r.x, r.y, r.yawSign])).toEqual([[1, -1, -1], [-1, -1, 1], [-1, 1, -1], [1, 1, 1]]);
  });
});
