import { VEHICLE_STATUS_NAMES } from '../physics/index.ts';
import { BatchEnv, type BatchEnvOptions } from './batch-env.ts';

export interface EnvStepResult {
  obs: Float32Array;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: { episodeStep: number; finalError?: number; success?: boolean; reason?: string };
}

/**
 * One world in Gymnasium's single-environment contract: reset → {obs, info},
 * step(action) → {obs, reward, terminated, truncated, info}. No autoreset: after an episode ends,
 * call reset. Drone k of a BatchEnv with the same seed is `Env` with `worldIndexOffset: k`.
 */
export class Env {
  readonly batch: BatchEnv;
  private ended = false;

  private constructor(batch: BatchEnv) {
    this.batch = batch;
  }

  static async create(options: Omit<BatchEnvOptions, 'worlds' | 'workers' | 'autoreset'> = {}): Promise<Env> {
    return new Env(await BatchEnv.create({ ...options, worlds: 1, workers: 1, autoreset: false }));
  }

  get observationSize(): number {
    return this.batch.observationSize * this.batch.config.dronesPerWorld;
  }

  reset(options: { seed?: number } = {}): { obs: Float32Array; info: { seed: number } } {
    this.ended = false;
    const { obs, info } = this.batch.reset(options);
    return { obs: obs.slice(), info };
  }

  step(action: ArrayLike<number>): EnvStepResult {
    if (this.ended) throw new Error('the episode has ended (terminated or truncated); call reset() to start a new one');
    const result = this.batch.step(action);
    const terminated = result.terminated.some((flag) => flag === 1);
    const truncated = !terminated && result.truncated.some((flag) => flag === 1);
    this.ended = terminated || truncated;
    const info: EnvStepResult['info'] = { episodeStep: result.info.episodeStep[0] };
    if (this.ended) {
      info.finalError = result.info.finalError[0];
      info.success = result.info.success[0] === 1;
      info.reason = terminated ? VEHICLE_STATUS_NAMES[result.info.status[0]] === 'ok' ? 'task_ended' : VEHICLE_STATUS_NAMES[result.info.status[0]] : 'time_limit';
    }
    return { obs: result.obs.slice(), reward: result.reward.reduce((a, b) => a + b, 0), terminated, truncated, info };
  }

  stateHash(): string {
    return this.batch.stateHash();
  }

  async close(): Promise<void> {
    await this.batch.close();
  }
}
