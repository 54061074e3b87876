import { afterAll, describe, expect, it } from 'vitest';
import {
  BatchArena, DEFAULT_QUADROTOR_GAINS, GpuQuadrotorBatch, QUADROTOR_STATE as S, SeededRng, VEHICLE_STATUS, applyQuadrotorControl,
  createQuadrotorStepper, hoverMotorCommand, quadrotorArenaFields, quadrotorParamsByName, rowStride, writeKernelParams,
} from '../../physics/index.ts';
import { WorldIndex, generateWorld } from '../../worlds/index.ts';
import { testGpu } from './gpu-test-device.ts';

const gpu = await testGpu();
const DT = 0.01;
/** sim/'s drone collision radius (world-in-the-loop.ts). */
const DRONE_RADIUS = 0.06;

describe.skipIf(gpu.handle === null)('building collision and world bounds on the GPU', () => {
  afterAll(() => gpu.handle?.destroy());

  it('crashes the same drones into the same buildings, and sends the same ones out of bounds, as the CPU world in the loop (600 steps, 50 per dispatch)', async () => {
    const spec = generateWorld(3, { size: 600 });
    const index = new WorldIndex(spec);
    const count = 256, stride = rowStride(count);
    const arena = BatchArena.create([...quadrotorArenaFields(count), { name: 'integral', kind: 'f32', length: 3 * stride }], { shared: false });
    const stepper = createQuadrotorStepper(arena, count, { kernel: 'wasm-simd' });
    const { state, params, motorCommand, status } = stepper.arrays;
    const integral = arena.f32('integral');
    const base = quadrotorParamsByName('cf2x');
    const rng = new SeededRng(11);
    const { bounds } = spec;
    const commands = new Float32Array(4 * count);
    for (let i = 0; i < stride; i++) {
      writeKernelParams(base, params, stride, i);
      state[S.qw * stride + i] = 1;
      if (i >= count) {
        status[i] = VEHICLE_STATUS.inactive;
        continue;
      }
      // Half aim at a building from 25 m away below its roof, half roam from seeded clear spots at 3 to 40 m,
      // and the last 16 start near the west edge and fly out of the world.
      let x = 0, y = 0, z = 0, heading = 0;
      for (let attempt = 0; attempt < 200; attempt++) {
        heading = rng.uniform(-Math.PI, Math.PI);
        if (i < count / 2) {
          const target = spec.buildings[Math.floor(rng.next() * spec.buildings.length)];
          const away = rng.uniform(-Math.PI, Math.PI);
          x = (target.minX + target.maxX) / 2 + 25 * Math.cos(away);
          y = (target.minY + target.maxY) / 2 + 25 * Math.sin(away);
          z = rng.uniform(2, Math.max(2.5, Math.min(target.height - 1, 40)));
          heading = away + Math.PI;
        } else {
          x = i >= count - 16 ? bounds.minX + 3 : rng.uniform(bounds.minX + 20, bounds.maxX - 20);
          y = rng.uniform(bounds.minY + 20, bounds.maxY - 20);
          z = rng.uniform(3, 40);
          if (i >= count - 16) heading = Math.PI;
        }
        const inside = x > bounds.minX + 1 && x < bounds.maxX - 1 && y > bounds.minY + 1 && y < bounds.maxY - 1;
        if (inside && index.collideBox(x - 1, y - 1, z - 1, x + 1, y + 1, z + 1) < 0) break;
      }
      state[S.px * stride + i] = x;
      state[S.py * stride + i] = y;
      state[S.pz * stride + i] = z;
      for (let m = 0; m < 4; m++) state[(S.r0 + m) * stride + i] = motorCommand[m * stride + i] = hoverMotorCommand(base);
      commands[4 * i] = 4 * Math.cos(heading);
      commands[4 * i + 1] = 4 * Math.sin(heading);
    }
    const batch = await GpuQuadrotorBatch.create(gpu.handle!.device, {
      count, rung: 'velocity', dt: DT, gains: DEFAULT_QUADROTOR_GAINS, world: { grid: index.grid, bounds, droneRadius: DRONE_RADIUS },
    });
    try {
      batch.upload(stepper.arrays, integral);
      batch.setCommands(commands);
      batch.step(600, 50);
      // The CPU reference: controller, physics, then the world's checks, every step (sim/world/world-in-the-loop.ts).
      const hits = new Int32Array(stride);
      const px = state.subarray(S.px * stride, (S.px + 1) * stride), py = state.subarray(S.py * stride, (S.py + 1) * stride);
      const pz = state.subarray(S.pz * stride, (S.pz + 1) * stride);
      for (let step = 0; step < 600; step++) {
        applyQuadrotorControl('velocity', commands, stepper.arrays, integral, DEFAULT_QUADROTOR_GAINS, 0, count, DT);
        stepper.step(0, count, DT);
        index.collideSpheresBatch(px, py, pz, DRONE_RADIUS, 0, count, hits);
        for (let i = 0; i < count; i++) {
          if (status[i] !== VEHICLE_STATUS.ok) continue;
          if (hits[i] >= 0) status[i] = VEHICLE_STATUS.crashedBuilding;
          else if (px[i] < bounds.minX || px[i] > bounds.maxX || py[i] < bounds.minY || py[i] > bounds.maxY || pz[i] > bounds.ceiling) status[i] = VEHICLE_STATUS.outOfBounds;
        }
      }
      const gpuState = new Float32Array(state.length), gpuStatus = new Uint8Array(stride);
      await batch.read({ state: gpuState, status: gpuStatus });
      let difference = 0, statusMismatches = 0;
      const tally = { crashedBuilding: 0, outOfBounds: 0, ok: 0 };
      for (let i = 0; i < count; i++) {
        if (gpuStatus[i] !== status[i]) statusMismatches++;
        if (status[i] === VEHICLE_STATUS.crashedBuilding) tally.crashedBuilding++;
        else if (status[i] === VEHICLE_STATUS.outOfBounds) tally.outOfBounds++;
        else if (status[i] === VEHICLE_STATUS.ok) tally.ok++;
        let d2 = 0;
        for (let k = 0; k < 3; k++) d2 += (state[(S.px + k) * stride + i] - gpuState[(S.px + k) * stride + i]) ** 2;
        difference = Math.max(difference, Math.sqrt(d2));
      }
      console.log(`world parity in a ${spec.buildings.length}-building city: ${JSON.stringify(tally)}, max position difference ${difference.toExponential(3)} m`);
      expect(tally.crashedBuilding).toBeGreaterThanOrEqual(40);
      expect(tally.outOfBounds).toBe(16);
      expect(tally.ok).toBeGreaterThanOrEqual(10);
      expect(statusMismatches).toBe(0);
      expect(difference).toBeLessThan(1e-3);
    } finally {
      batch.destroy();
    }
  });

  it('refuses a building grid whose arrays do not match its cell count, saying what was expected', async () => {
    const grid = { originX: 0, originY: 0, cellSize: 10, columns: 2, rows: 2, maxHeight: 5, cellStart: [0, 0, 0], cellBoxes: [], cellMaxHeight: [0, 0, 0, 0] };
    await expect(GpuQuadrotorBatch.create(gpu.handle!.device, {
      count: 4, rung: 'velocity', dt: DT, gains: DEFAULT_QUADROTOR_GAINS, world: { grid, bounds: { minX: 0, minY: 0, maxX: 20, maxY: 20, ceiling: 50 }, droneRadius: 0.06 },
    })).rejects.toThrow(/cellStart has 3 entries .* accepted: 5 and 4/);
  });
});
