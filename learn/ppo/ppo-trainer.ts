import { SeededRng, mixSeeds, QUADROTOR_RUNGS } from '../../physics/index.ts';
import { BatchEnv, normalizeObservation, type PolicyFile } from '../../sim/index.ts';
import { TrainableMlp, type MlpKernel } from '../network/trainable-mlp.ts';
import { AdamOptimizer, gradientNorm } from '../network/adam-optimizer.ts';
import { RunningNormalizer } from '../network/running-normalizer.ts';
import { policyFileFrom, actionMapping } from '../policy/policy-builder.ts';
import type { TrainOptions, TrainIterationStats, Trainer } from '../trainer.ts';
import { resolveTrainOptions, randomizationFor, type ResolvedTrainOptions } from '../trainer.ts';

/** PPO's own settings (Schulman et al., 2017), with defaults tuned on hover at the motors rung. */
export interface PpoSettings {
  envs: number;
  horizon: number;
  epochs: number;
  minibatches: number;
  learningRate: number;
  gamma: number;
  lambda: number;
  clip: number;
  maxGradNorm: number;
  initialLogStd: number;
  rewardScale: number;
  valueCoefficient: number;
  /** Iterations whose observations update the normalisation (then it stays, so the policy's inputs stop moving). */
  normalizerIterations: number;
  /** Steps each exploration-noise draw is held for (1: white noise). */
  noiseHold: number;
  /** Where the network maths runs ('auto': WebAssembly SIMD where the runtime has it). */
  kernel: MlpKernel;
}

export const DEFAULT_PPO_SETTINGS: PpoSettings = {
  envs: 256,
  horizon: 32,
  epochs: 4,
  minibatches: 16,
  learningRate: 1e-3,
  gamma: 0.99,
  lambda: 0.95,
  clip: 0.2,
  maxGradNorm: 1,
  initialLogStd: -2.3,
  rewardScale: 0.1,
  valueCoefficient: 0.5,
  normalizerIterations: 1e9,
  noiseHold: 1,
  kernel: 'auto',
};

const LOG_2PI = Math.log(2 * Math.PI);
const OBSERVATION_CLIP = 5;

/**
 * Proximal policy optimisation on a BatchEnv: `envs` drones step together for `horizon` steps
 * (Gaussian actions around the network's output), then `epochs` passes of clipped-surrogate
 * updates over shuffled minibatches. Advantages by GAE(λ); time-limit truncation bootstraps
 * from the critic. Every random draw comes from the seed; no Node-only code.
 */
export class PpoTrainer implements Trainer {
  readonly options: ResolvedTrainOptions;
  readonly settings: PpoSettings;
  readonly env: BatchEnv;
  readonly actor: TrainableMlp;
  readonly critic: TrainableMlp;
  readonly logStd: Float32Array;
  private readonly actorAdam: AdamOptimizer;
  private readonly criticAdam: AdamOptimizer;
  private readonly logStdAdam: AdamOptimizer;
  private readonly logStdGrad: Float64Array;
  private readonly normalizer: RunningNormalizer;
  private readonly policy: PolicyFile;
  private readonly rng: SeededRng;
  private readonly obsSize: number;
  private observation: Float32Array;
  private readonly episodeReturn: Float64Array;
  private readonly noise: Float64Array;
  private stepCounter = 0;
  private stepsDone = 0;
  private gradientSteps = 0;
  private iterations = 0;
  private readonly started = performance.now();
  // Rollout storage (horizon × envs rows).
  private readonly inputs: Float64Array;
  private readonly rawObservations: Float32Array;
  private readonly samples: Float64Array;
  private readonly logProbs: Float64Array;
  private readonly values: Float64Array;
  private readonly rewards: Float64Array;
  private readonly ends: Uint8Array;
  private readonly truncatedSteps: Uint8Array;
  private readonly advantages: Float64Array;
  private readonly returns: Float64Array;

  private constructor(options: ResolvedTrainOptions, settings: PpoSettings, env: BatchEnv) {
    this.options = options;
    this.settings = settings;
    this.env = env;
    this.obsSize = env.observationSize;
    const hidden = options.hidden;
    this.actor = new TrainableMlp([this.obsSize, ...hidden, 4], mixSeeds(options.seed, 1), 0.01, settings.kernel);
    this.critic = new TrainableMlp([this.obsSize, ...hidden, 1], mixSeeds(options.seed, 2), 0.1, settings.kernel);
    const mapping = actionMapping(options.rung, options.paramSet);
    // Start at the mapping's neutral command (hover thrust at the motors rung).
    const outputBias = this.actor.layers[this.actor.layers.length - 1].bias;
    for (let j = 0; j < 4; j++) outputBias[j] = mapping.neutral[j];
    this.actor.refresh();
    this.logStd = new Float32Array(4).fill(settings.initialLogStd);
    this.logStdGrad = new Float64Array(4);
    this.actorAdam = new AdamOptimizer(this.actor.params);
    this.criticAdam = new AdamOptimizer(this.critic.params);
    this.logStdAdam = new AdamOptimizer(this.logStd);
    this.normalizer = new RunningNormalizer(this.obsSize);
    this.policy = policyFileFrom(options, 'ppo', this.actor, new Float32Array(this.obsSize), new Float32Array(this.obsSize).fill(1), OBSERVATION_CLIP, mapping);
    this.rng = new SeededRng(mixSeeds(options.seed, 3));
    const rows = settings.envs * settings.horizon;
    this.inputs = new Float64Array(rows * this.obsSize);
    this.rawObservations = new Float32Array(rows * this.obsSize);
    this.samples = new Float64Array(rows * 4);
    this.logProbs = new Float64Array(rows);
    this.values = new Float64Array(rows + settings.envs);
    this.rewards = new Float64Array(rows);
    this.ends = new Uint8Array(rows);
    this.truncatedSteps = new Uint8Array(rows);
    this.advantages = new Float64Array(rows);
    this.returns = new Float64Array(rows);
    this.episodeReturn = new Float64Array(settings.envs);
    this.noise = new Float64Array(settings.envs * 4);
    this.observation = env.reset({ seed: options.seed }).obs.slice();
    // Normalise from the first observations onwards.
    this.normalizer.update(this.observation, settings.envs);
    this.freezeNormalizer();
  }

  static async create(options: TrainOptions, settings: Partial<PpoSettings> = {}): Promise<PpoTrainer> {
    const resolved = resolveTrainOptions(options);
    // Above the motors rung a single step's command barely moves the drone (the cascade and the
    // airframe filter it), so exploration noise is held for 10 steps, wider, over longer rollouts.
    const rungDefaults: Partial<PpoSettings> = resolved.rung === 'motors' ? {} : { noiseHold: 10, initialLogStd: -0.7, horizon: 64 };
    const merged: PpoSettings = { ...DEFAULT_PPO_SETTINGS, ...rungDefaults, ...settings };
    if (options.envs !== undefined) merged.envs = options.envs;
    const env = await BatchEnv.create({
      task: resolved.task, worlds: merged.envs, rung: resolved.rung, paramSet: resolved.paramSet, seed: resolved.seed,
      workers: resolved.workers, spawn: resolved.spawn, randomization: randomizationFor(resolved.randomize),
      maxEpisodeSteps: resolved.maxEpisodeSteps,
    });
    return new PpoTrainer(resolved, merged, env);
  }

  get environmentSteps(): number {
    return this.stepsDone;
  }

  /** One rollout of `horizon` steps and its update. */
  async iterate(): Promise<TrainIterationStats> {
    const { envs, horizon } = this.settings;
    const obsSize = this.obsSize;
    const actions = new Float32Array(envs * 4);
    const { offset, scale } = this.policy.action;
    const fields = QUADROTOR_RUNGS[this.options.rung];
    const std = Float64Array.from(this.logStd, (s) => Math.exp(s));
    const logStdSum = this.logStd.reduce((a, b) => a + b, 0);
    let episodes = 0, successes = 0, returnSum = 0;
    for (let t = 0; t < horizon; t++) {
      const row = t * envs;
      const inputs = this.inputs.subarray(row * obsSize, (row + envs) * obsSize);
      this.rawObservations.set(this.observation, row * obsSize);
      for (let i = 0; i < envs; i++) normalizeObservation(this.policy, this.observation, i * obsSize, inputs, i * obsSize);
      const mean = this.actor.forward(inputs, envs);
      const value = this.critic.forward(inputs, envs);
      // Exploration noise held for `noiseHold` steps: white noise at 100 Hz averages out in the
      // motors' and the airframe's lag, so a single step's action has no visible effect on the return.
      const fresh = this.stepCounter % this.settings.noiseHold === 0;
      this.stepCounter++;
      for (let i = 0; i < envs; i++) {
        let logp = -logStdSum - 2 * LOG_2PI;
        for (let j = 0; j < 4; j++) {
          if (fresh) this.noise[i * 4 + j] = this.rng.normal();
          const noise = this.noise[i * 4 + j];
          const u = mean[i * 4 + j] + std[j] * noise;
          this.samples[(row + i) * 4 + j] = u;
          logp -= 0.5 * noise * noise;
          const clipped = u > 1 ? 1 : u < -1 ? -1 : u;
          const command = Math.fround(offset[j] + scale[j] * clipped);
          actions[i * 4 + j] = command < fields[j].min ? fields[j].min : command > fields[j].max ? fields[j].max : command;
        }
        this.logProbs[row + i] = logp;
        this.values[row + i] = value[i];
      }
      const result = this.env.step(actions);
      for (let i = 0; i < envs; i++) {
        const r = result.reward[i];
        this.episodeReturn[i] += r;
        let shaped = r * this.settings.rewardScale;
        const terminated = result.terminated[i], truncated = result.truncated[i];
        // Time ran out, the task did not end: the critic's estimate stands in for the rest.
        if (truncated && !terminated) shaped += this.settings.gamma * value[i];
        this.rewards[row + i] = shaped;
        this.ends[row + i] = terminated | truncated;
        this.truncatedSteps[row + i] = truncated & (terminated ^ 1);
        if (terminated | truncated) {
          episodes++;
          successes += result.info.success[i];
          returnSum += this.episodeReturn[i];
          this.episodeReturn[i] = 0;
        }
      }
      this.observation.set(result.obs);
      await Promise.resolve();
    }
    this.stepsDone += envs * horizon;
    // Values of the observations after the last step, for bootstrapping.
    const last = new Float64Array(envs * obsSize);
    for (let i = 0; i < envs; i++) normalizeObservation(this.policy, this.observation, i * obsSize, last, i * obsSize);
    this.values.set(this.critic.forward(last, envs), horizon * envs);
    if (this.iterations === 0) this.calibrateCritic();
    this.computeAdvantages();
    const losses = this.update();
    if (this.iterations < this.settings.normalizerIterations) {
      this.normalizer.update(this.rawObservations, envs * horizon);
      this.freezeNormalizer();
    }
    this.iterations++;
    return {
      iteration: this.iterations,
      environmentSteps: this.stepsDone,
      gradientSteps: this.gradientSteps,
      episodes,
      meanReturn: episodes ? returnSum / episodes : NaN,
      successRate: episodes ? successes / episodes : NaN,
      wallSeconds: (performance.now() - this.started) / 1000,
      policyLoss: losses.policy,
      valueLoss: losses.value,
      actionStd: Math.exp(logStdSum / 4),
    };
  }

  /** The policy as it is now (deterministic: the network's mean), ready to serialise. */
  policyFile(metrics: Record<string, number | string> = {}): PolicyFile {
    return { ...this.policy, metrics: { ...metrics } };
  }

  async close(): Promise<void> {
    await this.env.close();
  }

  private freezeNormalizer(): void {
    const std = this.normalizer.std();
    this.policy.observation.mean.set(this.normalizer.mean);
    this.policy.observation.std.set(std);
  }

  /**
   * Before the first update: shifts the critic's output bias to the value of the mean reward
   * (r̄ / (1 − γ)) and the stored values with it (the output is linear), so the advantages of the
   * first iterations carry the policy's signal instead of the critic's untrained offset.
   */
  private calibrateCritic(): void {
    const { gamma } = this.settings;
    const rows = this.settings.envs * this.settings.horizon;
    let mean = 0;
    for (let k = 0; k < rows; k++) mean += this.rewards[k];
    mean /= rows;
    const shift = Math.fround(mean / (1 - gamma));
    const bias = this.critic.layers[this.critic.layers.length - 1].bias;
    const before = bias[0];
    bias[0] = Math.fround(before + shift);
    this.critic.refresh();
    const applied = bias[0] - before;
    for (let k = 0; k < this.values.length; k++) this.values[k] += applied;
    // Truncated steps bootstrapped from the old values: move them by the same amount.
    for (let k = 0; k < rows; k++) if (this.truncatedSteps[k]) this.rewards[k] += gamma * applied;
  }

  private computeAdvantages(): void {
    const { envs, horizon, gamma, lambda } = this.settings;
    const { values, rewards, ends, advantages, returns } = this;
    for (let i = 0; i < envs; i++) {
      let running = 0;
      for (let t = horizon - 1; t >= 0; t--) {
        const k = t * envs + i;
        const continues = ends[k] ? 0 : 1;
        const delta = rewards[k] + gamma * values[k + envs] * continues - values[k];
        running = delta + gamma * lambda * continues * running;
        advantages[k] = running;
        returns[k] = running + values[k];
      }
    }
    let mean = 0, square = 0;
    const rows = envs * horizon;
    for (let k = 0; k < rows; k++) mean += advantages[k];
    mean /= rows;
    for (let k = 0; k < rows; k++) square += (advantages[k] - mean) ** 2;
    const std = Math.sqrt(square / rows) + 1e-8;
    for (let k = 0; k < rows; k++) advantages[k] = (advantages[k] - mean) / std;
  }

  private update(): { policy: number; value: number } {
    const { envs, horizon, epochs, minibatches, clip, learningRate, maxGradNorm, valueCoefficient } = this.settings;
    const rows = envs * horizon, size = Math.floor(rows / minibatches), obsSize = this.obsSize;
    const order = new Uint32Array(rows);
    for (let k = 0; k < rows; k++) order[k] = k;
    const batchInputs = new Float64Array(size * obsSize);
    const dMean = new Float64Array(size * 4), dValue = new Float64Array(size);
    let policyLossSum = 0, valueLossSum = 0, count = 0;
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let k = rows - 1; k > 0; k--) {
        const j = this.rng.int(k + 1);
        const t = order[k]; order[k] = order[j]; order[j] = t;
      }
      for (let m = 0; m < minibatches; m++) {
        for (let b = 0; b < size; b++) {
          const k = order[m * size + b];
          batchInputs.set(this.inputs.subarray(k * obsSize, (k + 1) * obsSize), b * obsSize);
        }
        const mean = this.actor.forward(batchInputs, size);
        const std = Float64Array.from(this.logStd, (s) => Math.exp(s));
        const logStdSum = this.logStd.reduce((a, b) => a + b, 0);
        this.logStdGrad.fill(0);
        let policyLoss = 0;
        for (let b = 0; b < size; b++) {
          const k = order[m * size + b];
          let logp = -logStdSum - 2 * LOG_2PI;
          for (let j = 0; j < 4; j++) {
            const z = (this.samples[k * 4 + j] - mean[b * 4 + j]) / std[j];
            logp -= 0.5 * z * z;
          }
          const ratio = Math.exp(logp - this.logProbs[k]);
          const advantage = this.advantages[k];
          const unclipped = ratio * advantage;
          const clipped = Math.min(Math.max(ratio, 1 - clip), 1 + clip) * advantage;
          policyLoss -= Math.min(unclipped, clipped);
          // d(−min)/d logp: −ratio·A where the unclipped term is the smaller, else 0.
          const dLogp = unclipped <= clipped ? -unclipped / size : 0;
          for (let j = 0; j < 4; j++) {
            const diff = this.samples[k * 4 + j] - mean[b * 4 + j];
            const z = diff / std[j];
            dMean[b * 4 + j] = dLogp * diff / (std[j] * std[j]);
            this.logStdGrad[j] += dLogp * (z * z - 1);
          }
        }
        this.actor.zeroGrad();
        this.actor.backward(dMean, size);
        const value = this.critic.forward(batchInputs, size);
        let valueLoss = 0;
        for (let b = 0; b < size; b++) {
          const error = value[b] - this.returns[order[m * size + b]];
          valueLoss += 0.5 * error * error;
          dValue[b] = (valueCoefficient * error) / size;
        }
        this.critic.zeroGrad();
        this.critic.backward(dValue, size);
        const actorNorm = gradientNorm(this.actor.grads, this.logStdGrad);
        const criticNorm = gradientNorm(this.critic.grads);
        this.actorAdam.step(this.actor.grads, learningRate, actorNorm > maxGradNorm ? maxGradNorm / actorNorm : 1);
        this.logStdAdam.step(this.logStdGrad, learningRate, actorNorm > maxGradNorm ? maxGradNorm / actorNorm : 1);
        this.criticAdam.step(this.critic.grads, learningRate, criticNorm > maxGradNorm ? maxGradNorm / criticNorm : 1);
        this.actor.refresh();
        this.critic.refresh();
        this.gradientSteps++;
        policyLossSum += policyLoss / size;
        valueLossSum += valueLoss / size;
        count++;
      }
    }
    return { policy: policyLossSum / count, value: valueLossSum / count };
  }
}
