/**
 * Ground effect and downwash, gym-pybullet-drones' published forms (BaseAviary._groundEffect,
 * _downwash) as options of each parameter set: their formulas, the kernel's use of them, a drone
 * landing in its neighbour's wake, and the same bits whatever the worker count.
 */
import { describe, expect, it } from 'vitest';
import {
  BatchArena, CF2X_PARAMS, CRAZYFLIE_L2F_PARAMS, DEFAULT_QUADROTOR_GAINS, QUADROTOR_KERNEL_PARAM as K, QUADROTOR_STATE as S, VEHICLE_STATUS,
  applyDownwash, applyQuadrotorControl, createQuadrotorStepper, createRigidWorld, downwashForce, hoverMotorCommand, quadrotorArenaFields, quadrotorParamsByName,
  rotorThrust, rowStride, writeKernelParams, type QuadrotorParams,
} from '../../physics/index.ts';
import { BatchEnv, RigidQuadrotors } from '../../sim/index.ts';

const withGround = quadrotorParamsByName('cf2x+ground-effect');
const withDownwash = quadrotorParamsByName('cf2x+downwash');

/** One drone's state after one step of `params` from a given height and attitude, motors at r. */
function oneStep(params: QuadrotorParams, z: number, r: number, q: [number, number, number, number] = [1, 0, 0, 0]): { vz: number; wx: number; wz: number } {
  const arena = BatchArena.create(quadrotorArenaFields(1), { shared: false });
  const stepper = createQuadrotorStepper(arena, 1, { kernel: 'scalar' });
  const { state, params: rows, motorCommand, status, stride: n } = stepper.arrays;
  for (let i = 0; i < n; i++) writeKernelParams(params, rows, n, i);
  for (let i = 1; i < n; i++) status[i] = VEHICLE_STATUS.inactive;
  [S.qw, S.qx, S.qy, S.qz].forEach((c, k) => (state[c * n] = q[k]));
  state[S.pz * n] = z;
  for (let m = 0; m < 4; m++) state[(S.r0 + m) * n] = motorCommand[m * n] = r;
  stepper.step(0, 1, 0.001);
  return { vz: state[S.vz * n] / 0.001, wx: state[S.wx * n] / 0.001, wz: state[S.wz * n] / 0.001 };
}

describe('ground effect', () => {
  const { coefficient: k, propellerRadius: rho, minHeight } = withGround.groundEffect;

  it('is off by default in both parameter sets and switched on by +ground-effect', () => {
    expect(CRAZYFLIE_L2F_PARAMS.groundEffect.enabled).toBe(false);
    expect(CF2X_PARAMS.groundEffect.enabled).toBe(false);
    expect(withGround.groundEffect.enabled).toBe(true);
    expect(quadrotorParamsByName('crazyflie-l2f+ground-effect').groundEffect.enabled).toBe(true);
    expect(() => quadrotorParamsByName('cf2x+ground-efect')).toThrow('option "+ground-efect" is unknown or repeated; accepted: +ground-effect, +downwash');
  });

  it('adds f·k·(ρ/4h)² per rotor at height h: the vertical acceleration of a level drone within 1e-3 relative (f32)', () => {
    const r = 0.6, f = rotorThrust(withGround, r), m = withGround.mass, g = withGround.gravity;
    for (const h of [0.05, 0.1, 0.3]) {
      const expected = (4 * f * (1 + k * (rho / (4 * h)) ** 2)) / m - g;
      expect(Math.abs(oneStep(withGround, h, r).vz - expected) / Math.abs(expected), `h = ${h}`).toBeLessThan(1e-3);
    }
    // Below the clip height (GND_EFF_H_CLIP ≈ 3.8 cm) the effect stays at its value there.
    expect(oneStep(withGround, 0.01, r).vz).toBeCloseTo(oneStep(withGround, minHeight, r).vz, 3);
    // 5 cm above the ground it lifts by about 16 %; off, the same drone is the plain model.
    expect(oneStep(withGround, 0.05, r).vz).toBeGreaterThan(oneStep(CF2X_PARAMS, 0.05, r).vz + 0.15 * (4 * f) / m);
  });

  it('lifts the lower side of a tilted drone (a restoring roll), never yaws it, and is gone upside down', () => {
    const roll = 0.3, q: [number, number, number, number] = [Math.cos(roll / 2), Math.sin(roll / 2), 0, 0]; // left side up
    const on = oneStep(withGround, 0.06, 0.6, q), off = oneStep(CF2X_PARAMS, 0.06, 0.6, q);
    expect(on.wx).toBeLessThan(off.wx - 1); // the right (lower) rotors push harder: a negative roll acceleration
    expect(on.wz).toBe(0);
    const flipped: [number, number, number, number] = [0, 1, 0, 0];
    expect(oneStep(withGround, 0.06, 0.6, flipped).vz).toBe(oneStep(CF2X_PARAMS, 0.06, 0.6, flipped).vz);
  });
});

describe('downwash', () => {
  const dw = withDownwash.downwash;

  it('follows BaseAviary._downwash: α = c1·(ρ/4Δz)², β = c2·Δz + c3, −α·exp(−½(Δxy/β)²)', () => {
    const alpha = 2267.18 * (2.31348e-2 / 4) ** 2; // Δz = 1 m: 0.0758 N, 29 % of the cf2x's weight
    expect(downwashForce(1, 0, dw)).toBeCloseTo(alpha, 12);
    expect(downwashForce(1, 0.05, dw)).toBeCloseTo(alpha * Math.exp(-0.5), 12); // β = 0.16 − 0.11 = 0.05 m
    expect(downwashForce(2, 0.1, dw)).toBeCloseTo(2267.18 * (2.31348e-2 / 8) ** 2 * Math.exp(-0.5 * (0.1 / 0.21) ** 2), 12);
    expect(downwashForce(0, 0, dw)).toBe(0); // level: none
    expect(downwashForce(-1, 0, dw)).toBe(0); // from below: none
    expect(downwashForce(1, 10, dw)).toBe(0); // 10 m apart: ignored
    expect(CF2X_PARAMS.downwash.enabled).toBe(false);
    expect(CRAZYFLIE_L2F_PARAMS.downwash.enabled).toBe(false);
  });

  /** Two drones of one world on the velocity rung: A holds 3 m, B below it descends at 0.5 m/s. Returns both heights per step. */
  function landUnder(params: QuadrotorParams, offsetX: number, steps: number): { a: number[]; b: number[]; bLanded: number } {
    const arena = BatchArena.create([...quadrotorArenaFields(2), { name: 'integral', kind: 'f32', length: 3 * rowStride(2) }], { shared: false });
    const stepper = createQuadrotorStepper(arena, 2, { kernel: 'wasm-simd' });
    const { state, params: rows, motorCommand, status, stride: n } = stepper.arrays;
    const hover = hoverMotorCommand(params);
    for (let i = 0; i < n; i++) {
      writeKernelParams(params, rows, n, i);
      status[i] = i < 2 ? VEHICLE_STATUS.ok : VEHICLE_STATUS.inactive;
      state[S.qw * n + i] = 1;
      for (let m = 0; m < 4; m++) state[(S.r0 + m) * n + i] = motorCommand[m * n + i] = hover;
    }
    state[S.pz * n] = 3; // A
    state[S.px * n + 1] = offsetX;
    state[S.pz * n + 1] = 2; // B, 1 m below
    const commands = new Float32Array([0, 0, 0, 0, 0, 0, -0.5, 0]);
    const a: number[] = [], b: number[] = [];
    let bLanded = -1;
    for (let step = 0; step < steps; step++) {
      if (params.downwash.enabled) applyDownwash(stepper.arrays, params.downwash, 2, 0, 2);
      applyQuadrotorControl('velocity', commands, stepper.arrays, arena.f32('integral'), DEFAULT_QUADROTOR_GAINS, 0, 2, 0.01);
      stepper.step(0, 2, 0.01);
      a.push(state[S.pz * n]);
      b.push(state[S.pz * n + 1]);
      if (bLanded < 0 && state[S.pz * n + 1] === 0) bLanded = step;
    }
    return { a, b, bLanded };
  }

  it('pushes a drone landing in its neighbour\'s wake down faster, and leaves the drone above and a drone 1 m aside alone', () => {
    const calm = landUnder(CF2X_PARAMS, 0, 500), wake = landUnder(withDownwash, 0, 500), aside = landUnder(withDownwash, 1, 500);
    // In the wake, 1 m below, it first loses height faster than its 0.5 m/s command.
    expect(calm.b[49]).toBeGreaterThan(wake.b[49] + 0.02);
    expect(wake.bLanded).toBeGreaterThan(0);
    expect(wake.bLanded).toBeLessThan(calm.bLanded);
    // Nothing above A: it flies exactly as without downwash. 1 m aside is 5 to 20 β away: within 0.1 mm.
    expect(wake.a).toEqual(calm.a);
    const asideCalm = landUnder(CF2X_PARAMS, 1, 300).b;
    expect(Math.max(...asideCalm.map((z, k) => Math.abs(z - aside.b[k])))).toBeLessThan(1e-4);
  });

  it('writes only whole worlds, and refuses a slice that cuts one', () => {
    const arena = BatchArena.create(quadrotorArenaFields(6), { shared: false });
    const stepper = createQuadrotorStepper(arena, 6, { kernel: 'scalar' });
    expect(() => applyDownwash(stepper.arrays, withDownwash.downwash, 3, 1, 6)).toThrow('slice [1, 6) must hold whole worlds of 3 drones');
    expect(stepper.arrays.params[K.downwashThrust * stepper.arrays.stride]).toBe(0);
  });

  it('pushes a rigid-body drone hovering 1 m under another down (rapier), and not without the option', async () => {
    const sag = async (params: QuadrotorParams): Promise<number> => {
      const world = await createRigidWorld({ engine: 'rapier', gravity: { x: 0, y: 0, z: -params.gravity }, dt: 0.01 });
      try {
        const drones = new RigidQuadrotors(world, { params, positions: [{ x: 0, y: 0, z: 3 }, { x: 0, y: 0, z: 2 }], rung: 'goto', kernel: 'scalar' });
        let lowest = 2;
        for (let step = 0; step < 100; step++) {
          drones.beforeStep();
          world.step();
          lowest = Math.min(lowest, world.getPose(drones.bodies[1]).position.z);
        }
        return 2 - lowest;
      } finally {
        world.free();
      }
    };
    const calm = await sag(CF2X_PARAMS), wake = await sag(withDownwash);
    expect(calm).toBeLessThan(0.01);
    expect(wake).toBeGreaterThan(calm + 0.03);
  });

  it('gives a batch of 3-drone worlds the same bits with 1, 2 and 3 worker threads', async () => {
    const hash = async (workers: number): Promise<string> => {
      const env = await BatchEnv.create({ task: 'hover', worlds: 7, dronesPerWorld: 3, paramSet: 'cf2x+downwash', workers, maxEpisodeSteps: 80 });
      try {
        env.reset({ seed: 3 });
        env.runPolicy('random', 200);
        return env.stateHash();
      } finally {
        await env.close();
      }
    };
    const one = await hash(1);
    expect(await hash(2)).toBe(one);
    expect(await hash(3)).toBe(one);
  });
});
