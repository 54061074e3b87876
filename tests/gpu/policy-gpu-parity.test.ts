import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { QUADROTOR_STATE as S } from '../../physics/index.ts';
import { BatchEnv, NetworkPolicy, parsePolicyFile, runRollout, type BatchEnvOptions } from '../../sim/index.ts';
import { testGpu } from './gpu-test-device.ts';

const gpu = await testGpu();
const quiet = { gpuLog: () => {} };
// A hover policy at the motors rung trained by `skyline train --task hover --action motors --seed 1`.
const POLICY_PATH = fileURLToPath(new URL('../fixtures/hover-motors.policy.json', import.meta.url));
const policy = parsePolicyFile(readFileSync(POLICY_PATH, 'utf8'));
const SKYLINE = fileURLToPath(new URL('../../bin/skyline.mjs', import.meta.url));

function skyline(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SKYLINE, ...args], { timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

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

describe.skipIf(gpu.handle === null)('a policy network in the GPU step loop', () => {
  afterAll(() => gpu.handle?.destroy());

  it('commands the same motor speeds as the CPU forward pass within 1e-5 on the first step', async () => {
    const env = await BatchEnv.create({ task: 'hover', rung: 'motors', spawn: 'wide', worlds: 256, backend: 'webgpu', ...quiet });
    try {
      const { obs } = env.reset({ seed: 5 });
      const cpuActions = new Float32Array(env.numDrones * 4);
      new NetworkPolicy(policy).act(obs, env.numDrones, cpuActions);
      expect(env.networkOnGpu(policy)).toBe(true);
      await env.runNetworkAsync(policy, 1);
      // At the motors rung the controller passes the command through: the motor command is the action.
      const n = env.core.stride, motor = env.core.quad.motorCommand;
      let worst = 0, spread = 0;
      for (let i = 0; i < env.numDrones; i++) {
        for (let j = 0; j < 4; j++) {
          worst = Math.max(worst, Math.abs(motor[j * n + i] - cpuActions[4 * i + j]));
          spread = Math.max(spread, Math.abs(cpuActions[4 * i + j] - cpuActions[j]));
        }
      }
      console.log(`policy actions, GPU loop vs CPU: ${worst.toExponential(2)} (commands span ${spread.toFixed(3)})`);
      expect(spread).toBeGreaterThan(0.05); // the drones really are commanded differently
      expect(worst).toBeLessThan(1e-5);
    } finally {
      await env.close();
    }
  });

  it('flies wide-spawn hover with autoresets within 1 mm of the CPU after 400 steps, with the same episodes', async () => {
    const options: BatchEnvOptions = { task: 'hover', rung: 'motors', spawn: 'wide', worlds: 32, maxEpisodeSteps: 150 };
    const cpu = await BatchEnv.create({ ...options, backend: 'cpu' });
    const webgpu = await BatchEnv.create({ ...options, backend: 'webgpu', ...quiet });
    try {
      cpu.reset({ seed: 9 });
      webgpu.reset({ seed: 9 });
      for (let chunk = 0; chunk < 4; chunk++) {
        await cpu.runNetworkAsync(policy, 100);
        await webgpu.runNetworkAsync(policy, 100);
      }
      const difference = maxPositionDifference(cpu, webgpu);
      console.log(`policy positions after 400 steps, GPU loop vs CPU: ${difference.toExponential(2)} m`);
      expect(Array.from(webgpu.core.statsEpisodes.subarray(0, 32))).toEqual(Array.from(cpu.core.statsEpisodes.subarray(0, 32)));
      expect(cpu.core.statsEpisodes[0]).toBe(2); // 400 steps of 150-step episodes: two ended
      expect(Array.from(webgpu.core.statsSuccesses.subarray(0, 32))).toEqual(Array.from(cpu.core.statsSuccesses.subarray(0, 32)));
      expect(Array.from(webgpu.core.episodeStep.subarray(0, 32))).toEqual(Array.from(cpu.core.episodeStep.subarray(0, 32)));
      expect(difference).toBeLessThan(1e-3);
      // The books the loop keeps: returns of the running episodes agree too.
      for (let i = 0; i < 32; i++) expect(Math.abs(webgpu.core.episodeReturn[i] - cpu.core.episodeReturn[i])).toBeLessThan(1e-2);
    } finally {
      await cpu.close();
      await webgpu.close();
    }
  });

  it('flies a waypoints policy with the same waypoints reached as the CPU, within 1 mm after 1,000 steps', async () => {
    // A velocity-rung waypoints policy part-way through training: it reaches the first waypoint in some episodes.
    const waypointsPolicy = parsePolicyFile(readFileSync(new URL('../fixtures/waypoints-velocity.policy.json', import.meta.url), 'utf8'));
    const options: BatchEnvOptions = { task: 'waypoints', rung: 'velocity', worlds: 64, maxEpisodeSteps: 600 };
    const cpu = await BatchEnv.create({ ...options, backend: 'cpu' });
    const webgpu = await BatchEnv.create({ ...options, backend: 'webgpu', ...quiet });
    try {
      expect(webgpu.networkOnGpu(waypointsPolicy)).toBe(true);
      cpu.reset({ seed: 2 });
      webgpu.reset({ seed: 2 });
      for (let chunk = 0; chunk < 10; chunk++) {
        await cpu.runNetworkAsync(waypointsPolicy, 100);
        await webgpu.runNetworkAsync(waypointsPolicy, 100);
      }
      const index = (env: BatchEnv): number[] => Array.from(env.core.taskArrays['waypoints.index'].subarray(0, 64));
      const difference = maxPositionDifference(cpu, webgpu);
      console.log(`waypoints policy positions after 1,000 steps, GPU loop vs CPU: ${difference.toExponential(2)} m; ${index(cpu).filter((w) => w > 0).length} of 64 drones past their first waypoint`);
      expect(index(cpu).filter((w) => w > 0).length).toBeGreaterThan(3); // the reach rule really ran
      expect(index(webgpu)).toEqual(index(cpu));
      expect(Array.from(webgpu.core.statsEpisodes.subarray(0, 64))).toEqual(Array.from(cpu.core.statsEpisodes.subarray(0, 64)));
      expect(difference).toBeLessThan(1e-3);
    } finally {
      await cpu.close();
      await webgpu.close();
    }
  });

  it('runs in the rollout runner with the CPU\'s success rate, and says the network ran in the loop', async () => {
    const options = { task: 'hover', rung: 'motors' as const, worlds: 64, steps: 300, policy: 'hover.policy.json', network: policy };
    const [cpu, webgpu] = [await runRollout(options), await runRollout({ ...options, backend: 'webgpu', ...quiet })];
    expect(webgpu.kernel).toBe('wgsl + network in the loop');
    expect(webgpu.success_rate).toBe(cpu.success_rate);
    expect(cpu.success_rate).toBeGreaterThan(0.5);
    expect(Math.abs(webgpu.mean_final_error - cpu.mean_final_error)).toBeLessThan(1e-4);
  });

  it('skyline rollout --backend webgpu --policy FILE flies it in the loop (the real command)', async () => {
    const result = await skyline(['rollout', '--policy', POLICY_PATH, '--worlds', '32', '--steps', '200', '--backend', 'webgpu', '--json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ task: 'hover', rung: 'motors', backend: 'webgpu', kernel: 'wgsl + network in the loop', drones: 32, episodes: 32 });
    expect(summary.mean_final_error).toBeLessThan(0.5);
  });

  it('refuses a policy for another task, and flies the network on the CPU between GPU steps where downwash couples the drones', async () => {
    const waypoints = await BatchEnv.create({ task: 'waypoints', rung: 'motors', worlds: 2, backend: 'webgpu', ...quiet });
    try {
      waypoints.reset({ seed: 1 });
      expect(waypoints.networkOnGpu(policy)).toBe(false);
      await expect(waypoints.runNetworkAsync(policy, 1)).rejects.toThrow(/flies hover at the motors rung; this BatchEnv flies waypoints/);
    } finally {
      await waypoints.close();
    }
    const options: BatchEnvOptions = { task: 'hover', rung: 'motors', paramSet: 'cf2x+downwash', worlds: 2, dronesPerWorld: 4, maxEpisodeSteps: 5000 };
    const cpu = await BatchEnv.create({ ...options, backend: 'cpu' });
    const webgpu = await BatchEnv.create({ ...options, backend: 'webgpu', ...quiet });
    try {
      expect(webgpu.networkOnGpu(policy)).toBe(false);
      cpu.reset({ seed: 4 });
      webgpu.reset({ seed: 4 });
      await cpu.runNetworkAsync(policy, 100);
      await webgpu.runNetworkAsync(policy, 100);
      expect(maxPositionDifference(cpu, webgpu)).toBeLessThan(1e-3);
    } finally {
      await cpu.close();
      await webgpu.close();
    }
  });
});
