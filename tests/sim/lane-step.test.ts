import { describe, expect, it } from 'vitest';
import { BatchEnv, type BatchEnvOptions } from '../../sim/index.ts';
import { SeededRng, applyQuadrotorControl, hashTypedArrays, QUADROTOR_RUNGS, type QuadrotorRung } from '../../physics/index.ts';

/**
 * The lane step (sim/batch/lane-step.ts): policy, controller, dynamics and the task's lane
 * evaluation in one kernel. Its WebAssembly SIMD build and its f32-exact JavaScript build give
 * the same bits; it agrees with the hand-written controller and task evaluation to f32 rounding.
 */
const randomization = { mass: 0.1, thrust: 0.05, inertia: 0.1, motorTimeConstant: 0.2 };

/** A fingerprint of everything a caller sees after a step: state, observations, rewards, flags, episode counters. */
function fingerprint(env: BatchEnv): string {
  const n = env.numDrones, core = env.core;
  return hashTypedArrays([
    core.quad.state, core.quad.status, core.quad.motorCommand, core.integral, core.observation.subarray(0, n * env.observationSize),
    core.reward.subarray(0, n), core.terminated.subarray(0, n), core.truncated.subarray(0, n), core.episodeStep.subarray(0, n),
    core.statsEpisodes.subarray(0, n), core.statsSuccesses.subarray(0, n),
  ]);
}

/** Fingerprints after each of `chunks` runs of `steps` steps (policy) or of seeded actions (policy null). */
async function run(options: BatchEnvOptions, policy: string | null, chunks: number, steps: number): Promise<string[]> {
  const env = await BatchEnv.create(options);
  try {
    env.reset({ seed: 9 });
    const prints: string[] = [];
    const rng = new SeededRng(4);
    const fields = QUADROTOR_RUNGS[env.config.rung];
    const actions = new Float32Array(4 * env.numDrones);
    for (let c = 0; c < chunks; c++) {
      if (policy) env.runPolicy(policy, steps);
      else {
        for (let s = 0; s < steps; s++) {
          // Commands within a fifth of each bound around the middle, so drones fly for a while.
          for (let k = 0; k < actions.length; k++) {
            const f = fields[k % 4], mid = (f.min + f.max) / 2;
            actions[k] = mid + 0.1 * (f.max - f.min) * rng.uniform(-1, 1);
          }
          env.step(actions);
        }
      }
      prints.push(fingerprint(env));
    }
    expect(env.core.laneStep(policy === 'pid' ? 'pid' : 'rows')?.kernel).toBe(options.kernel === 'scalar' ? 'scalar' : 'wasm-simd');
    return prints;
  } finally {
    await env.close();
  }
}

describe('the lane step', () => {
  it('gives the same bits on the wasm-simd and scalar paths, for 1 and 2 workers (hover, pid, autoresets, 203 drones)', async () => {
    const options = { task: 'hover', worlds: 203, randomization, maxEpisodeSteps: 70, rung: 'velocity' as const };
    const scalar = await run({ ...options, kernel: 'scalar' }, 'pid', 4, 60);
    const simd = await run({ ...options, kernel: 'wasm-simd' }, 'pid', 4, 60);
    const twoWorkers = await run({ ...options, kernel: 'wasm-simd', workers: 2 }, 'pid', 4, 60);
    expect(simd).toEqual(scalar);
    expect(twoWorkers).toEqual(scalar);
    expect(new Set(scalar).size).toBe(4);
  });

  for (const [rung, task] of [['rates', 'hover'], ['motors', 'hover'], ['velocity', 'waypoints']] as const) {
    it(`gives the same bits on both paths with the caller's actions on the ${rung} rung (${task})`, async () => {
      const options = { task, worlds: 37, randomization, maxEpisodeSteps: 50, rung };
      const scalar = await run({ ...options, kernel: 'scalar' }, null, 3, 40);
      expect(await run({ ...options, kernel: 'wasm-simd' }, null, 3, 40)).toEqual(scalar);
    });
  }

  it('gives the same bits on both paths with the random policy over a city (wind, building crashes)', async () => {
    const { generateWorld } = await import('../../worlds/index.ts');
    const world = generateWorld(3, { size: 400 });
    const options = { task: 'hover', worlds: 64, world, maxEpisodeSteps: 80, rung: 'velocity' as const };
    const scalar = await run({ ...options, kernel: 'scalar' }, 'random', 3, 50);
    expect(await run({ ...options, kernel: 'wasm-simd' }, 'random', 3, 50)).toEqual(scalar);
  });

  for (const rung of ['velocity', 'rates'] as const satisfies readonly QuadrotorRung[]) {
    it(`commands the motors as the hand-written ${rung} cascade does, to f32 rounding`, async () => {
      const env = await BatchEnv.create({ task: 'hover', worlds: 64, rung, randomization, kernel: 'scalar' });
      try {
        env.reset({ seed: 5 });
        env.runPolicy('random', 20); // tilted, moving drones with a non-zero integral
        const core = env.core, n = core.stride, rng = new SeededRng(8), fields = QUADROTOR_RUNGS[rung];
        const actions = new Float32Array(4 * env.numDrones);
        for (let k = 0; k < actions.length; k++) {
          const f = fields[k % 4], mid = (f.min + f.max) / 2;
          actions[k] = mid + 0.1 * (f.max - f.min) * rng.uniform(-1, 1);
        }
        const copy = { ...core.quad, motorCommand: core.quad.motorCommand.slice(), state: core.quad.state.slice(), status: core.quad.status.slice() };
        const integral = core.integral.slice();
        applyQuadrotorControl(rung, actions, copy, integral, core.config.gains, 0, env.numDrones, core.config.dt);
        env.step(actions);
        let worst = 0, moving = 0;
        for (let m = 0; m < 4; m++) {
          for (let i = 0; i < env.numDrones; i++) {
            worst = Math.max(worst, Math.abs(core.quad.motorCommand[m * n + i] - copy.motorCommand[m * n + i]));
            if (copy.motorCommand[m * n + i] > 0.05 && copy.motorCommand[m * n + i] < 0.95) moving++;
          }
        }
        expect(moving).toBeGreaterThan(100);
        expect(worst).toBeLessThan(2e-5);
        for (let k = 0; k < integral.length; k++) expect(core.integral[k]).toBeCloseTo(integral[k], 6);
      } finally {
        await env.close();
      }
    });
  }

  it('runs many pid steps per kernel call with the bits of one step per call (autoresets, crashes, kept final observations, 1 and 2 workers)', async () => {
    const fingerprintAll = (env: BatchEnv): string => {
      const n = env.numDrones, core = env.core;
      return fingerprint(env) + hashTypedArrays([
        core.episodeReturn.subarray(0, n), core.finalError.subarray(0, n), core.success.subarray(0, n), core.endStatus.subarray(0, n),
        core.statsCrashes.subarray(0, n), core.episodeIndex.subarray(0, n), core.finalObservation!.subarray(0, n * env.observationSize),
      ]);
    };
    const rollout = async (kernel: 'wasm-simd' | 'scalar', workers: number, perCall: number): Promise<string[]> => {
      const env = await BatchEnv.create({ task: 'hover', worlds: 150, randomization, maxEpisodeSteps: 37, kernel, workers, keepFinalObservation: true });
      try {
        env.reset({ seed: 6 });
        // A fifth of the drones start falling fast just above the ground: they crash within the first steps.
        const core = env.core, n = core.stride;
        for (let i = 0; i < env.numDrones; i += 5) {
          core.quad.state[2 * n + i] = 0.05;
          core.quad.state[5 * n + i] = -6;
        }
        const prints: string[] = [];
        for (let c = 0; c < 3; c++) {
          for (let done = 0; done < 50; done += perCall) env.runPolicy('pid', perCall);
          prints.push(fingerprintAll(env));
        }
        expect(core.statsCrashes.subarray(0, env.numDrones).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(30);
        expect(core.statsEpisodes.subarray(0, env.numDrones).reduce((a, b) => a + b, 0)).toBeGreaterThan(400);
        return prints;
      } finally {
        await env.close();
      }
    };
    const stepByStep = await rollout('wasm-simd', 1, 1);
    expect(await rollout('wasm-simd', 1, 50)).toEqual(stepByStep);
    expect(await rollout('scalar', 1, 25)).toEqual(stepByStep);
    expect(await rollout('wasm-simd', 2, 50)).toEqual(stepByStep);
  });

  it('runs many pid steps per call over a city with the bits of one step per call (wind, building and ground crashes, autoresets, 1 and 2 workers)', async () => {
    const { generateWorld } = await import('../../worlds/index.ts');
    const world = generateWorld(3, { size: 400 });
    const rollout = async (kernel: 'wasm-simd' | 'scalar', workers: number, perCall: number): Promise<{ prints: string[]; buildingCrashes: number }> => {
      const env = await BatchEnv.create({ task: 'hover', worlds: 120, world, randomization, maxEpisodeSteps: 45, kernel, workers });
      try {
        env.reset({ seed: 8 });
        const core = env.core, n = core.stride, state = core.quad.state;
        for (let i = 0; i < env.numDrones; i++) {
          if (i % 6 === 0) {
            // Headed into a wall 0.3 m away at 3 m/s.
            const b = world.buildings[i % world.buildings.length];
            state[n + i] = b.minY - 0.3;
            state[i] = (b.minX + b.maxX) / 2;
            state[2 * n + i] = Math.min(2, b.height / 2);
            state[4 * n + i] = 3;
            // The setpoint moves along, so that the task's fly-away rule does not end the episode first.
            for (let k = 0; k < 3; k++) core.goal[k * n + i] = state[k * n + i];
          } else if (i % 6 === 1) {
            state[2 * n + i] = 0.05; // falling fast just above the ground
            state[5 * n + i] = -6;
          }
        }
        const prints: string[] = [];
        let buildingCrashes = 0;
        for (let c = 0; c < 3; c++) {
          for (let done = 0; done < 40; done += perCall) {
            env.runPolicy('pid', perCall);
            for (let i = 0; i < env.numDrones; i++) if ((core.terminated[i] | core.truncated[i]) && core.endStatus[i] === 2) buildingCrashes++;
          }
          prints.push(fingerprint(env) + hashTypedArrays([core.episodeReturn.subarray(0, env.numDrones), core.statsCrashes.subarray(0, env.numDrones), core.quad.externalForce]));
        }
        return { prints, buildingCrashes };
      } finally {
        await env.close();
      }
    };
    const stepByStep = await rollout('wasm-simd', 1, 1);
    expect(stepByStep.buildingCrashes).toBeGreaterThanOrEqual(10);
    expect((await rollout('wasm-simd', 1, 40)).prints).toEqual(stepByStep.prints);
    expect((await rollout('scalar', 1, 20)).prints).toEqual(stepByStep.prints);
    expect((await rollout('wasm-simd', 2, 40)).prints).toEqual(stepByStep.prints);
  });

  it('gives runPolicy the bits of one step per call with downwash between stacked drones', async () => {
    const run = async (perCall: number): Promise<string> => {
      const env = await BatchEnv.create({ task: 'hover', worlds: 8, dronesPerWorld: 4, paramSet: 'cf2x+downwash', maxEpisodeSteps: 300 });
      try {
        env.reset({ seed: 3 });
        const core = env.core, n = core.stride;
        for (let i = 0; i < env.numDrones; i++) {
          // The four drones of a world hover 0.4 m above one another.
          const base = i - (i % 4);
          for (const [c, value] of [[0, core.quad.state[base]], [1, core.quad.state[n + base]], [2, 1 + 0.4 * (i % 4)]] as const) {
            core.quad.state[c * n + i] = value;
            core.goal[c * n + i] = value;
          }
        }
        for (let done = 0; done < 60; done += perCall) env.runPolicy('pid', perCall);
        return fingerprint(env);
      } finally {
        await env.close();
      }
    };
    expect(await run(60)).toBe(await run(1));
  });

  it('scores and observes hover drones as the task\'s JavaScript does', async () => {
    const env = await BatchEnv.create({ task: 'hover', worlds: 100, randomization, kernel: 'wasm-simd' });
    try {
      env.reset({ seed: 2 });
      const result = env.runPolicy('pid', 30);
      const core = env.core, size = env.observationSize;
      const laneReward = result.reward.slice(), laneObservation = result.obs.slice(), ended = core.ended.slice(0, env.numDrones);
      core.task.evaluateSlice(core, 0, env.numDrones);
      core.task.observeSlice(core, 0, env.numDrones);
      for (let i = 0; i < env.numDrones; i++) {
        expect(laneReward[i]).toBeCloseTo(core.reward[i], 5);
        expect(ended[i]).toBe(core.ended[i]);
      }
      const mismatched = laneObservation.findIndex((value, k) => !Object.is(value, core.observation[k]));
      expect(mismatched).toBe(-1);
      expect(laneObservation.length).toBe(100 * size);
      expect(laneReward.some((r) => r > 0.5)).toBe(true);
    } finally {
      await env.close();
    }
  });
});
