import { describe, expect, it } from 'vitest';
import { CF2X_PARAMS } from '../../physics/index.ts';
import { SingleDrone } from './quadrotor-test-rig.ts';

const distance = (a: number[], b: number[]): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe('quadrotor cascade controller', () => {
  it('holds a hover within 5 cm for 10 s after starting 1 m off the setpoint', () => {
    const target: [number, number, number, number] = [0, 0, 1.5, 0];
    const drone = new SingleDrone(CF2X_PARAMS, [0.6, -0.5, 1.5 + 0.624]); // |offset| = 1.0 m
    expect(distance(drone.position(), target)).toBeCloseTo(1, 2);
    for (let t = 0; t < 300; t++) drone.control('goto', target); // 3 s to settle
    let worst = 0;
    for (let t = 0; t < 1000; t++) {
      drone.control('goto', target);
      worst = Math.max(worst, distance(drone.position(), target));
    }
    expect(worst).toBeLessThan(0.05);
    expect(drone.status).toBe(0);
  });

  it('settles a 2 m goto step within 3 s with less than 15 % overshoot', () => {
    const drone = new SingleDrone(CF2X_PARAMS, [0, 0, 1]);
    const target: [number, number, number, number] = [2, 0, 1, 0];
    let peak = 0, settledAt = -1;
    for (let t = 0; t < 600; t++) {
      drone.control('goto', target);
      peak = Math.max(peak, drone.get('px'));
      const error = distance(drone.position(), target);
      if (error > 0.1) settledAt = -1; // 5 % band of the step
      else if (settledAt < 0) settledAt = (t + 1) * 0.01;
    }
    expect(settledAt).toBeGreaterThan(0);
    expect(settledAt).toBeLessThan(3);
    expect((peak - 2) / 2).toBeLessThan(0.15);
  });

  it('tracks a velocity command: 1 m/s east within 2 % after 2 s', () => {
    const drone = new SingleDrone(CF2X_PARAMS, [0, 0, 2]);
    for (let t = 0; t < 200; t++) drone.control('velocity', [1, 0, 0, 0]);
    expect(drone.get('vx')).toBeGreaterThan(0.98);
    expect(drone.get('vx')).toBeLessThan(1.02);
    expect(Math.abs(drone.get('pz') - 2)).toBeLessThan(0.05);
  });

  it('turns to a goto yaw of 1 rad', () => {
    const drone = new SingleDrone(CF2X_PARAMS, [0, 0, 1]);
    for (let t = 0; t < 400; t++) drone.control('goto', [0, 0, 1, 1]);
    const qw = drone.get('qw'), qx = drone.get('qx'), qy = drone.get('qy'), qz = drone.get('qz');
    const yaw = Math.atan2(2 * (qw * qz + qx * qy), 1 - 2 * (qy * qy + qz * qz));
    expect(yaw).toBeCloseTo(1, 1);
  });
});
