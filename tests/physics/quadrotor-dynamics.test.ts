import { describe, expect, it } from 'vitest';
import { CF2X_PARAMS, CRAZYFLIE_L2F_PARAMS, hoverMotorCommand, rotorThrust, type QuadrotorParams } from '../../physics/index.ts';
import { SingleDrone } from './quadrotor-test-rig.ts';

const noDrag = (params: QuadrotorParams): QuadrotorParams => ({ ...params, drag: { xy: 0, z: 0 } });

describe('quadrotor dynamics', () => {
  it('holds altitude at the hover motor command: |vertical acceleration| < 1e-3 m/s²', () => {
    for (const params of [CF2X_PARAMS, CRAZYFLIE_L2F_PARAMS]) {
      const drone = new SingleDrone(params);
      drone.step(1);
      const acceleration = drone.get('vz') / 0.01;
      expect(Math.abs(acceleration)).toBeLessThan(1e-3);
    }
  });

  it('puts the cf2x hover speed at √(mg / 4kf) RPM within 0.1 %', () => {
    const { kf, maxRpm } = CF2X_PARAMS.rpmModel!;
    const expected = Math.sqrt((CF2X_PARAMS.mass * CF2X_PARAMS.gravity) / (4 * kf));
    const hoverRpm = hoverMotorCommand(CF2X_PARAMS) * maxRpm;
    expect(Math.abs(hoverRpm - expected) / expected).toBeLessThan(1e-3);
    expect(hoverRpm).toBeGreaterThan(14000);
    expect(hoverRpm).toBeLessThan(15000);
  });

  it('gives the Learning-to-Fly thrust curve its published value at full speed', () => {
    expect(rotorThrust(CRAZYFLIE_L2F_PARAMS, 1)).toBeCloseTo(0.00352526 + 0.01437313 + 0.09223048, 10);
    expect(rotorThrust(CRAZYFLIE_L2F_PARAMS, 0)).toBeCloseTo(0.00352526, 10);
  });

  it('falls freely at g with the motors off and no drag: z(t) = z0 − g t²/2 within 0.1 %', () => {
    const drone = new SingleDrone(noDrag(CF2X_PARAMS), [0, 0, 100]);
    drone.setMotors(0);
    for (let m = 0; m < 4; m++) drone.set(`r${m}` as 'r0', 0);
    drone.step(200); // 2 s
    const fallen = 100 - drone.get('pz');
    const g = CF2X_PARAMS.gravity; // 9.8, gym-pybullet-drones' G
    const expected = 0.5 * g * 2 * 2;
    expect(Math.abs(fallen - expected) / expected).toBeLessThan(1e-3);
    expect(drone.get('vz')).toBeCloseTo(-g * 2, 2);
  });

  it('keeps the attitude quaternion unit over 100,000 steps of tumbling', () => {
    const drone = new SingleDrone({ ...noDrag(CF2X_PARAMS), crashSpeed: Infinity }, [0, 0, 1e6]);
    drone.setMotors(0.9, 0.3, 0.8, 0.2);
    drone.set('wx', 3);
    drone.set('wy', -2);
    let worst = 0;
    for (let k = 0; k < 100; k++) {
      drone.step(1000);
      const norm = Math.hypot(drone.get('qw'), drone.get('qx'), drone.get('qy'), drone.get('qz'));
      worst = Math.max(worst, Math.abs(norm - 1));
    }
    expect(worst).toBeLessThan(1e-6);
    expect(Math.abs(drone.get('wz'))).toBeGreaterThan(1); // it really spun
  });

  it('rolls, pitches and yaws with the right sign for each motor pair', () => {
    const hover = hoverMotorCommand(CF2X_PARAMS);
    const up = hover * 1.05, down = hover * 0.95;
    const after = (motors: number[]): SingleDrone => {
      const drone = new SingleDrone(CF2X_PARAMS, [0, 0, 10]);
      drone.setMotors(...motors);
      drone.step(10);
      return drone;
    };
    // Left rotors (2 back-left M3, 3 front-left M4) faster: left side up, positive roll rate about +x.
    const rollRight = after([down, down, up, up]);
    expect(rollRight.get('wx')).toBeGreaterThan(0.1);
    expect(Math.abs(rollRight.get('wy'))).toBeLessThan(1e-3);
    // Front rotors (0 front-right M1, 3 front-left M4) faster: nose up, a negative rate about +y (left).
    const noseUp = after([up, down, down, up]);
    expect(noseUp.get('wy')).toBeLessThan(-0.1);
    expect(Math.abs(noseUp.get('wx'))).toBeLessThan(1e-3);
    // Clockwise rotors (1 M2, 3 M4) faster: their reaction turns the body counter-clockwise (+z).
    const yawLeft = after([down, up, down, up]);
    expect(yawLeft.get('wz')).toBeGreaterThan(0.01);
    expect(Math.abs(yawLeft.get('wx')) + Math.abs(yawLeft.get('wy'))).toBeLessThan(1e-3);
    // A rolled drone accelerates sideways: left side up tilts thrust toward −y (to the right).
    rollRight.step(20);
    expect(rollRight.get('vy')).toBeLessThan(-0.01);
  });

  it('never goes below the ground, and a hard landing crashes it', () => {
    const gentle = new SingleDrone(CF2X_PARAMS, [0, 0, 0.05]);
    gentle.setMotors(hoverMotorCommand(CF2X_PARAMS) * 0.9);
    gentle.step(300);
    expect(gentle.get('pz')).toBe(0);
    expect(gentle.status).toBe(0);
    const hard = new SingleDrone(CF2X_PARAMS, [0, 0, 3]);
    hard.set('vz', -6);
    hard.setMotors(0);
    hard.step(100);
    expect(hard.get('pz')).toBe(0);
    expect(hard.status).toBe(1);
  });
});
