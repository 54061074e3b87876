import { describe, expect, it } from 'vitest';
import {
  BatchArena, CF2X_PARAMS, CRAZYFLIE_L2F_PARAMS, QUADROTOR_KERNEL_PARAM as K, QUADROTOR_STATE as S, QUADROTOR_STATE_SIZE, SeededRng,
  VEHICLE_STATUS, buildLaneKernelWasmModule, checkLaneKernelProgram, createQuadrotorStepper, hoverMotorCommand,
  laneKernelJavaScriptSource, parseKernelExpression, quadrotorArenaFields, quadrotorKernelProgram, quadrotorWasmModuleBytes,
  quadrotorWasmKernel, quadrotorWasmTraversal, randomizeQuadrotorParams, wasmSimdSupported, writeKernelParams, type LaneKernelProgram, type QuadrotorKernelKind,
  type QuadrotorParams, type QuadrotorStepper,
} from '../../physics/index.ts';

const DT = 0.01;
const CRASHED_AT_START = VEHICLE_STATUS.crashedBuilding;

interface Batch {
  arena: BatchArena;
  stepper: QuadrotorStepper;
  count: number;
  /** Steps [start, end) with the kernel the batch was made for. */
  step(start: number, end: number, dt: number, steps?: number): void;
}

/** 'wasm-vector' and 'wasm-line' force one traversal of the wasm kernel; 'wasm-simd' lets the stepper choose. */
type Kernel = Exclude<QuadrotorKernelKind, 'auto'> | 'wasm-vector' | 'wasm-line';

function makeBatch(count: number, kernel: Kernel, shared = false): Batch {
  const arena = BatchArena.create(quadrotorArenaFields(count), { shared });
  const stepper = createQuadrotorStepper(arena, count, { kernel: kernel === 'scalar' ? 'scalar' : 'wasm-simd' });
  if (kernel !== 'wasm-vector' && kernel !== 'wasm-line') return { arena, stepper, count, step: stepper.step };
  const wasm = quadrotorWasmKernel(arena.memory);
  const run = kernel === 'wasm-line' ? wasm.byLine : wasm.byVector;
  const [s, p, u, f, st] = ['state', 'params', 'motorCommand', 'externalForce', 'status'].map((name) => arena.offsetOf(`quad.${name}`));
  return { arena, stepper, count, step: (start, end, dt, steps = 1) => run(s, p, u, f, st, stepper.arrays.stride, start, end, dt, steps) };
}

/** Drone `i`'s parameters, initial state and commands, drawn from (seed, i) alone. */
function drawDrone(seed: number, i: number): { params: QuadrotorParams; state: number[]; command: number[]; force: number[]; status: number } {
  const rng = new SeededRng(seed * 100_003 + i);
  const base = i % 2 === 0 ? CF2X_PARAMS : CRAZYFLIE_L2F_PARAMS;
  const params = randomizeQuadrotorParams(base, { mass: 0.2, thrust: 0.2, yawTorque: 0.3, inertia: 0.2, motorTimeConstant: 0.3 }, seed * 7919 + i);
  const hover = hoverMotorCommand(params);
  // A random attitude: tilted up to ~0.6 rad about a random axis (some drones much more).
  const tilt = rng.next() < 0.15 ? rng.uniform(1.2, 2.5) : rng.uniform(0, 0.6);
  const axis = [rng.normal(), rng.normal(), rng.normal()];
  const norm = Math.hypot(axis[0], axis[1], axis[2]) || 1;
  const half = tilt / 2;
  const q = [Math.cos(half), ...axis.map((a) => (Math.sin(half) * a) / norm)];
  const state = new Array<number>(QUADROTOR_STATE_SIZE).fill(0);
  state[S.px] = rng.uniform(-50, 50);
  state[S.py] = rng.uniform(-50, 50);
  // Some start low and falling fast, so they reach the ground (hard or gently) early on; some
  // start so high that they tumble in the air for the whole run.
  const height = rng.next();
  state[S.pz] = height < 0.2 ? rng.uniform(0.01, 0.3) : height < 0.7 ? rng.uniform(1, 20) : rng.uniform(1500, 3000);
  state[S.vx] = rng.uniform(-2, 2);
  state[S.vy] = rng.uniform(-2, 2);
  state[S.vz] = state[S.pz] < 0.3 ? rng.uniform(-5, 0) : rng.uniform(-1, 1);
  [state[S.qw], state[S.qx], state[S.qy], state[S.qz]] = q;
  state[S.wx] = rng.uniform(-3, 3);
  state[S.wy] = rng.uniform(-3, 3);
  state[S.wz] = rng.uniform(-3, 3);
  for (let m = 0; m < 4; m++) state[S.r0 + m] = Math.min(1, hover * rng.uniform(0.8, 1.2));
  const command = [0, 1, 2, 3].map(() => Math.min(1, hover * rng.uniform(0.9, 1.1)));
  const force = [rng.uniform(-0.02, 0.02), rng.uniform(-0.02, 0.02), rng.uniform(-0.02, 0.02)];
  return { params, state, command, force, status: rng.next() < 0.05 ? CRASHED_AT_START : VEHICLE_STATUS.ok };
}

/** Writes drone `drawn` into slot `i` of a batch. */
function place(batch: Batch, i: number, drawn: ReturnType<typeof drawDrone>): void {
  const { state, params, motorCommand, externalForce, status, stride } = batch.stepper.arrays;
  writeKernelParams(drawn.params, params, stride, i);
  drawn.state.forEach((value, c) => (state[c * stride + i] = value));
  drawn.command.forEach((value, m) => (motorCommand[m * stride + i] = value));
  drawn.force.forEach((value, c) => (externalForce[c * stride + i] = value));
  status[i] = drawn.status;
}

function fill(batch: Batch, seed: number): void {
  for (let i = 0; i < batch.count; i++) place(batch, i, drawDrone(seed, i));
}

/** New commands near hover for every drone, from (seed, round, i) alone. */
function newCommands(batch: Batch, seed: number, round: number): void {
  const { motorCommand, params, stride } = batch.stepper.arrays;
  for (let i = 0; i < batch.count; i++) {
    const rng = new SeededRng((seed * 31 + round) * 100_003 + i);
    // Hover command from the kernel's own parameters: c0 + c1 r + c2 r² = m g / 4.
    const c0 = params[K.c0 * stride + i], c1 = params[K.c1 * stride + i], c2 = params[K.c2 * stride + i];
    const weight = params[K.mass * stride + i] * params[K.gravity * stride + i];
    const hover = (-c1 + Math.sqrt(c1 * c1 + 4 * c2 * (weight / 4 - c0))) / (2 * c2);
    for (let m = 0; m < 4; m++) motorCommand[m * stride + i] = Math.min(1, hover * rng.uniform(0.93, 1.07));
  }
}

/** The state of drones [0, count) as raw bits, component-major. */
function stateBits(batch: Batch): Uint32Array {
  const { state, stride } = batch.stepper.arrays;
  const bits = new Uint32Array(QUADROTOR_STATE_SIZE * batch.count);
  const view = new Uint32Array(state.buffer, state.byteOffset, state.length);
  for (let c = 0; c < QUADROTOR_STATE_SIZE; c++) bits.set(view.subarray(c * stride, c * stride + batch.count), c * batch.count);
  return bits;
}

function droneBits(batch: Batch, i: number): number[] {
  const { state, stride } = batch.stepper.arrays;
  const view = new Uint32Array(state.buffer, state.byteOffset, state.length);
  return Array.from({ length: QUADROTOR_STATE_SIZE }, (_, c) => view[c * stride + i]);
}

/** Indices where two bit arrays differ (empty when identical). */
function differences(a: Uint32Array, b: Uint32Array): number[] {
  const out: number[] = [];
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) out.push(k);
  return out;
}

describe('WebAssembly SIMD quadrotor kernel', () => {
  it('is available on this engine, and auto picks it', () => {
    expect(wasmSimdSupported()).toBe(true);
    const arena = BatchArena.create(quadrotorArenaFields(3), { shared: false });
    expect(createQuadrotorStepper(arena, 3).kernel).toBe('wasm-simd');
    expect(createQuadrotorStepper(arena, 3, { kernel: 'scalar' }).kernel).toBe('scalar');
  });

  it.each([
    { count: 203, kernel: 'wasm-simd' as const }, // not a multiple of 4: the last vector holds padding
    { count: 1021, kernel: 'wasm-line' as const }, // the whole-cache-line traversal, forced
  ])('gives bit-identical states and statuses to the scalar kernel over 2,400 steps of $count random drones ($kernel), crashes included', ({ count, kernel }) => {
    const seed = 11;
    const wasm = makeBatch(count, kernel);
    const { state, params, motorCommand, externalForce } = Object.fromEntries(
      ['state', 'params', 'motorCommand', 'externalForce'].map((name) => [name, wasm.arena.offsetOf(`quad.${name}`)]),
    );
    // With rows skewed by a cache line (rowStride), the stepper itself picks the vector traversal.
    expect(quadrotorWasmTraversal({ state, params, motorCommand, externalForce }, wasm.stepper.arrays.stride)).toBe('vector');
    const scalar = makeBatch(count, 'scalar');
    fill(wasm, seed);
    fill(scalar, seed);
    const frozenBefore = stateBits(wasm);
    const frozen = Array.from(wasm.stepper.arrays.status.subarray(0, count).entries()).filter(([, s]) => s !== 0).map(([i]) => i);

    let firstMismatch = -1;
    for (let round = 0; round < 48; round++) {
      newCommands(wasm, seed, round);
      newCommands(scalar, seed, round);
      // Mix calls of one step with calls of many (the kernel loops steps inside).
      if (round % 2 === 0) {
        for (let s = 0; s < 50; s++) {
          wasm.stepper.step(0, count, DT);
          scalar.stepper.step(0, count, DT);
        }
      } else {
        wasm.stepper.step(0, count, DT, 50);
        scalar.stepper.step(0, count, DT, 50);
      }
      if (firstMismatch < 0 && differences(stateBits(wasm), stateBits(scalar)).length > 0) firstMismatch = round;
    }

    expect(firstMismatch).toBe(-1);
    expect(differences(stateBits(wasm), stateBits(scalar))).toEqual([]);
    expect(Array.from(wasm.stepper.arrays.status.subarray(0, count))).toEqual(Array.from(scalar.stepper.arrays.status.subarray(0, count)));

    const status = wasm.stepper.arrays.status;
    const crashedNow = Array.from(status.subarray(0, count)).filter((s) => s === VEHICLE_STATUS.crashedGround).length;
    const flying = Array.from(status.subarray(0, count)).filter((s) => s === VEHICLE_STATUS.ok).length;
    expect(frozen.length).toBeGreaterThanOrEqual(3);
    expect(crashedNow).toBeGreaterThanOrEqual(count / 20); // the kernel's ground rule fired
    expect(flying).toBeGreaterThanOrEqual(count / 10); // and others kept flying all the way
    // Drones that started crashed never moved.
    const after = stateBits(wasm);
    for (const i of frozen) {
      for (let c = 0; c < QUADROTOR_STATE_SIZE; c++) expect(after[c * count + i]).toBe(frozenBefore[c * count + i]);
    }
    // Every value stayed finite, so equality is not NaN payloads agreeing by chance.
    expect(Array.from(wasm.stepper.arrays.state).every(Number.isFinite)).toBe(true);
  });

  it('gives the same bits whether a batch is stepped whole or in slices ([0, 8) then [8, n); [0, 6) then [6, n))', () => {
    const count = 37;
    for (const kernel of ['wasm-vector', 'wasm-line', 'scalar'] as const) {
      const whole = makeBatch(count, kernel);
      const sliced = makeBatch(count, kernel);
      const oddly = makeBatch(count, kernel);
      for (const batch of [whole, sliced, oddly]) fill(batch, 5);
      for (let s = 0; s < 300; s++) {
        whole.step(0, count, DT);
        sliced.step(0, 8, DT);
        sliced.step(8, count, DT);
        oddly.step(0, 6, DT);
        oddly.step(6, count, DT);
      }
      expect(whole.stepper.arrays.status.some((code) => code === VEHICLE_STATUS.crashedGround)).toBe(true);
      expect(differences(stateBits(sliced), stateBits(whole))).toEqual([]);
      expect(differences(stateBits(oddly), stateBits(whole))).toEqual([]);
      expect(Array.from(sliced.stepper.arrays.status)).toEqual(Array.from(whole.stepper.arrays.status));
    }
  });

  it('steps only [start, end): drones outside the range keep every bit', () => {
    const count = 40;
    for (const kernel of ['wasm-vector', 'wasm-line', 'scalar'] as const) {
      const batch = makeBatch(count, kernel);
      fill(batch, 9);
      const before = stateBits(batch);
      batch.step(5, 27, DT, 20);
      const after = stateBits(batch);
      for (let i = 0; i < count; i++) {
        const changed = Array.from({ length: QUADROTOR_STATE_SIZE }, (_, c) => after[c * count + i] !== before[c * count + i]).some(Boolean);
        const stepped = i >= 5 && i < 27 && batch.stepper.arrays.status[i] !== CRASHED_AT_START;
        expect({ kernel, i, changed }).toEqual({ kernel, i, changed: stepped });
      }
    }
  });

  it('gives a drone alone the same bits as the same drone in lane 2 of a batch of 1,000', () => {
    const drone = drawDrone(3, 0);
    drone.status = VEHICLE_STATUS.ok;
    for (const kernel of ['wasm-vector', 'wasm-line', 'scalar'] as const) {
      const alone = makeBatch(1, kernel);
      place(alone, 0, drone);
      const crowd = makeBatch(1000, kernel);
      fill(crowd, 4);
      place(crowd, 2, drone);
      alone.step(0, 1, DT, 700);
      for (let s = 0; s < 700; s++) crowd.step(0, 1000, DT);
      expect(droneBits(crowd, 2)).toEqual(droneBits(alone, 0));
      expect(crowd.stepper.arrays.status[2]).toBe(alone.stepper.arrays.status[0]);
    }
  });

  it('hovers at the hover motor command: |vertical acceleration| < 1e-3 m/s² after 1 step and over 100 steps', () => {
    for (const params of [CF2X_PARAMS, CRAZYFLIE_L2F_PARAMS]) {
      const batch = makeBatch(1, 'wasm-simd');
      const hover = hoverMotorCommand(params);
      place(batch, 0, {
        params,
        state: [0, 0, 5, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, hover, hover, hover, hover],
        command: [hover, hover, hover, hover],
        force: [0, 0, 0],
        status: VEHICLE_STATUS.ok,
      });
      const { state, stride } = batch.stepper.arrays;
      batch.stepper.step(0, 1, DT);
      const oneStep = state[S.vz * stride] / DT;
      expect(Math.abs(oneStep)).toBeLessThan(1e-3);
      batch.stepper.step(0, 1, DT, 99);
      const mean = state[S.vz * stride] / (100 * DT);
      expect(Math.abs(mean)).toBeLessThan(1e-3);
      expect(Math.abs(state[S.pz * stride] - 5)).toBeLessThan(1e-4);
    }
  });

  it('follows the double-precision equations it was written from within 1e-4 relative over 100 steps', () => {
    const count = 40;
    const batch = makeBatch(count, 'wasm-simd');
    fill(batch, 21);
    const drones = Array.from({ length: count }, (_, i) => drawDrone(21, i));
    batch.stepper.step(0, count, DT, 100);
    const { state, status, stride } = batch.stepper.arrays;
    let compared = 0;
    for (let i = 0; i < count; i++) {
      const reference = referenceSteps(drones[i], 100);
      if (reference.status !== status[i]) continue; // a crash decided by rounding is not a disagreement in the equations
      if (reference.status !== VEHICLE_STATUS.ok || reference.touchedGround) continue;
      compared++;
      for (let c = 0; c < QUADROTOR_STATE_SIZE; c++) {
        const expected = reference.state[c];
        expect(Math.abs(state[c * stride + i] - expected)).toBeLessThan(1e-4 * Math.max(1, Math.abs(expected)));
      }
    }
    expect(compared).toBeGreaterThanOrEqual(20);
  });

  it('validates as a module for shared and unshared memories and steps a shared arena like an unshared one', () => {
    expect(WebAssembly.validate(quadrotorWasmModuleBytes({ shared: true, pages: 8 }))).toBe(true);
    expect(WebAssembly.validate(quadrotorWasmModuleBytes({ shared: false, pages: 8 }))).toBe(true);
    const count = 24;
    const shared = makeBatch(count, 'wasm-simd', true);
    const unshared = makeBatch(count, 'wasm-simd', false);
    expect(shared.arena.isShared).toBe(true);
    fill(shared, 8);
    fill(unshared, 8);
    // A second view of the same memory, as a worker thread makes with BatchArena.attach.
    const attached = BatchArena.attach(shared.arena.memory, quadrotorArenaFields(count));
    const workerStepper = createQuadrotorStepper(attached, count, { kernel: 'wasm-simd' });
    for (let s = 0; s < 200; s++) {
      shared.stepper.step(0, 12, DT);
      workerStepper.step(12, count, DT);
      unshared.stepper.step(0, count, DT);
    }
    expect(differences(stateBits(shared), stateBits(unshared))).toEqual([]);
  });

  it('rejects a bad range, step count or kernel name with a message naming what is accepted', () => {
    const { stepper } = makeBatch(8, 'wasm-simd');
    expect(() => stepper.step(0, 9, DT)).toThrow(/0 ≤ start ≤ end ≤ 8/);
    expect(() => stepper.step(4, 2, DT)).toThrow(/0 ≤ start ≤ end ≤ 8/);
    expect(() => stepper.step(0, 8, DT, 1.5)).toThrow(/whole number ≥ 0/);
    const arena = BatchArena.create(quadrotorArenaFields(8), { shared: false });
    expect(() => createQuadrotorStepper(arena, 8, { kernel: 'gpu' as QuadrotorKernelKind })).toThrow(/accepted: auto, wasm-simd, scalar/);
  });
});

describe('kernel expression language', () => {
  it('parses with the usual precedence and rounds literals to f32', () => {
    expect(parseKernelExpression('a + b * -c')).toEqual({
      kind: 'arithmetic', op: '+', left: { kind: 'variable', name: 'a' },
      right: { kind: 'arithmetic', op: '*', left: { kind: 'variable', name: 'b' }, right: { kind: 'negate', operand: { kind: 'variable', name: 'c' } } },
    });
    expect(parseKernelExpression('0.1')).toEqual({ kind: 'number', value: Math.fround(0.1) });
  });

  it('names the expression, the position and what is accepted in a syntax error', () => {
    expect(() => parseKernelExpression('a + * b')).toThrow(/"a \+ \* b": expected a number, a name or "\(" at 4, found "\*"/);
    expect(() => parseKernelExpression('a % b')).toThrow(/unexpected "%" at 2; accepted:/);
    expect(() => parseKernelExpression('pow(a, 2)')).toThrow(/unknown function pow\(\); accepted: sqrt\(x\), select\(mask, a, b\)/);
  });

  it('rejects a program that reads a name before defining it or mixes masks and numbers', () => {
    const base: LaneKernelProgram = {
      arrays: ['x'], inputs: [{ name: 'a', array: 'x', component: 0 }], uniforms: ['dt'],
      body: [], outputs: [{ name: 'a', array: 'x', component: 0 }], stop: { when: 'done', status: 1 },
    };
    const withBody = (body: LaneKernelProgram['body']): LaneKernelProgram => ({ ...base, body });
    expect(() => checkLaneKernelProgram(withBody([{ name: 'b', expr: 'a + c' }]))).toThrow(/"c" is read before it is defined/);
    expect(() => checkLaneKernelProgram(withBody([{ name: 'done', expr: 'a < 0' }, { name: 'a', expr: 'done + 1' }]))).toThrow(/the left of \+ must be a number, got a mask/);
    expect(() => checkLaneKernelProgram(withBody([{ name: 'done', expr: 'a + 1' }]))).toThrow(/stop.when "done": must name a mask/);
    const ok = checkLaneKernelProgram(withBody([{ name: 'a', expr: 'select(a < 0, 0, a) + dt' }, { name: 'done', expr: 'a > 1' }]));
    expect(laneKernelJavaScriptSource(ok).parameters).toEqual(['x', 'status', 'stride', 'start', 'end', 'dt', 'steps']);
    expect(WebAssembly.validate(buildLaneKernelWasmModule(ok, { exports: { step: 'vector', stepByLine: 'line' }, memory: { shared: false, pages: 1 } }))).toBe(true);
  });

  it('compiles the quadrotor program, whose every output is a state component', () => {
    const program = quadrotorKernelProgram();
    expect(program.outputs.map((o) => o.name)).toEqual(Object.keys(S));
    expect(program.body.length).toBeGreaterThan(100);
  });
});

/**
 * The quadrotor step in double precision, written out by hand from the equations (as the kernel
 * computed them before it was generated in f32): RK4, motor lag chosen once per step, then
 * normalisation, clamping and ground contact.
 */
function referenceSteps(drone: ReturnType<typeof drawDrone>, steps: number): { state: number[]; status: number; touchedGround: boolean } {
  const p = drone.params;
  const invMass = 1 / p.mass, armX = p.armLength / Math.SQRT2;
  const { c0, c1, c2 } = p.thrustCurve;
  const { xx, yy, zz } = p.inertia;
  const gyro = [(yy - zz) / xx, (zz - xx) / yy, (xx - yy) / zz];
  const [u0, u1, u2, u3] = drone.command.map(Math.fround);
  const f = drone.force.map(Math.fround);
  let x = drone.state.map(Math.fround);
  let status = drone.status;
  let touchedGround = false;
  const derivative = (s: number[], k: number[]): number[] => {
    const thrust = [0, 1, 2, 3].map((m) => c0 + (c1 + c2 * s[S.r0 + m]) * s[S.r0 + m]);
    const total = thrust[0] + thrust[1] + thrust[2] + thrust[3];
    const [, , , vx, vy, vz, qw, qx, qy, qz, wx, wy, wz] = s;
    const r13 = 2 * (qx * qz + qw * qy), r23 = 2 * (qy * qz - qw * qx), r33 = 1 - 2 * (qx * qx + qy * qy);
    return [
      vx, vy, vz,
      (total * r13 - p.drag.xy * vx + f[0]) * invMass,
      (total * r23 - p.drag.xy * vy + f[1]) * invMass,
      (total * r33 - p.drag.z * vz + f[2]) * invMass - p.gravity,
      0.5 * (-qx * wx - qy * wy - qz * wz),
      0.5 * (qw * wx + qy * wz - qz * wy),
      0.5 * (qw * wy - qx * wz + qz * wx),
      0.5 * (qw * wz + qx * wy - qy * wx),
      // Rotors at the Crazyflie's M1..M4: front-right, back-right, back-left, front-left.
      (armX * (-thrust[0] - thrust[1] + thrust[2] + thrust[3])) / xx + gyro[0] * wy * wz,
      (armX * (-thrust[0] + thrust[1] + thrust[2] - thrust[3])) / yy + gyro[1] * wx * wz,
      (p.yawTorquePerThrust * (-thrust[0] + thrust[1] - thrust[2] + thrust[3])) / zz + gyro[2] * wx * wy,
      ...[u0, u1, u2, u3].map((u, m) => (u - s[S.r0 + m]) * k[m]),
    ];
  };
  for (let step = 0; step < steps && status === VEHICLE_STATUS.ok; step++) {
    const k = [u0, u1, u2, u3].map((u, m) => (u > x[S.r0 + m] ? 1 / p.motorTimeConstant.rise : 1 / p.motorTimeConstant.fall));
    const d1 = derivative(x, k);
    const d2 = derivative(x.map((v, c) => v + 0.5 * DT * d1[c]), k);
    const d3 = derivative(x.map((v, c) => v + 0.5 * DT * d2[c]), k);
    const d4 = derivative(x.map((v, c) => v + DT * d3[c]), k);
    x = x.map((v, c) => v + (DT / 6) * (d1[c] + 2 * d2[c] + 2 * d3[c] + d4[c]));
    const qn = 1 / Math.hypot(x[S.qw], x[S.qx], x[S.qy], x[S.qz]);
    for (const c of [S.qw, S.qx, S.qy, S.qz]) x[c] *= qn;
    for (let m = 0; m < 4; m++) x[S.r0 + m] = Math.min(1, Math.max(0, x[S.r0 + m]));
    if (x[S.pz] < 0) {
      touchedGround = true;
      if (-x[S.vz] > p.crashSpeed || 1 - 2 * (x[S.qx] ** 2 + x[S.qy] ** 2) < 0.5) status = VEHICLE_STATUS.crashedGround;
      x[S.pz] = 0;
      x[S.vz] = Math.max(0, x[S.vz]);
      x[S.vx] = x[S.vy] = x[S.wx] = x[S.wy] = 0;
    }
  }
  return { state: x, status, touchedGround };
}
