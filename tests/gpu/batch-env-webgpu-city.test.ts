import { describe, expect, it } from 'vitest';
import { QUADROTOR_STATE as S, VEHICLE_STATUS } from '../../physics/index.ts';
import { BatchEnv, runRollout, type BatchEnvOptions } from '../../sim/index.ts';
import { generateWorld } from '../../worlds/index.ts';
import { testGpu } from './gpu-test-device.ts';

const gpu = await testGpu();
const quiet = { gpuLog: () => {} };
const city = generateWorld(5, { size: 400 });

describe.skipIf(gpu.handle === null)('BatchEnv on the webgpu backend in a city', () => {
  it('crashes the same drones into buildings as the cpu backend, with wind blowing, and keeps positions within 1 mm (256 drones at 8 m/s on seeded headings, 800 steps)', async () => {
    const options: BatchEnvOptions = { task: 'hover', worlds: 256, world: city, autoreset: false, rung: 'velocity' };
    const cpu = await BatchEnv.create({ ...options, backend: 'cpu' });
    const webgpu = await BatchEnv.create({ ...options, backend: 'webgpu', ...quiet });
    try {
      cpu.reset({ seed: 4 });
      webgpu.reset({ seed: 4 });
      const actions = new Float32Array(4 * 256);
      for (let i = 0; i < 256; i++) {
        const heading = (i * 2.399963) % (2 * Math.PI); // golden-angle headings: every direction once
        actions[4 * i] = 8 * Math.cos(heading);
        actions[4 * i + 1] = 8 * Math.sin(heading);
      }
      for (let step = 0; step < 800; step++) {
        await cpu.stepAsync(actions);
        await webgpu.stepAsync(actions);
      }
      const n = cpu.core.stride;
      let difference = 0, statusMismatches = 0, crashed = 0, windy = 0;
      for (let i = 0; i < cpu.numDrones; i++) {
        const status = cpu.core.quad.status[i];
        if (status !== webgpu.core.quad.status[i]) statusMismatches++;
        if (status === VEHICLE_STATUS.crashedBuilding || status === VEHICLE_STATUS.outOfBounds) crashed++;
        if (Math.hypot(webgpu.core.quad.externalForce[i], webgpu.core.quad.externalForce[n + i]) > 0) windy++;
        let d2 = 0;
        for (let k = 0; k < 3; k++) d2 += (cpu.core.quad.state[(S.px + k) * n + i] - webgpu.core.quad.state[(S.px + k) * n + i]) ** 2;
        difference = Math.max(difference, Math.sqrt(d2));
      }
      console.log(`city parity: ${crashed} of ${cpu.numDrones} crashed or left, ${windy} in wind, max position difference ${difference.toExponential(3)} m`);
      expect(crashed).toBeGreaterThanOrEqual(20);
      expect(statusMismatches).toBe(0);
      expect(windy).toBeGreaterThan(0);
      expect(difference).toBeLessThan(1e-3);
    } finally {
      await cpu.close();
      await webgpu.close();
    }
  });

  it('reports the same crashes and a mean final error within 1 cm of the cpu backend in a rollout over a city', async () => {
    const options = { task: 'hover', worlds: 64, steps: 300, policy: 'pid', world: city };
    const cpu = await runRollout(options);
    const webgpu = await runRollout({ ...options, backend: 'webgpu', ...quiet });
    expect(webgpu.backend).toBe('webgpu');
    expect(webgpu.city).toBe(city.name);
    expect(webgpu.crashes).toBe(cpu.crashes);
    expect(Math.abs(webgpu.mean_final_error - cpu.mean_final_error)).toBeLessThan(1e-2);
  });
});
