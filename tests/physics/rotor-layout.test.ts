/**
 * The rotors are where the Crazyflie 2.x has them and spin as its do: a motor sequence that yaws a
 * real Crazyflie counter-clockwise (seen from above) yaws Skyline's drone counter-clockwise, in the
 * scalar and the WebAssembly SIMD kernels and as a rigid body of each engine. The WebGPU backend
 * has the same check in tests/gpu/quadrotor-gpu-yaw.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  BatchArena, CRAZYFLIE_L2F_PARAMS, QUADROTOR_ROTORS, QUADROTOR_STATE as S, VEHICLE_STATUS, createQuadrotorStepper,
  createRigidWorld, hoverMotorCommand, quadrotorArenaFields, writeKernelParams, type QuadrotorKernelKind, type RigidEngineName,
} from '../../physics/index.ts';
import { RigidQuadrotors } from '../../sim/index.ts';

const params = CRAZYFLIE_L2F_PARAMS;
const hover = hoverMotorCommand(params);
// The yaw step of the reference fixtures: CW rotors (M2, M4) +0.01, CCW rotors (M1, M3) −0.01 of full speed.
const YAW_CCW: [number, number, number, number] = [hover - 0.01, hover + 0.01, hover - 0.01, hover + 0.01];

function yawOf(q: readonly number[]): number {
  const [w, x, y, z] = q;
  return Math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z));
}

function kernelYaw(kernel: Exclude<QuadrotorKernelKind, 'auto'>, motors: readonly number[], steps: number): { yaw: number; wx: number; wy: number } {
  const arena = BatchArena.create(quadrotorArenaFields(1), { shared: false });
  const stepper = createQuadrotorStepper(arena, 1, { kernel });
  const { state, params: rows, motorCommand, status } = stepper.arrays;
  const n = stepper.arrays.stride;
  for (let i = 0; i < n; i++) writeKernelParams(params, rows, n, i);
  for (let i = 1; i < n; i++) status[i] = VEHICLE_STATUS.inactive;
  state[S.qw * n] = 1;
  state[S.pz * n] = 10;
  for (let m = 0; m < 4; m++) {
    state[(S.r0 + m) * n] = hover;
    motorCommand[m * n] = motors[m];
  }
  stepper.step(0, 1, 0.01, steps);
  return { yaw: yawOf([S.qw, S.qx, S.qy, S.qz].map((c) => state[c * n])), wx: state[S.wx * n], wy: state[S.wy * n] };
}

describe('rotor layout and spin directions', () => {
  it('numbers the rotors as the Crazyflie M1..M4 with the positions and torque directions of the published models', () => {
    // RLtools L2F crazyflie.h: rotor_positions (±0.028 m) and rotor_torque_directions; gym-pybullet-drones cf2x.urdf prop0..3.
    const published = [
      { position: [0.028, -0.028], torqueZ: -1 },
      { position: [-0.028, -0.028], torqueZ: 1 },
      { position: [-0.028, 0.028], torqueZ: -1 },
      { position: [0.028, 0.028], torqueZ: 1 },
    ];
    expect(QUADROTOR_ROTORS.map((r) => r.crazyflie)).toEqual(['M1', 'M2', 'M3', 'M4']);
    QUADROTOR_ROTORS.forEach((rotor, i) => {
      expect([rotor.x * 0.028, rotor.y * 0.028]).toEqual(published[i].position);
      expect(rotor.yawSign).toBe(published[i].torqueZ);
      expect(rotor.spin).toBe(rotor.yawSign < 0 ? 'ccw' : 'cw'); // a CCW rotor pushes the body clockwise
    });
  });

  for (const kernel of ['scalar', 'wasm-simd'] as const) {
    it(`yaws counter-clockwise when M2 and M4 speed up and M1 and M3 slow down (${kernel} kernel)`, () => {
      const ccw = kernelYaw(kernel, YAW_CCW, 100);
      expect(ccw.yaw).toBeGreaterThan(0.3); // about +0.55 rad after 1 s
      expect(Math.abs(ccw.wx) + Math.abs(ccw.wy)).toBeLessThan(1e-4);
      const cw = kernelYaw(kernel, [YAW_CCW[1], YAW_CCW[0], YAW_CCW[3], YAW_CCW[2]], 100);
      expect(cw.yaw).toBeLessThan(-0.3);
    });
  }

  for (const kernel of ['scalar', 'wasm-simd'] as const) {
    it(`has its front-right and back-left rotors spinning counter-clockwise, found by their torques alone (${kernel} kernel)`, () => {
      // Speed up one rotor: its roll and pitch response say where it sits, its yaw response which way it spins.
      const found = [0, 1, 2, 3].map((m) => {
        const motors = [hover, hover, hover, hover];
        motors[m] += 0.02;
        const { wx, wy, yaw } = kernelYaw(kernel, motors, 5);
        return { place: `${-wy > 0 ? 'front' : 'back'}-${wx > 0 ? 'left' : 'right'}`, spin: yaw < 0 ? 'ccw' : 'cw' };
      });
      expect(found).toEqual([
        { place: 'front-right', spin: 'ccw' }, // M1
        { place: 'back-right', spin: 'cw' }, // M2
        { place: 'back-left', spin: 'ccw' }, // M3
        { place: 'front-left', spin: 'cw' }, // M4
      ]);
      expect(found.map((f) => f.place)).toEqual(QUADROTOR_ROTORS.map((r) => r.place));
    });
  }

  it('rolls right (left side up) on M3 + M4 and pitches nose up on M1 + M4 (scalar kernel)', () => {
    const d = 0.01;
    const roll = kernelYaw('scalar', [hover - d, hover - d, hover + d, hover + d], 10);
    expect(roll.wx).toBeGreaterThan(0.1);
    const pitch = kernelYaw('scalar', [hover + d, hover - d, hover - d, hover + d], 10);
    expect(pitch.wy).toBeLessThan(-0.1); // nose up is a negative rotation about +y (left)
  });

  for (const engine of ['rapier', 'cannon'] as RigidEngineName[]) {
    it(`yaws counter-clockwise on the same motor sequence as a rigid body (${engine})`, async () => {
      const world = await createRigidWorld({ engine, gravity: { x: 0, y: 0, z: -params.gravity }, dt: 0.01 });
      try {
        const drones = new RigidQuadrotors(world, { params, positions: [{ x: 0, y: 0, z: 10 }], rung: 'motors', kernel: 'scalar' });
        drones.command(0, YAW_CCW);
        for (let step = 0; step < 100; step++) {
          drones.beforeStep();
          world.step();
        }
        const q = world.getPose(drones.bodies[0]).orientation;
        const kernel = kernelYaw('scalar', YAW_CCW, 100);
        expect(yawOf([q.w, q.x, q.y, q.z])).toBeGreaterThan(0.3);
        expect(Math.abs(yawOf([q.w, q.x, q.y, q.z]) - kernel.yaw)).toBeLessThan(0.02); // the engines integrate differently
      } finally {
        world.free();
      }
    });
  }
});
