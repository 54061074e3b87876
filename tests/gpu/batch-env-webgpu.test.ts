import { afterAll, describe, expect, it } from 'vitest';
import { QUADROTOR_STATE as S } from '../../physics/index.ts';
import { BatchEnv, runRollout, type BatchEnvOptions } from '../../sim/index.ts';
import { testGpu } from './gpu-test-device.ts';

const gpu = await testGpu();
const quiet = { gpuLog: () => {} };

/** Largest distance between the two batches' drone positions. */
function maxPositionDifference(a: BatchEnv, b: BatchEnv): number {
  const n = a.core.stride, sa = a.core.quad.state, sb = b.core.quad.state;
  let worst = 0;
  for (let i = 0; i < a.numDrones; i++) {
    let d2 = 0;
    for (let k = 0; k < 3; k++) d2 += (sa[(S.px + k) * n + i] - sb[(S.px + k) * n + i]) ** 2;
    worst = Math.max(worst, Math.sqrt(d2));
  }
  return worst;
}

async function parityAfter(options: BatchEnvOptions, steps: number): Promise<{ difference: number; sameEpisodes: boolean }> {
  const cpu = await BatchEnv.create({ ...options, backend: 'cpu' });
  const webgpu = await BatchEnv.create({ ...options, backend: 'webgpu', ...quiet });
  try {
    cpu.reset({ seed: 3 });
    webgpu.reset({ seed: 3 });
    await cpu.runPolicyAsync('pid', steps);
    await webgpu.runPolicyAsync('pid', steps);
    const sameEpisodes = cpu.core.statsEpisodes.every((episodes, i) => webgpu.core.statsEpisodes[i] === episodes);
    return { difference: maxPositionDifference(cpu, webgpu), sameEpisodes };
  } finally {
    await cpu.close();
    await webgpu.close();
  }
}

describe.skipIf(gpu.handle === null)('BatchEnv on the webgpu backend', () => {
  afterAll(() => gpu.handle?.destroy());

  it('flies 64 hover worlds with the pid policy for 1,000 steps within 1 mm of the cpu backend', async () => {
    const { difference, sameEpisodes } = await parityAfter({ task: 'hover', worlds: 64, maxEpisodeSteps: 5000 }, 1000);
    console.log(`BatchEnv hover parity: ${difference.toExponential(3)} m`);
    expect(sameEpisodes).toBe(true);
    expect(difference).toBeLessThan(1e-3);
  });

  it('flies 64 waypoints worlds with the pid policy for 1,000 steps within 1 mm of the cpu backend', async () => {
    const { difference, sameEpisodes } = await parityAfter({ task: 'waypoints', worlds: 64 }, 1000);
    console.log(`BatchEnv waypoints parity: ${difference.toExponential(3)} m`);
    expect(sameEpisodes).toBe(true);
    expect(difference).toBeLessThan(1e-3);
  });

  it('keeps autoreset episodes in step with the cpu backend when episodes end every 100 steps', async () => {
    const { difference, sameEpisodes } = await parityAfter({ task: 'hover', worlds: 16, maxEpisodeSteps: 100, randomization: { mass: 0.1 } }, 350);
    expect(sameEpisodes).toBe(true);
    expect(difference).toBeLessThan(1e-3);
  });

  it('steps caller actions through stepAsync and refuses the synchronous step with a pointer to it', async () => {
    const env = await BatchEnv.create({ task: 'hover', worlds: 4, backend: 'webgpu', ...quiet });
    try {
      env.reset();
      expect(env.backend).toBe('webgpu');
      expect(() => env.step(new Float32Array(16))).toThrow(/webgpu backend; use await env\.stepAsync/);
      const result = await env.stepAsync(new Float32Array(16));
      expect(result.info.episodeStep[0]).toBe(1);
      await expect(env.stepAsync(new Float32Array(3))).rejects.toThrow(/expected 4 × 4 = 16 numbers/);
    } finally {
      await env.close();
    }
  });

  it('reports backend webgpu and the wgsl kernel in the rollout summary, with the same fields as the cpu backend', async () => {
    const options = { task: 'hover', worlds: 64, steps: 300, policy: 'pid' };
    const cpu = await runRollout(options);
    const webgpu = await runRollout({ ...options, backend: 'webgpu', ...quiet });
    expect(webgpu.backend).toBe('webgpu');
    expect(webgpu.kernel).toBe('wgsl');
    expect(Object.keys(webgpu).sort()).toEqual(Object.keys(cpu).sort());
    expect(Math.abs(webgpu.mean_final_error - cpu.mean_final_error)).toBeLessThan(1e-2);
    expect(webgpu.episodes).toBe(cpu.episodes);
  });
});

describe('BatchEnv backend options', () => {
  it('names the accepted backends for an unknown one, and refuses several workers on webgpu', async () => {
    await expect(BatchEnv.create({ backend: 'cuda' as 'cpu' })).rejects.toThrow('backend "cuda" is unknown; accepted: cpu, webgpu');
    await expect(BatchEnv.create({ backend: 'webgpu', workers: 2 })).rejects.toThrow(/workers = 2 with backend webgpu; accepted: 1/);
  });
});
