/**
 * Cross-check of full fidelity against the batched kernel: the same drone under the same motor commands,
 * once integrated by the kernel (RK4) and once as a rigid body of each engine whose forces come from the
 * kernel's motor lag and thrust/torque maps. They differ only by the engines' integrators.
 */
import { describe, expect, it } from 'vitest';
import {
  BatchArena, CF2X_PARAMS, QUADROTOR_STATE as S, createQuadrotorStepper, createRigidWorld, hoverMotorCommand, quadrotorArenaFields,
  writeKernelParams, type RigidEngineName,
} from '../../../physics/index.ts';
import { RigidQuadrotors } from '../../../sim/index.ts';

const ENGINES: RigidEngineName[] = ['rapier', 'cannon'];
const hover = hoverMotorCommand(CF2X_PARAMS);
/** More thrust on the front-left rotor (M4): the drone climbs, rolls, pitches and yaws, and drifts off. */
const COMMANDS: [number, number, number, number] = [hover * 1.03, hover * 1.02, hover * 1.03, hover * 1.04];

/** Positions and attitude of the kernel's drone after `steps` steps, starting level at 10 m with motors at hover. */
function kernelFlight(commands: readonly number[], steps: number): { position: number[]; quaternion: number[] } {
  const arena = BatchArena.create(quadrotorArenaFields(1), { shared: false });
  const stepper = createQuadrotorStepper(arena, 1, { kernel: 'scalar' });
  const { state, params, motorCommand, status } = stepper.arrays;
  const n = stepper.arrays.stride;
  for (let i = 0; i < n; i++) writeKernelParams(CF2X_PARAMS, params, n, i);
  for (let i = 1; i < n; i++) status[i] = 5;
  state[S.qw * n] = 1;
  state[S.pz * n] = 10;
  for (let m = 0; m < 4; m++) {
    state[(S.r0 + m) * n] = hover;
    motorCommand[m * n] = commands[m];
  }
  stepper.step(0, 1, 0.01, steps);
  return { position: [state[S.px * n], state[S.py * n], state[S.pz * n]], quaternion: [state[S.qw * n], state[S.qx * n], state[S.qy * n], state[S.qz * n]] };
}

async function rigidFlight(engine: RigidEngineName, commands: readonly number[], steps: number): Promise<{ position: number[]; quaternion: number[] }> {
  const world = await createRigidWorld({ engine, gravity: { x: 0, y: 0, z: -CF2X_PARAMS.gravity } });
  try {
    const drones = new RigidQuadrotors(world, { params: CF2X_PARAMS, positions: [{ x: 0, y: 0, z: 10 }], rung: 'motors', kernel: 'scalar' });
    drones.command(0, [commands[0], commands[1], commands[2], commands[3]]);
    for (let t = 0; t < steps; t++) {
      drones.beforeStep();
      world.step();
      drones.afterStep(world.contactEvents());
    }
    const { position: p, orientation: q } = world.getPose(drones.bodies[0]);
    return { position: [p.x, p.y, p.z], quaternion: [q.w, q.x, q.y, q.z] };
  } finally {
    world.free();
  }
}

function distance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(...a.map((value, i) => value - b[i]));
}

/** Angle between two attitudes, rad. */
function angleBetween(a: readonly number[], b: readonly number[]): number {
  const dot = Math.abs(a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3]);
  return 2 * Math.acos(Math.min(1, dot));
}

describe.each(ENGINES)('a drone in free flight on %s against the batched kernel', (engine) => {
  it('holds its hover within 1 mm for 2 s under the hover motor command, as the kernel does', async () => {
    const rigid = await rigidFlight(engine, [hover, hover, hover, hover], 200);
    const kernel = kernelFlight([hover, hover, hover, hover], 200);
    expect(distance(rigid.position, [0, 0, 10])).toBeLessThan(1e-3);
    expect(distance(kernel.position, [0, 0, 10])).toBeLessThan(1e-3);
  });

  it('follows the kernel within 5 cm and 0.05 rad after 1 s of uneven motor commands (2 m flown, turned over by 160°)', async () => {
    const rigid = await rigidFlight(engine, COMMANDS, 100);
    const kernel = kernelFlight(COMMANDS, 100);
    expect(distance(kernel.position, [0, 0, 10])).toBeGreaterThan(1.5); // the manoeuvre is not a small one
    expect(angleBetween(kernel.quaternion, [1, 0, 0, 0])).toBeGreaterThan(2.5);
    expect(distance(rigid.position, kernel.position)).toBeLessThan(0.05);
    // Measured: rapier 1.9 cm and 0.008 rad, cannon 3.8 cm and 0.035 rad.
    expect(angleBetween(rigid.quaternion, kernel.quaternion)).toBeLessThan(0.05);
  });
});
