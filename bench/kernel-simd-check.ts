/**
 * Drone-steps per second of the quadrotor kernels on one thread at N = 4096 (scalar JavaScript,
 * WebAssembly SIMD), next to the C reference kernel (bench/quadrotor-reference.c) built and run in the same process run, so that the
 * machine's noise cancels out. Prints figures; asserts nothing.
 *
 *   npx tsx bench/kernel-simd-check.ts [N] [steps]
 *
 * Crashed drones are skipped by the kernels, so every drone is put back in the air every 50 steps
 * (state and status restored, outside the timed part) to compare like with like.
 */
import {
  BatchArena, CF2X_PARAMS, QUADROTOR_KERNEL_PARAM_SIZE, QUADROTOR_STATE as S, QUADROTOR_STATE_SIZE, SeededRng, createQuadrotorStepper,
  hoverMotorCommand, paddedCount, quadrotorArenaFields, quadrotorWasmKernel, quadrotorWasmTraversal, writeKernelParams,
  type ArenaField, type LaneKernelTraversal,
} from '../physics/index.ts';
import { REFERENCE_FLAGS, formatRate, machineLine, referenceRate, runReference } from './bench-harness.ts';

const N = Number(process.argv[2] ?? 4096);
const STEPS = Number(process.argv[3] ?? 2000);
const DT = 0.01;
const RESTORE_EVERY = 50;
const RUNS = 5;

/** The C reference's scene: level drones at 1 m, motors at hover, commands within ±2 % of hover. */
function fillScene(state: Float32Array, params: Float32Array, motorCommand: Float32Array, stride: number): void {
  const rng = new SeededRng(1);
  const hover = hoverMotorCommand(CF2X_PARAMS);
  for (let i = 0; i < N; i++) {
    writeKernelParams(CF2X_PARAMS, params, stride, i);
    state[S.pz * stride + i] = 1;
    state[S.qw * stride + i] = 1;
    for (let m = 0; m < 4; m++) {
      state[(S.r0 + m) * stride + i] = hover;
      motorCommand[m * stride + i] = hover * (0.98 + 0.04 * rng.next());
    }
  }
}

/** Median drone-steps/s of `RUNS` runs of `STEPS` steps, `perCall` steps per kernel call, after a warm-up run. */
function rate(step: (steps: number) => void, state: Float32Array, status: Uint8Array, perCall: number): number {
  const initialState = state.slice();
  const restore = (): void => {
    state.set(initialState);
    status.fill(0);
  };
  const run = (): number => {
    let seconds = 0;
    for (let done = 0; done < STEPS; done += RESTORE_EVERY) {
      restore();
      const start = performance.now();
      for (let s = 0; s < RESTORE_EVERY; s += perCall) step(perCall);
      seconds += (performance.now() - start) / 1000;
    }
    restore();
    return (N * STEPS) / seconds;
  };
  run(); // warm-up: the engine's optimising compilers take over from the baseline ones
  const rates = Array.from({ length: RUNS }, run).sort((a, b) => a - b);
  return rates[Math.floor(RUNS / 2)];
}

function stepperRate(kernel: 'scalar' | 'wasm-simd', perCall: number): number {
  const arena = BatchArena.create(quadrotorArenaFields(N), { shared: false });
  const stepper = createQuadrotorStepper(arena, N, { kernel });
  const { state, params, motorCommand, status, stride } = stepper.arrays;
  fillScene(state, params, motorCommand, stride);
  return rate((steps) => stepper.step(0, N, DT, steps), state, status, perCall);
}

/** The layout's traversal, as the stepper chooses it. */
function traversalOf(arena: BatchArena, stride: number): LaneKernelTraversal {
  const [state, params, motorCommand, externalForce] = ['state', 'params', 'motorCommand', 'externalForce'].map((name) => arena.offsetOf(`quad.${name}`));
  return quadrotorWasmTraversal({ state, params, motorCommand, externalForce }, stride);
}

/**
 * The wasm kernel called directly with one traversal, on arrays whose component rows are `skew`
 * floats longer than the drone count (0: the batch layout as it is). With rows a multiple of
 * 4 KiB apart, the ~45 rows a vector reads share one cache set and evict each other.
 */
function wasmRate(skew: number, traversal: LaneKernelTraversal, perCall: number): number {
  const stride = paddedCount(N) + skew;
  const fields: ArenaField[] = [
    { name: 'quad.state', kind: 'f32', length: QUADROTOR_STATE_SIZE * stride },
    { name: 'quad.params', kind: 'f32', length: QUADROTOR_KERNEL_PARAM_SIZE * stride },
    { name: 'quad.motorCommand', kind: 'f32', length: 4 * stride },
    { name: 'quad.externalForce', kind: 'f32', length: 3 * stride },
    { name: 'quad.status', kind: 'u8', length: stride },
  ];
  const arena = BatchArena.create(fields, { shared: false });
  const state = arena.f32('quad.state'), params = arena.f32('quad.params'), motorCommand = arena.f32('quad.motorCommand');
  const status = arena.u8('quad.status');
  fillScene(state, params, motorCommand, stride);
  const kernel = quadrotorWasmKernel(arena.memory);
  const run = traversal === 'line' ? kernel.byLine : kernel.byVector;
  const [s, p, u, f, st] = ['state', 'params', 'motorCommand', 'externalForce', 'status'].map((name) => arena.offsetOf(`quad.${name}`));
  return rate((steps) => run(s, p, u, f, st, stride, 0, N, DT, steps), state, status, perCall);
}

console.log(`machine: ${machineLine()}`);
console.log(`N = ${N}, ${STEPS} steps of ${DT} s, one thread, median of ${RUNS} runs, drones restored every ${RESTORE_EVERY} steps`);
const referenceBefore = runReference(N, STEPS);
const yardstickBefore = referenceRate(referenceBefore);
const probe = BatchArena.create(quadrotorArenaFields(N), { shared: false });
const chosen = traversalOf(probe, paddedCount(N));
const skewed = traversalOf(BatchArena.create(quadrotorArenaFields(N + 16), { shared: false }), paddedCount(N) + 16);
const other: LaneKernelTraversal = chosen === 'line' ? 'vector' : 'line';
const rows: [string, number][] = [
  ['scalar, 1 step per call', stepperRate('scalar', 1)],
  [`wasm-simd, 1 step per call (${chosen} traversal)`, stepperRate('wasm-simd', 1)],
  [`wasm-simd, ${RESTORE_EVERY} steps per call (${chosen} traversal)`, stepperRate('wasm-simd', RESTORE_EVERY)],
  [`wasm-simd, 1 step per call, ${other} traversal`, wasmRate(0, other, 1)],
  [`wasm-simd, 1 step per call, rows +16 floats (${skewed})`, wasmRate(16, skewed, 1)],
];
const yardstickAfter = referenceRate(runReference(N, STEPS));
const measured = [yardstickBefore, yardstickAfter].filter((r): r is number => r !== null);
const yardstick = measured.length ? measured.reduce((a, b) => a + b, 0) / measured.length : null;
const label = (text: string): string => text.padEnd(60);
console.log(`${label(`C reference (gcc ${REFERENCE_FLAGS.join(' ')})`)}${formatRate(yardstick)} drone-steps/s` +
  (yardstick === null ? ` (${typeof referenceBefore === 'number' ? 'no figure' : referenceBefore.missing})` : ` (before ${formatRate(yardstickBefore)}, after ${formatRate(yardstickAfter)})`));
for (const [name, value] of rows) {
  console.log(`${label(name)}${formatRate(value)} drone-steps/s${yardstick ? `  ${(value / yardstick).toFixed(2)}× C reference` : ''}`);
}
