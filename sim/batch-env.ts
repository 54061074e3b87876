import { BatchArena, hashTypedArrays, validateRungCommands, QUADROTOR_RUNGS } from '../physics/index.ts';
import { BatchCore, batchArenaFields } from './batch/batch-core.ts';
import { resolveBatchConfig, type BatchConfig, type BatchOptions } from './batch/batch-config.ts';
import { BATCH_COMMAND, runBatchCommand, type BatchCommandArgs } from './worker-pool/batch-commands.ts';
import { BUILTIN_POLICY_NAMES, builtinPolicy } from './policies/builtin-policies.ts';
import type { ObservationField } from './tasks/drone-task.ts';
import { GpuBatchBackend } from './batch/gpu-batch-backend.ts';
import { GpuNetworkLoop, gpuNetworkLoopUnsupported } from './batch/gpu-network-loop.ts';
import { NetworkPolicy } from './policies/network-policy.ts';
import type { PolicyFile } from './policies/policy-file.ts';

/** Where controller and physics run: the CPU kernels (threads) or a WebGPU device. */
export type BatchBackend = 'cpu' | 'webgpu';
export const BATCH_BACKENDS: readonly BatchBackend[] = ['cpu', 'webgpu'];

export interface BatchEnvOptions extends BatchOptions {
  /** Threads that step the batch (the calling thread counts as one). Results do not depend on it. */
  workers?: number;
  /** 'webgpu' runs controller and physics on a GPU (software SwiftShader where there is none); step with the async methods. */
  backend?: BatchBackend;
  /** Where the webgpu backend names its adapter (default: stderr in Node). */
  gpuLog?: (line: string) => void;
}

export interface BatchStepResult {
  /** count × observationSize, drone-major. A view: the next step overwrites it. */
  obs: Float32Array;
  reward: Float32Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
  info: BatchStepInfo;
}

export interface BatchStepInfo {
  /** Steps taken in each drone's current episode (0 right after an autoreset). */
  episodeStep: Uint32Array;
  /** For drones whose episode ended at this step: the distance to the goal and success (1/0). */
  finalError: Float32Array;
  success: Uint8Array;
  /** Each drone's vehicle status code (VEHICLE_STATUS; names in VEHICLE_STATUS_NAMES): why a crash ended an episode. */
  status: Uint8Array;
  /** With keepFinalObservation: for drones whose episode ended at this step, its last observation (count × observationSize). */
  finalObservation?: Float32Array;
}

export interface BatchResetResult {
  obs: Float32Array;
  info: { seed: number };
}

interface WorkerPool {
  run(args: BatchCommandArgs): void;
  close(): Promise<void>;
}

/**
 * Many drones stepped at once with Gymnasium's contract and same-step autoreset: when a drone's
 * episode ends, `terminated`/`truncated` say so and the returned observation is already the
 * first one of its next episode (`info.finalError`/`info.success` describe the one that ended).
 * Actions are drone-major: 4 numbers per drone in the units of the batch's rung.
 */
export class BatchEnv {
  readonly config: BatchConfig;
  readonly numDrones: number;
  readonly observationSize: number;
  readonly observationLayout: readonly ObservationField[];
  readonly actionSize = 4;
  readonly workers: number;
  readonly backend: BatchBackend;
  /** The batch's arrays; advanced users read state directly (see QUADROTOR_STATE). */
  readonly core: BatchCore;
  private readonly pool: WorkerPool | null;
  private readonly gpuBackend: GpuBatchBackend | null;
  private gpuLoop: GpuNetworkLoop | null = null;
  private cpuNetwork: NetworkPolicy | null = null;
  private stepCounter = 0;
  private hasReset = false;
  private closed = false;

  private constructor(core: BatchCore, pool: WorkerPool | null, workers: number, gpuBackend: GpuBatchBackend | null = null) {
    this.core = core;
    this.config = core.config;
    this.numDrones = core.count;
    this.observationSize = core.task.observationSize;
    this.observationLayout = core.task.observationLayout;
    this.pool = pool;
    this.workers = workers;
    this.gpuBackend = gpuBackend;
    this.backend = gpuBackend ? 'webgpu' : 'cpu';
  }

  static async create(options: BatchEnvOptions = {}): Promise<BatchEnv> {
    const config = resolveBatchConfig(options);
    const workers = options.workers ?? 1;
    if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
      throw new RangeError(`workers = ${String(workers)}; accepted: a whole number from 1 to 64`);
    }
    const backend = options.backend ?? 'cpu';
    if (!BATCH_BACKENDS.includes(backend)) throw new RangeError(`backend "${String(backend)}" is unknown; accepted: ${BATCH_BACKENDS.join(', ')}`);
    if (backend === 'webgpu' && workers !== 1) throw new RangeError(`workers = ${workers} with backend webgpu; accepted: 1 (one GPU device steps the whole batch)`);
    const arena = BatchArena.create(batchArenaFields(config), { shared: workers > 1 });
    const core = new BatchCore(config, arena);
    if (backend === 'webgpu') return new BatchEnv(core, null, 1, await GpuBatchBackend.create(core, { log: options.gpuLog }));
    let pool: WorkerPool | null = null;
    if (workers > 1) {
      const { BatchWorkerPool } = await import('./worker-pool/batch-worker-pool.node.ts');
      pool = await BatchWorkerPool.start(core, workers);
    }
    return new BatchEnv(core, pool, workers);
  }

  reset(options: { seed?: number } = {}): BatchResetResult {
    this.assertOpen();
    const seed = options.seed ?? this.config.seed;
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`seed = ${String(seed)}; accepted: a whole number from 0 to 4294967295`);
    }
    this.stepCounter = 0;
    this.run({ command: BATCH_COMMAND.reset, seed, steps: 0, policyIndex: -1, stepCounter: 0 });
    this.gpuBackend?.markChanged();
    this.hasReset = true;
    return { obs: this.observations(), info: { seed } };
  }

  /** One step with the caller's actions (validated: finite and within the rung's bounds). */
  step(actions: ArrayLike<number>): BatchStepResult {
    this.assertReady();
    this.assertCpu('step', 'await env.stepAsync(actions)');
    validateRungCommands('actions', this.config.rung, QUADROTOR_RUNGS[this.config.rung], actions, this.numDrones, 4);
    this.core.actions.set(actions as ArrayLike<number>);
    this.run({ command: BATCH_COMMAND.step, seed: this.core.seed, steps: 1, policyIndex: -1, stepCounter: this.stepCounter });
    this.stepCounter++;
    return this.result();
  }

  /** `steps` steps driven by a built-in policy (pid, random, zero) inside the batch's threads. */
  runPolicy(policy: string, steps: number): BatchStepResult {
    this.assertReady();
    this.assertCpu('runPolicy', 'await env.runPolicyAsync(policy, steps)');
    builtinPolicy(policy, this.config.rung); // validates the name and the rung before any thread starts
    if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps = ${String(steps)}; accepted: a whole number ≥ 1`);
    const policyIndex = BUILTIN_POLICY_NAMES.indexOf(policy as (typeof BUILTIN_POLICY_NAMES)[number]);
    this.run({ command: BATCH_COMMAND.rollout, seed: this.core.seed, steps, policyIndex, stepCounter: this.stepCounter });
    this.stepCounter += steps;
    return this.result();
  }

  /**
   * Advances the physics alone by `steps` with the motor commands already in `core.quad`
   * (no controller, task or autoreset): for benchmarks and for callers driving motors directly.
   */
  stepPhysicsOnly(steps: number): void {
    this.assertReady();
    this.assertCpu('stepPhysicsOnly', 'GpuQuadrotorBatch from physics/ for motor-level stepping on the GPU');
    if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps = ${String(steps)}; accepted: a whole number ≥ 1`);
    this.run({ command: BATCH_COMMAND.physicsOnly, seed: this.core.seed, steps, policyIndex: -1, stepCounter: this.stepCounter });
  }

  /** `step` on either backend (the webgpu backend waits for the GPU's read-back). */
  async stepAsync(actions: ArrayLike<number>): Promise<BatchStepResult> {
    if (!this.gpuBackend) return this.step(actions);
    this.assertReady();
    validateRungCommands('actions', this.config.rung, QUADROTOR_RUNGS[this.config.rung], actions, this.numDrones, 4);
    this.core.actions.set(actions as ArrayLike<number>);
    await this.gpuBackend.step(null, this.stepCounter);
    this.stepCounter++;
    return this.result();
  }

  /** `runPolicy` on either backend. */
  async runPolicyAsync(policy: string, steps: number): Promise<BatchStepResult> {
    if (!this.gpuBackend) return this.runPolicy(policy, steps);
    this.assertReady();
    const chosen = builtinPolicy(policy, this.config.rung);
    if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps = ${String(steps)}; accepted: a whole number ≥ 1`);
    for (let s = 0; s < steps; s++) {
      await this.gpuBackend.step(chosen, this.stepCounter);
      this.stepCounter++;
    }
    return this.result();
  }

  /**
   * `steps` steps flown by a policy file's network. On the webgpu backend, for the hover task in
   * open space, the network runs in WGSL inside the GPU's K-step loop (observation, network,
   * controller, physics and the task's books per step; `networkOnGpu` says whether it did); elsewhere
   * it runs on the CPU (NetworkPolicy) between steps. Same episodes and books either way.
   */
  async runNetworkAsync(policy: PolicyFile, steps: number): Promise<BatchStepResult> {
    this.assertReady();
    if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps = ${String(steps)}; accepted: a whole number ≥ 1`);
    if (policy.task !== this.config.task || policy.rung !== this.config.rung) {
      throw new RangeError(`the policy flies ${policy.task} at the ${policy.rung} rung; this BatchEnv flies ${this.config.task} at the ${this.config.rung} rung; accepted: a BatchEnv made with task "${policy.task}" and rung "${policy.rung}"`);
    }
    if (this.gpuBackend && this.networkOnGpu(policy)) {
      if (this.gpuLoop?.policy !== policy) {
        this.gpuLoop?.destroy();
        this.gpuLoop = await GpuNetworkLoop.create(this.gpuBackend, policy);
      }
      await this.gpuLoop.run(steps);
      this.stepCounter += steps;
      return this.result();
    }
    if (this.cpuNetwork?.file !== policy) this.cpuNetwork = new NetworkPolicy(policy);
    const network = this.cpuNetwork, actions = new Float32Array(this.numDrones * this.actionSize);
    let result = this.result();
    for (let s = 0; s < steps; s++) {
      network.act(result.obs, this.numDrones, actions);
      result = await this.stepAsync(actions);
    }
    return result;
  }

  /** Whether `runNetworkAsync` runs this policy inside the GPU's loop (webgpu backend, hover in open space). */
  networkOnGpu(policy: PolicyFile): boolean {
    return this.gpuBackend !== null && gpuNetworkLoopUnsupported(this.core, policy) === null;
  }

  /** A 64-bit fingerprint of every drone's state; equal hashes mean bit-identical trajectories. */
  stateHash(): string {
    return hashTypedArrays([this.core.quad.state, this.core.quad.status]);
  }

  get stepsTaken(): number {
    return this.stepCounter;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool?.close();
    this.gpuLoop?.destroy();
    this.gpuBackend?.destroy();
  }

  private run(args: BatchCommandArgs): void {
    if (this.pool) this.pool.run(args);
    else runBatchCommand(this.core, args, 0, this.core.stride);
  }

  private observations(): Float32Array {
    return this.core.observation.subarray(0, this.numDrones * this.observationSize);
  }

  private result(): BatchStepResult {
    const n = this.numDrones, core = this.core;
    return {
      obs: this.observations(),
      reward: core.reward.subarray(0, n),
      terminated: core.terminated.subarray(0, n),
      truncated: core.truncated.subarray(0, n),
      info: {
        episodeStep: core.episodeStep.subarray(0, n), finalError: core.finalError.subarray(0, n),
        success: core.success.subarray(0, n), status: core.endStatus.subarray(0, n),
        ...(core.finalObservation ? { finalObservation: core.finalObservation.subarray(0, n * this.observationSize) } : {}),
      },
    };
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('this BatchEnv is closed; create a new one');
  }

  private assertCpu(method: string, instead: string): void {
    if (this.gpuBackend) throw new Error(`${method}() is synchronous and this BatchEnv runs on the webgpu backend; use ${instead}`);
  }

  private assertReady(): void {
    this.assertOpen();
    if (!this.hasReset) throw new Error('call reset() before step(): the episode has not started');
  }
}
