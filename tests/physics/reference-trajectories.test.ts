/**
 * Skyline's CPU kernels against trajectories of the published models (RLtools' Learning-to-Fly
 * Crazyflie, gym-pybullet-drones' cf2x): hover, free fall, roll, pitch and yaw steps, ground effect,
 * and random setpoints from random states, 1 s each at dt = 0.01 s. The WebGPU backend replays the
 * same files in tests/gpu/quadrotor-gpu-reference.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  BatchArena, QUADROTOR_STATE_SIZE, VEHICLE_STATUS, createQuadrotorStepper, quadrotorArenaFields, writeKernelParams,
} from '../../physics/index.ts';
import { NO_ERROR, loadReferenceTrajectories, stateError, toleranceFor, worst, type ReferenceTrajectory, type TrajectoryError } from './reference-trajectory-fixtures.ts';

const DT = 0.01;
const trajectories = loadReferenceTrajectories();

/** Replays every trajectory at once, one drone each, and returns each one's worst error over its horizon. */
function replay(kernel: 'scalar' | 'wasm-simd', list: readonly ReferenceTrajectory[]): TrajectoryError[] {
  const count = list.length;
  const arena = BatchArena.create(quadrotorArenaFields(count), { shared: false });
  const stepper = createQuadrotorStepper(arena, count, { kernel });
  const { state, params, motorCommand, status, stride } = stepper.arrays;
  for (let i = 0; i < stride; i++) {
    writeKernelParams(list[Math.min(i, count - 1)].params, params, stride, i);
    status[i] = i < count ? VEHICLE_STATUS.ok : VEHICLE_STATUS.inactive;
    for (let c = 0; c < QUADROTOR_STATE_SIZE; c++) state[c * stride + i] = list[Math.min(i, count - 1)].initial[c];
  }
  const errors = list.map(() => NO_ERROR);
  const steps = list[0].commands.length;
  const row = new Float64Array(QUADROTOR_STATE_SIZE);
  for (let step = 0; step < steps; step++) {
    list.forEach((t, i) => t.commands[step].forEach((u, m) => (motorCommand[m * stride + i] = u)));
    stepper.step(0, count, DT);
    list.forEach((t, i) => {
      for (let c = 0; c < QUADROTOR_STATE_SIZE; c++) row[c] = state[c * stride + i];
      errors[i] = worst(errors[i], stateError(row, t.states[step]));
    });
  }
  return errors;
}

describe('reference trajectories of the published Crazyflie models', () => {
  it('has the fixtures: 8 of Learning-to-Fly and 8 of gym-pybullet-drones, 100 steps each', () => {
    expect(trajectories.filter((t) => t.name.startsWith('l2f-')).length).toBe(8);
    expect(trajectories.filter((t) => t.name.startsWith('cf2x-')).length).toBe(8);
    for (const t of trajectories) expect(t.states.length).toBe(100);
  });

  for (const kernel of ['scalar', 'wasm-simd'] as const) {
    it(`follows each of them for 1 s within its f32 tolerance (${kernel} kernel)`, () => {
      const errors = replay(kernel, trajectories);
      trajectories.forEach((t, i) => {
        const e = errors[i];
        console.log(`${kernel} ${t.name}: position ${e.position.toExponential(2)} m, attitude ${e.attitude.toExponential(2)} rad, velocity ${e.velocity.toExponential(2)} m/s, rates ${e.rate.toExponential(2)} rad/s, motors ${e.motor.toExponential(2)}`);
      });
      trajectories.forEach((t, i) => {
        const e = errors[i], tolerance = toleranceFor(t.name);
        expect(e.position, `${t.name} position`).toBeLessThan(tolerance.position);
        expect(e.attitude, `${t.name} attitude`).toBeLessThan(tolerance.attitude);
        expect(e.velocity, `${t.name} velocity`).toBeLessThan(tolerance.velocity);
        expect(e.rate, `${t.name} body rates`).toBeLessThan(tolerance.rate);
        expect(e.motor, `${t.name} motor speeds`).toBeLessThan(tolerance.motor);
      });
    });
  }

  it('moves in every fixture far beyond those tolerances, so agreement is not a drone at rest', () => {
    const moved = (t: ReferenceTrajectory): TrajectoryError => stateError(t.states[t.states.length - 1], t.initial);
    for (const t of trajectories.filter((x) => !x.name.endsWith('hover'))) {
      const m = moved(t);
      expect(Math.max(m.position, m.attitude), t.name).toBeGreaterThan(0.01);
    }
    // The yaw steps turn counter-clockwise seen from above in both published models.
    const yaw = (q: readonly number[]): number => Math.atan2(2 * (q[6] * q[9] + q[7] * q[8]), 1 - 2 * (q[8] * q[8] + q[9] * q[9]));
    for (const name of ['l2f-yaw-step', 'cf2x-yaw-step']) {
      const { states } = trajectories.find((t) => t.name === name)!;
      expect(yaw(states[19]), name).toBeGreaterThan(0.01);
      expect(states[99][12], `${name} yaw rate`).toBeGreaterThan(0.5);
    }
  });
});
