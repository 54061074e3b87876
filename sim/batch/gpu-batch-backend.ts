import { GpuQuadrotorBatch, QUADROTOR_KERNEL_PARAM as K, requestGpuDevice, type GpuDeviceHandle, type GpuDeviceOptions } from '../../physics/index.ts';
import { DRONE_COLLISION_RADIUS } from '../world/world-in-the-loop.ts';
import type { BuiltinPolicy } from '../policies/builtin-policies.ts';
import type { BatchCore } from './batch-core.ts';

/**
 * The webgpu backend of a batch: controller and dynamics run on the GPU; the policy, the task,
 * episode bookkeeping and autoreset stay on the CPU over the same arrays. Each step sends the
 * commands, advances the GPU one step and reads back what the task reads (state, status, motor
 * commands, controller memory); the CPU arrays go up again only after a reset or an autoreset
 * changed them.
 */
export class GpuBatchBackend {
  readonly core: BatchCore;
  readonly gpu: GpuDeviceHandle;
  readonly batch: GpuQuadrotorBatch;
  private uploaded = false;

  private constructor(core: BatchCore, gpu: GpuDeviceHandle, batch: GpuQuadrotorBatch) {
    this.core = core;
    this.gpu = gpu;
    this.batch = batch;
  }

  static async create(core: BatchCore, options: GpuDeviceOptions = {}): Promise<GpuBatchBackend> {
    const gpu = await requestGpuDevice(options);
    try {
      const { config } = core;
      // A city in the loop: buildings, bounds and ceiling are checked on the GPU after every step; wind is sampled on the CPU.
      const world = core.world ? { grid: core.world.index.grid, bounds: core.world.index.spec.bounds, droneRadius: DRONE_COLLISION_RADIUS } : undefined;
      // Downwash couples the drones of a world: the GPU then runs a downwash pass before every step.
      const downwash = core.downwash ? { option: core.downwash, perWorld: config.dronesPerWorld } : undefined;
      const batch = await GpuQuadrotorBatch.create(gpu.device, { count: core.count, rung: config.rung, dt: config.dt, gains: config.gains, world, downwash });
      return new GpuBatchBackend(core, gpu, batch);
    } catch (error) {
      gpu.destroy();
      throw error;
    }
  }

  /** Sends the CPU arrays if they changed since they last went up; returns whether it sent them. */
  ensureUploaded(): boolean {
    if (this.uploaded) return false;
    this.batch.upload(this.core.quad, this.core.integral);
    this.uploaded = true;
    return true;
  }

  /** The CPU arrays changed as a whole (reset): send them before the next step. */
  markChanged(): void {
    this.uploaded = false;
  }

  /** One environment step: policy (if any) on the CPU, controller and physics on the GPU, then the task on the CPU. */
  async step(policy: BuiltinPolicy | null, stepCounter: number): Promise<void> {
    const core = this.core, count = core.count;
    if (policy) policy.act(core, 0, count, stepCounter);
    this.ensureUploaded();
    if (core.world) {
      const n = core.stride, params = core.quad.params;
      core.world.applyWind(0, count, stepCounter, core.config.dt, params.subarray(K.dragXY * n, (K.dragXY + 1) * n), params.subarray(K.dragZ * n, (K.dragZ + 1) * n));
      this.batch.setExternalForce(core.quad.externalForce);
    }
    this.batch.setCommands(core.actions);
    this.batch.step(1);
    await this.batch.read({ state: core.quad.state, status: core.quad.status, motorCommand: core.quad.motorCommand, integral: core.integral });
    core.finishStepSlice(0, count);
    // An autoreset rewrote some drones on the CPU (their step count is back to 0): send them up.
    for (let i = 0; i < count; i++) {
      if (core.episodeStep[i] === 0) {
        this.uploaded = false;
        break;
      }
    }
  }

  destroy(): void {
    this.batch.destroy();
    this.gpu.destroy();
  }
}
