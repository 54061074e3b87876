import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  CF2X_PARAMS, QUADROTOR_KERNEL_PARAM_SIZE, QUADROTOR_STATE as S, QUADROTOR_STATE_SIZE, SeededRng, VEHICLE_STATUS,
  hoverMotorCommand, stepQuadrotorsScalar, writeKernelParams,
} from '../../physics/index.ts';
import { REFERENCE_EXACT_FLAGS, buildReference, referenceParams } from '../../bench/bench-harness.ts';

/**
 * The bench's C reference (bench/quadrotor-reference.c) is the same model as the scalar kernel:
 * built without fast-math and FMA contraction, it steps drones to the kernel's very bits. When the
 * model changes, this test says the C file has to follow.
 */
const COUNT = 64;
const STEPS = 60;
const DT = 0.01;

/** Varied drones: tilted, spinning, moving, some heading into the ground hard or on their side. */
function scene(): { state: Float32Array; command: Float32Array; force: Float32Array; status: Uint8Array } {
  const rng = new SeededRng(12);
  const n = COUNT, hover = hoverMotorCommand(CF2X_PARAMS);
  const state = new Float32Array(QUADROTOR_STATE_SIZE * n), command = new Float32Array(4 * n);
  const force = new Float32Array(3 * n), status = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const set = (c: number, value: number): void => void (state[c * n + i] = value);
    set(S.px, rng.uniform(-5, 5)); set(S.py, rng.uniform(-5, 5));
    set(S.pz, i % 4 === 0 ? 0.05 : rng.uniform(0.5, 3));
    set(S.vx, rng.uniform(-2, 2)); set(S.vy, rng.uniform(-2, 2)); set(S.vz, i % 4 === 0 ? -4 : rng.uniform(-1, 1));
    const ax = rng.uniform(-0.6, 0.6) * (i % 8 === 1 ? 3 : 1), ay = rng.uniform(-0.6, 0.6), az = rng.uniform(-1, 1);
    const norm = Math.sqrt(1 + ax * ax + ay * ay + az * az);
    set(S.qw, 1 / norm); set(S.qx, ax / norm); set(S.qy, ay / norm); set(S.qz, az / norm);
    set(S.wx, rng.uniform(-3, 3)); set(S.wy, rng.uniform(-3, 3)); set(S.wz, rng.uniform(-3, 3));
    for (let m = 0; m < 4; m++) {
      set(S.r0 + m, Math.min(1, hover * rng.uniform(0.8, 1.2)));
      command[m * n + i] = Math.min(1, Math.max(0, hover * rng.uniform(0.7, 1.3)));
    }
    for (let k = 0; k < 3; k++) force[k * n + i] = rng.uniform(-0.02, 0.02);
    status[i] = i === 5 ? VEHICLE_STATUS.crashedBuilding : VEHICLE_STATUS.ok;
  }
  return { state, command, force, status };
}

const build = buildReference(REFERENCE_EXACT_FLAGS);

describe.skipIf('missing' in build)('the C reference kernel', () => {
  it('steps drones to the scalar kernel\'s bits, crashes included', () => {
    if ('missing' in build) return;
    const drones = scene();
    const input = Buffer.concat([drones.state, drones.command, drones.force, drones.status].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
    const output = execFileSync(build.binary, ['step', String(COUNT), String(STEPS), String(Math.fround(DT)), ...referenceParams()], { input });
    const cState = new Float32Array(output.buffer.slice(output.byteOffset, output.byteOffset + 4 * QUADROTOR_STATE_SIZE * COUNT));
    const cStatus = new Uint8Array(output.buffer.slice(output.byteOffset + 4 * QUADROTOR_STATE_SIZE * COUNT, output.byteOffset + output.byteLength));

    const params = new Float32Array(QUADROTOR_KERNEL_PARAM_SIZE * COUNT);
    for (let i = 0; i < COUNT; i++) writeKernelParams(CF2X_PARAMS, params, COUNT, i);
    const batch = { count: COUNT, stride: COUNT, state: drones.state, params, motorCommand: drones.command, externalForce: drones.force, status: drones.status };
    stepQuadrotorsScalar(batch, 0, COUNT, DT, STEPS);

    // The scene reaches the cases that matter: hard landings crash, the frozen drone stays frozen.
    expect(drones.status.filter((s) => s === VEHICLE_STATUS.crashedGround).length).toBeGreaterThan(4);
    expect(drones.status[5]).toBe(VEHICLE_STATUS.crashedBuilding);
    const statusDiff: string[] = [];
    for (let i = 0; i < COUNT; i++) if (cStatus[i] !== drones.status[i]) statusDiff.push(`drone ${i}: C ${cStatus[i]}, kernel ${drones.status[i]}`);
    expect(statusDiff).toEqual([]);
    const mismatched: number[] = [];
    for (let k = 0; k < cState.length; k++) if (!Object.is(cState[k], drones.state[k])) mismatched.push(k);
    expect(mismatched.slice(0, 5).map((k) => `component ${Math.floor(k / COUNT)} of drone ${k % COUNT}: C ${cState[k]}, kernel ${drones.state[k]}`)).toEqual([]);
  });
});
