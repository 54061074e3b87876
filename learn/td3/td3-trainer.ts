import { SeededRng, mixSeeds, QUADROTOR_RUNGS } from '../../physics/index.ts';
import { BatchEnv, normalizeObservation, type PolicyFile } from '../../sim/index.ts';
import { TrainableMlp, type MlpKernel } from '../network/trainable-mlp.ts';
import { AdamOptimizer } from '../network/adam-optimizer.ts';
import { RunningNormalizer } from '../network/running-normalizer.ts';
import { actionMapping, policyFileFrom } from '../policy/policy-builder.ts';
import { randomizationFor, resolveTrainOptions, type ResolvedTrainOptions, type TrainIterationStats, type TrainOptions, type Trainer } from '../trainer.ts';

/** TD3's settings (Fujimoto et al., 2018); RLtools' Learning to Fly trains its hover policy with it. */
export interface Td3Settings {
  envs: number;
  /** Environment steps of every drone per iteration. */
  stepsPerIteration: number;
  /** Gradient steps per transition collected (0.25: one per four). */
  updatesPerTransition: number;
  batch: number;
  gamma: number;
  tau: number;
  learningRate: number;
  explorationNoise: number;
  targetNoise: number;
  targetNoiseClip: number;
  policyDelay: number;
  /** Transitions collected around the neutral command before learning starts (they also fix the normalisation). */
  warmup: number;
  bufferSize: number;
  rewardScale: number;
  kernel: MlpKernel;
}

export const DEFAULT_TD3_SETTINGS: Td3Settings = {
  envs: 64, stepsPerIteration: 16, updatesPerTransition: 0.25, batch: 256, gamma: 0.99, tau: 0.005, learningRate: 1e-3,
  explorationNoise: 0.1, targetNoise: 0.2, targetNoiseClip: 0.5, policyDelay: 2, warmup: 10_000, bufferSize: 1_000_000,
  rewardScale: 0.1, kernel: 'auto',
};

/**
 * Twin delayed deep deterministic policy gradient on a BatchEnv: a tanh-squashed deterministic
 * actor, two critics with target copies (Polyak averaging), clipped target-policy noise and
 * delayed actor updates, over a replay buffer fed by `envs` drones. The observation
 * normalisation is fixed from the warm-up transitions, so replayed transitions keep their meaning.
 */
export class Td3Trainer implements Trainer {
  readonly options: ResolvedTrainOptions;
  readonly settings: Td3Settings;
  readonly env: BatchEnv;
  readonly actor: TrainableMlp;
  private readonly actorTarget: TrainableMlp;
  private readonly critics: TrainableMlp[];
  private readonly criticTargets: TrainableMlp[];
  private readonly actorAdam: AdamOptimizer;
  private readonly criticAdams: AdamOptimizer[];
  private readonly normalizer: RunningNormalizer;
  private readonly policy: PolicyFile;
  private readonly rng: SeededRng;
  private readonly obsSize: number;
  private readonly neutral: Float32Array;
  private observation: Float32Array;
  private readonly episodeReturn: Float64Array;
  // Replay buffer (raw observations; normalised when sampled).
  private readonly states: Float32Array;
  private readonly nextStates: Float32Array;
  private readonly actions: Float32Array;
  private readonly rewards: Float32Array;
  private readonly dones: Uint8Array;
  private stored = 0;
  private cursor = 0;
  private stepsDone = 0;
  private gradientSteps = 0;
  private iterations = 0;
  private readonly started = performance.now();

  private constructor(options: ResolvedTrainOptions, settings: Td3Settings, env: BatchEnv) {
    this.options = options;
    this.settings = settings;
    this.env = env;
    const obs = (this.obsSize = env.observationSize);
    const hidden = options.hidden;
    const seed = options.seed;
    this.actor = new TrainableMlp([obs, ...hidden, 4], mixSeeds(seed, 11), 0.01, settings.kernel);
    this.actorTarget = new TrainableMlp([obs, ...hidden, 4], 0, 1, settings.kernel);
    this.critics = [0, 1].map((k) => new TrainableMlp([obs + 4, ...hidden, 1], mixSeeds(seed, 12 + k), 0.1, settings.kernel));
    this.criticTargets = [0, 1].map(() => new TrainableMlp([obs + 4, ...hidden, 1], 0, 1, settings.kernel));
    const mapping = actionMapping(options.rung, options.paramSet);
    this.neutral = mapping.neutral;
    const outputBias = this.actor.layers[this.actor.layers.length - 1].bias;
    for (let j = 0; j < 4; j++) outputBias[j] = Math.atanh(Math.max(-0.99, Math.min(0.99, mapping.neutral[j])));
    this.actor.refresh();
    copyParameters(this.actor, this.actorTarget);
    this.critics.forEach((critic, k) => copyParameters(critic, this.criticTargets[k]));
    this.actorAdam = new AdamOptimizer(this.actor.params);
    this.criticAdams = this.critics.map((critic) => new AdamOptimizer(critic.params));
    this.normalizer = new RunningNormalizer(obs);
    this.policy = policyFileFrom(options, 'td3', this.actor, new Float32Array(obs), new Float32Array(obs).fill(1), 5, mapping, 'tanh');
    this.rng = new SeededRng(mixSeeds(seed, 13));
    const size = settings.bufferSize;
    this.states = new Float32Array(size * obs);
    this.nextStates = new Float32Array(size * obs);
    this.actions = new Float32Array(size * 4);
    this.rewards = new Float32Array(size);
    this.dones = new Uint8Array(size);
    this.episodeReturn = new Float64Array(settings.envs);
    this.observation = env.reset({ seed }).obs.slice();
  }

  static async create(options: TrainOptions, settings: Partial<Td3Settings> = {}): Promise<Td3Trainer> {
    const resolved = resolveTrainOptions(options);
    const merged: Td3Settings = { ...DEFAULT_TD3_SETTINGS, ...settings };
    if (options.envs !== undefined) merged.envs = options.envs;
    const env = await BatchEnv.create({
      task: resolved.task, worlds: merged.envs, rung: resolved.rung, paramSet: resolved.paramSet, seed: resolved.seed,
      workers: resolved.workers, spawn: resolved.spawn, randomization: randomizationFor(resolved.randomize), maxEpisodeSteps: resolved.maxEpisodeSteps,
    });
    return new Td3Trainer(resolved, merged, env);
  }

  get environmentSteps(): number {
    return this.stepsDone;
  }

  async iterate(): Promise<TrainIterationStats> {
    const { envs, stepsPerIteration, explorationNoise, warmup, rewardScale } = this.settings;
    const obsSize = this.obsSize, fields = QUADROTOR_RUNGS[this.options.rung];
    const { offset, scale } = this.policy.action;
    const commands = new Float32Array(envs * 4), chosen = new Float32Array(envs * 4), inputs = new Float64Array(envs * obsSize);
    let episodes = 0, successes = 0, returnSum = 0, criticLoss = 0, actorLoss = 0, updates = 0;
    for (let t = 0; t < stepsPerIteration; t++) {
      const warming = this.stepsDone < warmup;
      let mean: Float64Array | null = null;
      if (!warming) {
        for (let i = 0; i < envs; i++) normalizeObservation(this.policy, this.observation, i * obsSize, inputs, i * obsSize);
        mean = this.actor.forward(inputs, envs);
      }
      for (let i = 0; i < envs; i++) {
        for (let j = 0; j < 4; j++) {
          const centre = mean ? Math.tanh(mean[i * 4 + j]) : this.neutral[j];
          const noise = (warming ? 3 : 1) * explorationNoise * this.rng.normal();
          const u = Math.max(-1, Math.min(1, centre + noise));
          chosen[i * 4 + j] = u;
          const command = Math.fround(offset[j] + scale[j] * u);
          commands[i * 4 + j] = command < fields[j].min ? fields[j].min : command > fields[j].max ? fields[j].max : command;
        }
      }
      const before = this.observation.slice();
      const result = this.env.step(commands);
      for (let i = 0; i < envs; i++) {
        const k = this.cursor;
        const terminated = result.terminated[i], truncated = result.truncated[i];
        this.states.set(before.subarray(i * obsSize, (i + 1) * obsSize), k * obsSize);
        // After a time-limit end the next observation is already the new episode's: the last one stands in.
        this.nextStates.set((truncated && !terminated ? before : result.obs).subarray(i * obsSize, (i + 1) * obsSize), k * obsSize);
        this.actions.set(chosen.subarray(i * 4, i * 4 + 4), k * 4);
        this.rewards[k] = result.reward[i] * rewardScale;
        this.dones[k] = terminated;
        this.cursor = (k + 1) % this.settings.bufferSize;
        this.stored = Math.min(this.stored + 1, this.settings.bufferSize);
        this.episodeReturn[i] += result.reward[i];
        if (terminated | truncated) {
          episodes++;
          successes += result.info.success[i];
          returnSum += this.episodeReturn[i];
          this.episodeReturn[i] = 0;
        }
      }
      this.observation.set(result.obs);
      this.stepsDone += envs;
      if (this.stepsDone < warmup) this.normalizer.update(before, envs);
      else if (this.stepsDone - envs < warmup) this.freezeNormalizer();
      if (!warming) {
        const count = Math.max(1, Math.round(envs * this.settings.updatesPerTransition));
        for (let u = 0; u < count; u++) {
          const losses = this.update();
          criticLoss += losses.critic;
          actorLoss += losses.actor;
          updates++;
        }
      }
      await Promise.resolve();
    }
    this.iterations++;
    return {
      iteration: this.iterations, environmentSteps: this.stepsDone, gradientSteps: this.gradientSteps, episodes,
      meanReturn: episodes ? returnSum / episodes : NaN, successRate: episodes ? successes / episodes : NaN,
      wallSeconds: (performance.now() - this.started) / 1000, policyLoss: updates ? actorLoss / updates : NaN,
      valueLoss: updates ? criticLoss / updates : NaN, actionStd: explorationNoise,
    };
  }

  policyFile(metrics: Record<string, number | string> = {}): PolicyFile {
    return { ...this.policy, metrics: { ...metrics } };
  }

  async close(): Promise<void> {
    await this.env.close();
  }

  private freezeNormalizer(): void {
    this.policy.observation.mean.set(this.normalizer.mean);
    this.policy.observation.std.set(this.normalizer.std());
  }

  private update(): { critic: number; actor: number } {
    const { batch, gamma, targetNoise, targetNoiseClip, learningRate, policyDelay, tau } = this.settings;
    const obsSize = this.obsSize, width = obsSize + 4;
    const x = new Float64Array(batch * obsSize), xNext = new Float64Array(batch * obsSize);
    const rows = new Uint32Array(batch);
    for (let b = 0; b < batch; b++) {
      const k = this.rng.int(this.stored);
      rows[b] = k;
      normalizeObservation(this.policy, this.states, k * obsSize, x, b * obsSize);
      normalizeObservation(this.policy, this.nextStates, k * obsSize, xNext, b * obsSize);
    }
    // Targets: r + γ (1 − done) min(Q1', Q2')(s', clip(μ'(s') + clipped noise)).
    const nextMean = this.actorTarget.forward(xNext, batch);
    const nextInput = new Float64Array(batch * width);
    for (let b = 0; b < batch; b++) {
      nextInput.set(xNext.subarray(b * obsSize, (b + 1) * obsSize), b * width);
      for (let j = 0; j < 4; j++) {
        const noise = Math.max(-targetNoiseClip, Math.min(targetNoiseClip, targetNoise * this.rng.normal()));
        nextInput[b * width + obsSize + j] = Math.max(-1, Math.min(1, Math.tanh(nextMean[b * 4 + j]) + noise));
      }
    }
    const q1 = this.criticTargets[0].forward(nextInput, batch).slice(), q2 = this.criticTargets[1].forward(nextInput, batch);
    const target = new Float64Array(batch);
    for (let b = 0; b < batch; b++) target[b] = this.rewards[rows[b]] + (this.dones[rows[b]] ? 0 : gamma * Math.min(q1[b], q2[b]));
    const input = new Float64Array(batch * width);
    for (let b = 0; b < batch; b++) {
      input.set(x.subarray(b * obsSize, (b + 1) * obsSize), b * width);
      for (let j = 0; j < 4; j++) input[b * width + obsSize + j] = this.actions[rows[b] * 4 + j];
    }
    let criticLoss = 0;
    const dq = new Float64Array(batch);
    this.critics.forEach((critic, c) => {
      const q = critic.forward(input, batch);
      for (let b = 0; b < batch; b++) {
        const error = q[b] - target[b];
        criticLoss += (0.5 * error * error) / batch;
        dq[b] = error / batch;
      }
      critic.zeroGrad();
      critic.backward(dq, batch);
      this.criticAdams[c].step(critic.grads, learningRate);
      critic.refresh();
    });
    this.gradientSteps++;
    let actorLoss = 0;
    if (this.gradientSteps % policyDelay === 0) {
      // Actor: maximise Q1(s, tanh(μ(s))) through the critic's input gradient.
      const mean = this.actor.forward(x, batch);
      const squashed = Float64Array.from(mean, Math.tanh);
      for (let b = 0; b < batch; b++) for (let j = 0; j < 4; j++) input[b * width + obsSize + j] = squashed[b * 4 + j];
      const q = this.critics[0].forward(input, batch);
      for (let b = 0; b < batch; b++) actorLoss -= q[b] / batch;
      const inputGradient = new Float64Array(batch * width);
      this.critics[0].backward(new Float64Array(batch).fill(-1 / batch), batch, inputGradient);
      this.critics[0].zeroGrad(); // only the actor steps here
      const dMean = new Float64Array(batch * 4);
      for (let b = 0; b < batch; b++) {
        for (let j = 0; j < 4; j++) dMean[b * 4 + j] = inputGradient[b * width + obsSize + j] * (1 - squashed[b * 4 + j] ** 2);
      }
      this.actor.zeroGrad();
      this.actor.backward(dMean, batch);
      this.actorAdam.step(this.actor.grads, learningRate);
      this.actor.refresh();
      polyak(this.actor, this.actorTarget, tau);
      this.critics.forEach((critic, c) => polyak(critic, this.criticTargets[c], tau));
    }
    return { critic: criticLoss / 2, actor: actorLoss };
  }
}

function copyParameters(from: TrainableMlp, to: TrainableMlp): void {
  to.params.set(from.params);
  to.refresh();
}

function polyak(from: TrainableMlp, to: TrainableMlp, tau: number): void {
  const a = from.params, b = to.params;
  for (let k = 0; k < a.length; k++) b[k] += tau * (a[k] - b[k]);
  to.refresh();
}
