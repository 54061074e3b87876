import { cachedComputePipeline, submitDispatches, writeStorage } from './compute-pass-helpers.ts';
import { ROBOT_RUNGS, type RobotRung } from '../control/action-rungs.ts';
import type { RobotControllerGains } from '../control/ground-robot-controller.ts';
import { rowStride } from '../batch/batch-arena.ts';
import { ROBOT_PARAM_SIZE, ROBOT_STATE_SIZE, type RobotArrays } from '../robot/ground-robot-model.ts';
import type { GpuWorldSource } from './building-collision-wgsl.ts';
import { GpuWorldBuffers } from './gpu-world-buffers.ts';
import { ROBOT_BATCH_BINDING, ROBOT_UNIFORMS_BYTES, ROBOT_WORKGROUP_SIZE, robotBatchShaderSource, writeRobotUniforms } from './robot-batch-shader.ts';

export interface GpuRobotBatchOptions {
  /** Robots in the batch. */
  count: number;
  /** Rung of the commands (wheels, velocity, goto). */
  rung: RobotRung;
  /** Time step, s. */
  dt: number;
  gains: RobotControllerGains;
  /** Building footprints and the world's bounds keep robots out, inside the K-step loop. */
  world?: GpuWorldSource;
}

/** What a read-back copies into (each optional; arrays in the CPU arena's layout and length). */
export interface GpuRobotReadTarget {
  state?: Float32Array;
  wheelCommand?: Float32Array;
}

type BufferName = 'state' | 'params' | 'commands' | 'wheelCommand' | 'status';
const MAX_STEPS_PER_DISPATCH = 100_000;

/**
 * A ground-robot batch living on the GPU, the robot counterpart of GpuQuadrotorBatch: state,
 * parameters, commands and status in storage buffers in the CPU arena's layout, advanced K steps
 * per dispatch by one compute shader (controller + differential drive + footprint blocking).
 * The batch owns its buffers: `destroy()` frees them.
 */
export class GpuRobotBatch {
  readonly device: GPUDevice;
  readonly count: number;
  readonly stride: number;
  private readonly options: GpuRobotBatchOptions;
  private readonly buffers: Record<BufferName, GPUBuffer>;
  private readonly uniforms: GPUBuffer;
  private readonly uniformBytes = new ArrayBuffer(ROBOT_UNIFORMS_BYTES);
  private readonly worldBuffers: GpuWorldBuffers | null;
  private readonly pipeline: GPUComputePipeline;
  private readonly bindGroup: GPUBindGroup;
  private destroyed = false;

  private constructor(device: GPUDevice, options: GpuRobotBatchOptions, pipeline: GPUComputePipeline) {
    this.device = device;
    this.count = options.count;
    this.stride = rowStride(options.count);
    this.options = options;
    this.pipeline = pipeline;
    const n = this.stride;
    const bytes = (words: number): number => Math.ceil((words * 4) / 16) * 16;
    const sizes: Record<BufferName, number> = {
      state: bytes(ROBOT_STATE_SIZE * n), params: bytes(ROBOT_PARAM_SIZE * n), commands: bytes(2 * n), wheelCommand: bytes(2 * n), status: bytes(n),
    };
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
    this.buffers = Object.fromEntries(
      Object.entries(sizes).map(([name, size]) => [name, device.createBuffer({ label: `robot.${name}`, size, usage })]),
    ) as Record<BufferName, GPUBuffer>;
    this.uniforms = device.createBuffer({ label: 'robot.uniforms', size: ROBOT_UNIFORMS_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    this.worldBuffers = options.world ? new GpuWorldBuffers(device, options.world) : null;
    const b = ROBOT_BATCH_BINDING;
    this.bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [
        ...(Object.keys(this.buffers) as BufferName[]).map((name) => ({ binding: b[name], resource: { buffer: this.buffers[name] } })),
        { binding: b.uniforms, resource: { buffer: this.uniforms } },
        ...(this.worldBuffers?.entries() ?? []),
      ],
    });
  }

  /** Compiles the shader (once per device and variant) and allocates the buffers for `options.count` robots. */
  static async create(device: GPUDevice, options: GpuRobotBatchOptions): Promise<GpuRobotBatch> {
    if (!Number.isInteger(options.count) || options.count < 1 || options.count > (1 << 24)) {
      throw new RangeError(`GPU robot batch count = ${String(options.count)}; accepted: a whole number from 1 to ${1 << 24}`);
    }
    if (!(options.rung in ROBOT_RUNGS)) {
      throw new RangeError(`GPU robot batch rung "${String(options.rung)}" is unknown; accepted: ${Object.keys(ROBOT_RUNGS).join(', ')}`);
    }
    if (!Number.isFinite(options.dt) || options.dt <= 0) throw new RangeError(`GPU robot batch dt = ${options.dt}; accepted: a number > 0 seconds`);
    const groups = Math.ceil(options.count / ROBOT_WORKGROUP_SIZE);
    if (groups > device.limits.maxComputeWorkgroupsPerDimension) {
      throw new RangeError(`GPU robot batch of ${options.count} robots needs ${groups} workgroups; this device dispatches at most ${device.limits.maxComputeWorkgroupsPerDimension}`);
    }
    return new GpuRobotBatch(device, options, await robotPipeline(device, options.world !== undefined));
  }

  /** Copies a CPU robot batch (state, params, wheel commands, status) to the GPU. */
  upload(arrays: RobotArrays): void {
    this.assertAlive();
    if (arrays.stride !== this.stride || arrays.count !== this.count) {
      throw new RangeError(`GPU robot batch upload: the arrays hold ${arrays.count} robots (stride ${arrays.stride}); this batch holds ${this.count} (stride ${this.stride})`);
    }
    this.write('state', arrays.state);
    this.write('params', arrays.params);
    this.write('wheelCommand', arrays.wheelCommand);
    this.write('status', Uint32Array.from(arrays.status.subarray(0, this.stride)));
  }

  /** The commands the next steps follow: robot-major, 2 numbers per robot, in the batch's rung. */
  setCommands(commands: Float32Array): void {
    this.assertAlive();
    if (commands.length < 2 * this.count) {
      throw new RangeError(`GPU robot commands: expected at least 2 × ${this.count} = ${2 * this.count} numbers (robot-major); got ${commands.length}`);
    }
    this.write('commands', commands.subarray(0, Math.min(commands.length, 2 * this.stride)));
  }

  /** Queues `steps` steps, `stepsPerDispatch` of them per dispatch; nothing is read back. */
  step(steps: number, stepsPerDispatch = steps): void {
    this.assertAlive();
    if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`GPU robot steps = ${String(steps)}; accepted: a whole number ≥ 0`);
    if (!Number.isInteger(stepsPerDispatch) || stepsPerDispatch < 1 || stepsPerDispatch > MAX_STEPS_PER_DISPATCH) {
      throw new RangeError(`GPU robot steps per dispatch = ${String(stepsPerDispatch)}; accepted: a whole number from 1 to ${MAX_STEPS_PER_DISPATCH}`);
    }
    const full = Math.floor(steps / stepsPerDispatch), rest = steps % stepsPerDispatch;
    if (full > 0) this.submit(stepsPerDispatch, full);
    if (rest > 0) this.submit(rest, 1);
  }

  /** Copies the asked-for arrays back from the GPU (waits for the queued steps). */
  async read(target: GpuRobotReadTarget): Promise<void> {
    this.assertAlive();
    for (const name of ['state', 'wheelCommand'] as const) {
      const array = target[name];
      if (!array) continue;
      const size = this.buffers[name].size;
      const staging = this.device.createBuffer({ label: `robot.${name}.readback`, size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      try {
        const encoder = this.device.createCommandEncoder();
        encoder.copyBufferToBuffer(this.buffers[name], 0, staging, 0, size);
        this.device.queue.submit([encoder.finish()]);
        await staging.mapAsync(GPUMapMode.READ);
        array.set(new Float32Array(staging.getMappedRange(), 0, Math.min(array.length, size / 4)));
        staging.unmap();
      } finally {
        staging.destroy();
      }
    }
  }

  /** Waits until every queued step has run (for timing). */
  async finish(): Promise<void> {
    await this.device.queue.onSubmittedWorkDone();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const buffer of Object.values(this.buffers)) buffer.destroy();
    this.uniforms.destroy();
    this.worldBuffers?.destroy();
  }

  private submit(stepsPerDispatch: number, dispatches: number): void {
    writeRobotUniforms(this.uniformBytes, this.stride, this.count, stepsPerDispatch, this.options.rung, this.options.dt, this.options.gains);
    this.device.queue.writeBuffer(this.uniforms, 0, this.uniformBytes);
    submitDispatches(this.device, this.pipeline, this.bindGroup, Math.ceil(this.count / ROBOT_WORKGROUP_SIZE), dispatches);
  }

  private write(name: BufferName, data: Float32Array | Uint32Array): void {
    writeStorage(this.device, this.buffers[name], data);
  }

  private assertAlive(): void {
    if (this.destroyed) throw new Error('this GPU robot batch was destroyed; create a new one');
  }
}

function robotPipeline(device: GPUDevice, world: boolean): Promise<GPUComputePipeline> {
  return cachedComputePipeline(device, world ? 'world' : 'open', 'robot batch step', () => robotBatchShaderSource({ world }), 'stepRobots');
}
