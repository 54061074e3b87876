import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  QUADROTOR_KERNEL_PARAM as K, QUADROTOR_KERNEL_PARAM_SIZE, QUADROTOR_STATE as S, QUADROTOR_STATE_SIZE, SeededRng, VEHICLE_STATUS,
  hoverMotorCommand, quadrotorParamsByName, stepQuadrotorsScalar, writeKernelParams,
} from '../../physics/index.ts';
import { REFERENCE_EXACT_FLAGS, buildReference } from '../../bench/bench-harness.ts';

/**
 * The bench's C reference keeps the kernel's bits with the aerodynamic options on too: drones near
 * the ground (per-rotor ground effect, tilted and level) and a downwash force in the params row.
 */
const COUNT = 32, STEPS = 40, DT = 0.01;
const params = quadrotorParamsByName('cf2x+ground-effect');
const build = buildReference(REFERENCE_EXACT_FLAGS);

describe.skipIf('missing' in build)('the C reference kernel with ground effect and downwash', () => {
  it('steps drones near the ground, under a downwash force, to the scalar kernel\'s bits', () => {
    if ('missing' in build) return;
    const rng = new SeededRng(21), n = COUNT, hover = hoverMotorCommand(params);
    const state = new Float32Array(QUADROTOR_STATE_SIZE * n), command = new Float32Array(4 * n), force = new Float32Array(3 * n);
    const status = new Uint8Array(n).fill(VEHICLE_STATUS.ok);
    for (let i = 0; i < n; i++) {
      const set = (c: number, value: number): void => void (state[c * n + i] = value);
      set(S.pz, rng.uniform(0.02, 0.3));
      const ax = rng.uniform(-0.3, 0.3), ay = rng.uniform(-0.3, 0.3), norm = Math.sqrt(1 + ax * ax + ay * ay);
      set(S.qw, 1 / norm); set(S.qx, ax / norm); set(S.qy, ay / norm);
      set(S.wx, rng.uniform(-1, 1)); set(S.wy, rng.uniform(-1, 1));
      for (let m = 0; m < 4; m++) {
        set(S.r0 + m, hover * rng.uniform(0.9, 1.1));
        command[m * n + i] = Math.min(1, hover * rng.uniform(0.9, 1.2));
      }
    }
    const rows = new Float32Array(QUADROTOR_KERNEL_PARAM_SIZE);
    writeKernelParams(params, rows, 1, 0);
    rows[K.downwashThrust] = -0.01;
    const input = Buffer.concat([state, command, force, status].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
    const output = execFileSync(build.binary, ['step', String(COUNT), String(STEPS), String(Math.fround(DT)), ...Array.from(rows, String)], { input });
    const cState = new Float32Array(output.buffer.slice(output.byteOffset, output.byteOffset + 4 * QUADROTOR_STATE_SIZE * COUNT));

    const kernelParams = new Float32Array(QUADROTOR_KERNEL_PARAM_SIZE * COUNT);
    for (let k = 0; k < QUADROTOR_KERNEL_PARAM_SIZE; k++) kernelParams.fill(rows[k], k * COUNT, (k + 1) * COUNT);
    stepQuadrotorsScalar({ count: n, stride: n, state, params: kernelParams, motorCommand: command, externalForce: force, status }, 0, n, DT, STEPS);
    expect(state[S.pz * n]).toBeGreaterThan(0); // they flew
    const mismatched: number[] = [];
    for (let k = 0; k < cState.length; k++) if (!Object.is(cState[k], state[k])) mismatched.push(k);
    expect(mismatched.slice(0, 5).map((k) => `component ${Math.floor(k / COUNT)} of drone ${k % COUNT}: C ${cState[k]}, kernel ${state[k]}`)).toEqual([]);
  });
});
