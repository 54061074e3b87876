import { cachedComputePipeline, submitDispatches, writeStorage } from './compute-pass-helpers.ts';
import type { QuadrotorRung } from '../control/action-rungs.ts';
import { isQuadrotorRung, QUADROTOR_RUNG_NAMES } from '../control/action-rungs.ts';
import { QUADROTOR_CONTROLLER_STATE_SIZE, type QuadrotorControllerGains } from '../control/quadrotor-cascade-controller.ts';
import { rowStride } from '../batch/batch-arena.ts';
import type { QuadrotorArrays } from '../quadrotor/quadrotor-batch.ts';
import { QUADROTOR_KERNEL_PARAM_SIZE, QUADROTOR_STATE_SIZE } from '../quadrotor/quadrotor-state-layout.ts';
import { BATCH_UNIFORMS_BYTES, writeBatchUniforms } from './quadrotor-controller-wgsl.ts';
import { QUADROTOR_BATCH_BINDING, QUADROTOR_WORKGROUP_SIZE, quadrotorBatchShaderSource } from './quadrotor-batch-shader.ts';
import type { GpuWorldSource } from './building-collision-wgsl.ts';
import { GpuWorldBuffers } from './gpu-world-buffers.ts';
import type { DownwashOption } from '../quadrotor/quadrotor-params.ts';
import { DOWNWASH_UNIFORMS_BYTES, QUADROTOR_DOWNWASH_WGSL, QUADROTOR_DOWNWASH_WORKGROUP_SIZE, writeDownwashUniforms } from './quadrotor-downwash-wgsl.ts';

export interface GpuQuadrotorBatchOptions {
  /** Drones in the batch. */
  count: number;
  /** Rung of the commands (motors, rates, velocity, goto). */
  rung: QuadrotorRung;
  /** Time step, s. */
  dt: number;
  gains: QuadrotorControllerGains;
  /** Buildings, bounds and ceiling checked after every step, inside the K-step loop (as sim/'s world in the loop does on the CPU). */
  world?: GpuWorldSource;
  /**
   * Downwash between the drones of each world (drones w·perWorld ... (w+1)·perWorld − 1): a pass
   * before every step writes it from the positions at the start of the step, so steps are then
   * dispatched one at a time whatever `stepsPerDispatch` asks.
   */
  downwash?: { option: DownwashOption; perWorld: number };
}

/**
 * A program that runs in the batch step's K-step loop (a policy, say): WGSL with its own buffers
 * in @group(1) and the functions quadrotorBatchShaderSource's `loop` names; `name` tells one loop
 * program from another in the pipeline cache.
 */
export interface GpuStepLoop {
  name: string;
  source: string;
}

/** A batch's step pipeline with a loop program compiled in (from `loopPipeline`). */
export interface GpuLoopPipeline {
  readonly pipeline: GPUComputePipeline;
  readonly bindGroup: GPUBindGroup;
  /** The layout the loop program's own bind group (@group(1)) is made for. */
  readonly loopLayout: GPUBindGroupLayout;
}

/** What a read-back copies into (each optional; arrays in the CPU arena's layout and length). */
export interface GpuQuadrotorReadTarget {
  state?: Float32Array;
  status?: Uint8Array;
  motorCommand?: Float32Array;
  integral?: Float32Array;
}

type BufferName = 'state' | 'params' | 'commands' | 'motorCommand' | 'externalForce' | 'integral' | 'status';

const MAX_STEPS_PER_DISPATCH = 100_000;

/**
 * A quadrotor batch living on the GPU: state, parameters, commands, controller memory and status
 * in storage buffers in the CPU arena's layout, advanced by one compute shader that runs the
 * controller and the dynamics K steps per dispatch. State stays on the GPU between steps; `read`
 * copies it back only when asked. The batch owns its buffers: `destroy()` frees them.
 */
export class GpuQuadrotorBatch {
  readonly device: GPUDevice;
  readonly count: number;
  readonly stride: number;
  readonly rung: QuadrotorRung;
  readonly dt: number;
  readonly gains: QuadrotorControllerGains;
  private readonly buffers: Record<BufferName, GPUBuffer>;
  private readonly uniforms: GPUBuffer;
  private readonly pipeline: GPUComputePipeline;
  private readonly bindGroup: GPUBindGroup;
  private readonly uniformBytes = new ArrayBuffer(BATCH_UNIFORMS_BYTES);
  private readonly statusWords: Uint32Array;
  private readonly worldBuffers: GpuWorldBuffers | null;
  private readonly downwash: { pipeline: GPUComputePipeline; bindGroup: GPUBindGroup; uniforms: GPUBuffer } | null;
  private destroyed = false;

  private constructor(device: GPUDevice, options: GpuQuadrotorBatchOptions, pipeline: GPUComputePipeline, downwashPipeline: GPUComputePipeline | null) {
    this.device = device;
    this.count = options.count;
    this.stride = rowStride(options.count);
    this.rung = options.rung;
    this.dt = options.dt;
    this.gains = options.gains;
    this.pipeline = pipeline;
    const n = this.stride;
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
    const floats = (length: number): number => Math.ceil((length * 4) / 16) * 16;
    const sizes: Record<BufferName, number> = {
      state: floats(QUADROTOR_STATE_SIZE * n),
      params: floats(QUADROTOR_KERNEL_PARAM_SIZE * n),
      commands: floats(4 * n),
      motorCommand: floats(4 * n),
      externalForce: floats(3 * n),
      integral: floats(QUADROTOR_CONTROLLER_STATE_SIZE * n),
      status: floats(n),
    };
    const limit = device.limits.maxStorageBufferBindingSize;
    for (const [name, size] of Object.entries(sizes)) {
      if (size > limit) {
        throw new RangeError(`GPU quadrotor batch of ${options.count} drones: the ${name} buffer needs ${size} bytes; this device binds at most ${limit}; accepted: fewer drones`);
      }
    }
    this.buffers = Object.fromEntries(
      Object.entries(sizes).map(([name, size]) => [name, device.createBuffer({ label: `quadrotor.${name}`, size, usage: storage })]),
    ) as Record<BufferName, GPUBuffer>;
    this.uniforms = device.createBuffer({ label: 'quadrotor.uniforms', size: BATCH_UNIFORMS_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    this.statusWords = new Uint32Array(n);
    this.worldBuffers = options.world ? new GpuWorldBuffers(device, options.world) : null;
    this.bindGroup = this.batchBindGroup(pipeline);
    if (options.downwash && downwashPipeline) {
      const uniforms = device.createBuffer({ label: 'quadrotor.downwash.uniforms', size: DOWNWASH_UNIFORMS_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
      const bytes = new ArrayBuffer(DOWNWASH_UNIFORMS_BYTES);
      writeDownwashUniforms(bytes, n, options.count, options.downwash.perWorld, options.downwash.option);
      device.queue.writeBuffer(uniforms, 0, bytes);
      const bindGroup = device.createBindGroup({
        layout: downwashPipeline.getBindGroupLayout(0),
        entries: [this.buffers.state, this.buffers.params, this.buffers.status, uniforms].map((buffer, binding) => ({ binding, resource: { buffer } })),
      });
      this.downwash = { pipeline: downwashPipeline, bindGroup, uniforms };
    } else {
      this.downwash = null;
    }
  }

  /** Compiles the shader (once per device) and allocates the buffers for `options.count` drones. */
  static async create(device: GPUDevice, options: GpuQuadrotorBatchOptions): Promise<GpuQuadrotorBatch> {
    if (!Number.isInteger(options.count) || options.count < 1 || options.count > (1 << 24)) {
      throw new RangeError(`GPU quadrotor batch count = ${String(options.count)}; accepted: a whole number from 1 to ${1 << 24}`);
    }
    if (!isQuadrotorRung(options.rung)) {
      throw new RangeError(`GPU quadrotor batch rung "${String(options.rung)}" is unknown; accepted: ${QUADROTOR_RUNG_NAMES.join(', ')}`);
    }
    if (!Number.isFinite(options.dt) || options.dt <= 0) throw new RangeError(`GPU quadrotor batch dt = ${options.dt}; accepted: a number > 0 seconds`);
    const groups = Math.ceil(options.count / QUADROTOR_WORKGROUP_SIZE);
    if (groups > device.limits.maxComputeWorkgroupsPerDimension) {
      throw new RangeError(`GPU quadrotor batch of ${options.count} drones needs ${groups} workgroups; this device dispatches at most ${device.limits.maxComputeWorkgroupsPerDimension}`);
    }
    const { downwash } = options;
    if (downwash && (!Number.isInteger(downwash.perWorld) || downwash.perWorld < 1)) {
      throw new RangeError(`GPU quadrotor batch downwash perWorld = ${String(downwash.perWorld)}; accepted: a whole number ≥ 1 (drones per world)`);
    }
    const downwashPipeline = downwash
      ? await cachedComputePipeline(device, 'all', 'quadrotor downwash', () => QUADROTOR_DOWNWASH_WGSL, 'downwash')
      : null;
    return new GpuQuadrotorBatch(device, options, await batchPipeline(device, options.world !== undefined), downwashPipeline);
  }

  /** Copies a CPU batch (state, params, motor commands, external force, status) and the controller memory to the GPU. */
  upload(arrays: QuadrotorArrays, integral: Float32Array): void {
    this.assertAlive();
    if (arrays.stride !== this.stride || arrays.count !== this.count) {
      throw new RangeError(`GPU quadrotor batch upload: the arrays hold ${arrays.count} drones (stride ${arrays.stride}); this batch holds ${this.count} (stride ${this.stride})`);
    }
    this.write('state', arrays.state);
    this.write('params', arrays.params);
    this.write('motorCommand', arrays.motorCommand);
    this.write('externalForce', arrays.externalForce);
    this.write('integral', integral.subarray(0, QUADROTOR_CONTROLLER_STATE_SIZE * this.stride));
    for (let i = 0; i < this.stride; i++) this.statusWords[i] = arrays.status[i];
    this.write('status', this.statusWords);
  }

  /** The commands the next steps follow: drone-major, 4 numbers per drone, in the batch's rung. */
  setCommands(commands: Float32Array): void {
    this.assertAlive();
    if (commands.length < 4 * this.count) {
      throw new RangeError(`GPU quadrotor commands: expected at least 4 × ${this.count} = ${4 * this.count} numbers (drone-major); got ${commands.length}`);
    }
    this.write('commands', commands.subarray(0, Math.min(commands.length, 4 * this.stride)));
  }

  /** The external force the next steps apply (world frame, N; component-major 3 × stride as in the CPU arena), such as wind drag. */
  setExternalForce(force: Float32Array): void {
    this.assertAlive();
    if (force.length < 3 * this.stride) {
      throw new RangeError(`GPU quadrotor external force: expected at least 3 × ${this.stride} = ${3 * this.stride} numbers (component-major); got ${force.length}`);
    }
    this.write('externalForce', force.subarray(0, 3 * this.stride));
  }

  /** Queues `steps` steps, `stepsPerDispatch` of them per dispatch; nothing is read back. */
  step(steps: number, stepsPerDispatch = steps): void {
    this.assertAlive();
    if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`GPU quadrotor steps = ${String(steps)}; accepted: a whole number ≥ 0`);
    if (!Number.isInteger(stepsPerDispatch) || stepsPerDispatch < 1 || stepsPerDispatch > MAX_STEPS_PER_DISPATCH) {
      throw new RangeError(`GPU quadrotor steps per dispatch = ${String(stepsPerDispatch)}; accepted: a whole number from 1 to ${MAX_STEPS_PER_DISPATCH}`);
    }
    if (this.downwash) {
      if (steps > 0) this.submitWithDownwash(steps);
      return;
    }
    const full = Math.floor(steps / stepsPerDispatch), rest = steps % stepsPerDispatch;
    if (full > 0) this.submit(stepsPerDispatch, full);
    if (rest > 0) this.submit(rest, 1);
  }

  /** The step pipeline with `loop`'s commands inside the K-step loop (compiled once per device and loop name). */
  async loopPipeline(loop: GpuStepLoop): Promise<GpuLoopPipeline> {
    this.assertAlive();
    if (this.downwash) throw new RangeError('GPU quadrotor batch: a loop program with downwash; accepted: one of them (downwash dispatches one step at a time)');
    const world = this.worldBuffers !== null;
    const pipeline = await cachedComputePipeline(
      this.device, `${world ? 'world' : 'open'} + loop ${loop.name}`, 'quadrotor batch step', () => quadrotorBatchShaderSource({ world, loop: loop.source }), 'stepQuadrotors',
    );
    return { pipeline, bindGroup: this.batchBindGroup(pipeline), loopLayout: pipeline.getBindGroupLayout(1) };
  }

  /**
   * One dispatch of up to `steps` steps with a loop program's commands: each drone takes what its
   * loopBudget allows (≤ steps) and stops early where loopAfterStep says so. Nothing is read back.
   */
  stepLoop(loop: GpuLoopPipeline, loopBindGroup: GPUBindGroup, steps: number): void {
    this.assertAlive();
    if (!Number.isInteger(steps) || steps < 1 || steps > MAX_STEPS_PER_DISPATCH) {
      throw new RangeError(`GPU quadrotor loop steps = ${String(steps)}; accepted: a whole number from 1 to ${MAX_STEPS_PER_DISPATCH}`);
    }
    writeBatchUniforms(this.uniformBytes, this.stride, this.count, steps, this.rung, this.dt, this.gains);
    this.device.queue.writeBuffer(this.uniforms, 0, this.uniformBytes);
    const encoder = this.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(loop.pipeline);
    pass.setBindGroup(0, loop.bindGroup);
    pass.setBindGroup(1, loopBindGroup);
    pass.dispatchWorkgroups(Math.ceil(this.count / QUADROTOR_WORKGROUP_SIZE));
    pass.end();
    this.device.queue.submit([encoder.finish()]);
  }

  /** Copies the asked-for arrays back from the GPU (waits for the queued steps). */
  async read(target: GpuQuadrotorReadTarget): Promise<void> {
    this.assertAlive();
    const wanted = (Object.keys(target) as (keyof GpuQuadrotorReadTarget)[]).filter((name) => target[name]);
    if (wanted.length === 0) return;
    const sizes = wanted.map((name) => this.buffers[name].size);
    const total = sizes.reduce((a, b) => a + b, 0);
    const staging = this.device.createBuffer({ label: 'quadrotor.readback', size: total, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    try {
      const encoder = this.device.createCommandEncoder();
      let offset = 0;
      for (let k = 0; k < wanted.length; k++) {
        encoder.copyBufferToBuffer(this.buffers[wanted[k]], 0, staging, offset, sizes[k]);
        offset += sizes[k];
      }
      this.device.queue.submit([encoder.finish()]);
      await staging.mapAsync(GPUMapMode.READ);
      const bytes = staging.getMappedRange();
      offset = 0;
      for (let k = 0; k < wanted.length; k++) {
        const name = wanted[k];
        if (name === 'status') {
          const words = new Uint32Array(bytes, offset, this.stride);
          const status = target.status!;
          for (let i = 0; i < Math.min(status.length, this.stride); i++) status[i] = words[i];
        } else {
          const array = target[name]!;
          array.set(new Float32Array(bytes, offset, Math.min(array.length, sizes[k] / 4)));
        }
        offset += sizes[k];
      }
      staging.unmap();
    } finally {
      staging.destroy();
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
    this.downwash?.uniforms.destroy();
  }

  /** `steps` single steps, each after a downwash pass over the positions it starts from. */
  private submitWithDownwash(steps: number): void {
    const downwash = this.downwash!;
    writeBatchUniforms(this.uniformBytes, this.stride, this.count, 1, this.rung, this.dt, this.gains);
    this.device.queue.writeBuffer(this.uniforms, 0, this.uniformBytes);
    const encoder = this.device.createCommandEncoder();
    for (let step = 0; step < steps; step++) {
      for (const [pipeline, bindGroup, size] of [[downwash.pipeline, downwash.bindGroup, QUADROTOR_DOWNWASH_WORKGROUP_SIZE], [this.pipeline, this.bindGroup, QUADROTOR_WORKGROUP_SIZE]] as const) {
        const pass = encoder.beginComputePass();
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, bindGroup);
        pass.dispatchWorkgroups(Math.ceil(this.count / size));
        pass.end();
      }
    }
    this.device.queue.submit([encoder.finish()]);
  }

  private submit(stepsPerDispatch: number, dispatches: number): void {
    writeBatchUniforms(this.uniformBytes, this.stride, this.count, stepsPerDispatch, this.rung, this.dt, this.gains);
    this.device.queue.writeBuffer(this.uniforms, 0, this.uniformBytes);
    submitDispatches(this.device, this.pipeline, this.bindGroup, Math.ceil(this.count / QUADROTOR_WORKGROUP_SIZE), dispatches);
  }

  /** The batch's buffers (group 0) for a step pipeline; layouts are the pipeline's own ('auto'). */
  private batchBindGroup(pipeline: GPUComputePipeline): GPUBindGroup {
    const b = QUADROTOR_BATCH_BINDING;
    return this.device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [
        ...(Object.keys(b) as (keyof typeof b)[]).filter((name) => name !== 'uniforms')
          .map((name) => ({ binding: b[name], resource: { buffer: this.buffers[name as BufferName] } })),
        { binding: b.uniforms, resource: { buffer: this.uniforms } },
        ...(this.worldBuffers?.entries() ?? []),
      ],
    });
  }

  private write(name: BufferName, data: Float32Array | Uint32Array): void {
    writeStorage(this.device, this.buffers[name], data);
  }

  private assertAlive(): void {
    if (this.destroyed) throw new Error('this GPU quadrotor batch was destroyed; create a new one');
  }
}

function batchPipeline(device: GPUDevice, world: boolean): Promise<GPUComputePipeline> {
  return cachedComputePipeline(device, world ? 'world' : 'open', 'quadrotor batch step', () => quadrotorBatchShaderSource({ world }), 'stepQuadrotors');
}
