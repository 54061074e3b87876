import { QUADROTOR_RUNGS, VEHICLE_STATUS, type GpuLoopPipeline, type GpuStepLoop } from '../../physics/index.ts';
import type { PolicyFile } from '../policies/policy-file.ts';
import { CRASH_PENALTY, FLY_AWAY_DISTANCE } from '../tasks/hover-task.ts';
import type { BatchCore } from './batch-core.ts';
import type { GpuBatchBackend } from './gpu-batch-backend.ts';

/**
 * A policy file's network flown inside the GPU's K-step loop: each step of each drone observes
 * (the hover task's 17 numbers), normalises, runs the dense layers, squashes and scales to the
 * rung's command, then the controller and the dynamics run on it, all in one invocation with the
 * state in registers. The loop also keeps the task's books (reward, its end rule), so a dispatch
 * runs until a drone's episode ends; the CPU then ends and autoresets those episodes and sends
 * them off again for the steps they have left (as the CPU's rollout lane kernel pauses a drone).
 *
 * Maths in f32 (the CPU's NetworkPolicy sums in f64): actions agree within 1e-5 (measured 1.2e-7 on motor
 * commands in [0, 1]) and positions within 1 mm after 400 steps (measured 5e-7 m), tests/gpu/policy-gpu-parity.test.ts.
 */

/** Why a batch cannot fly a policy in the GPU loop, or null when it can. */
export function gpuNetworkLoopUnsupported(core: BatchCore, policy: PolicyFile): string | null {
  if (core.config.task !== 'hover') return `the in-loop network has the hover task's observation only (this batch flies ${core.config.task})`;
  if (policy.task !== core.config.task || policy.rung !== core.config.rung) {
    return `the policy flies ${policy.task} at the ${policy.rung} rung; this batch flies ${core.config.task} at the ${core.config.rung} rung`;
  }
  if (core.world) return 'a city in the loop changes the wind on the CPU between steps';
  if (core.downwash) return 'downwash runs as a pass before every single step';
  return null;
}

/** The hover task's observation: setpoint − position, velocity, attitude, body rates, rotor speeds. */
const OBSERVATION_SIZE = 17;

/** The WGSL of a policy's network for the batch step's loop (hover observation and books). */
export function networkLoopSource(policy: PolicyFile): { source: string } {
  const n = policy.observation.size;
  if (n !== OBSERVATION_SIZE) throw new RangeError(`in-loop network: observation size ${n}; accepted: ${OBSERVATION_SIZE} (hover)`);
  const widths = [n, ...policy.layers.map((layer) => layer.output)];
  const f = (value: number): string => {
    const text = String(Math.fround(value));
    return /[.eE]/.test(text) ? text : `${text}.0`;
  };
  // The network is unrolled with its weights as literals: each activation a named value the
  // compiler keeps in registers, sums in the CPU's order (bias first, inputs ascending). A policy
  // thus compiles its own pipeline (cached by its source); reading weights from a buffer in loops
  // ran 2.5× slower on SwiftShader.
  const layerCode: string[] = [];
  let inputs = Array.from({ length: n }, (_, k) => `x${k}`);
  policy.layers.forEach((layer, l) => {
    const outputs: string[] = [];
    for (let o = 0; o < layer.output; o++) {
      const terms = inputs.map((input, k) => `${f(layer.weights[o * layer.input + k])} * ${input}`);
      const sum = `${f(layer.bias[o])} + ${terms.join(' + ')}`;
      // tanh of a bounded argument: some implementations overflow exp() for large ones (NaN).
      layerCode.push(`  let h${l}_${o} = ${layer.activation === 'tanh' ? `tanh(clamp(${sum}, -20.0, 20.0))` : sum};`);
      outputs.push(`h${l}_${o}`);
    }
    inputs = outputs;
  });
  // Commands stay inside the rung's bounds once stored as f32, as NetworkPolicy keeps them.
  const fields = QUADROTOR_RUNGS[policy.rung];
  const inward = (bound: number, toward: number): number => (Math.fround(bound) === bound ? bound : Math.fround(bound + (toward - bound) * 1e-6));
  const low = fields.map((field) => inward(field.min, field.max)), high = fields.map((field) => inward(field.max, field.min));
  const { offset, scale, squash } = policy.action;
  const command = [0, 1, 2, 3].map((j) => {
    const squashed = squash === 'tanh' ? `tanh(clamp(${inputs[j]}, -20.0, 20.0))` : `clamp(${inputs[j]}, -1.0, 1.0)`;
    return `clamp(${f(offset[j])} + ${f(scale[j])} * ${squashed}, ${f(low[j])}, ${f(high[j])})`;
  });
  const observation = [
    'policyRows[policyRow(0u, i)] - s.px', 'policyRows[policyRow(1u, i)] - s.py', 'policyRows[policyRow(2u, i)] - s.pz',
    's.vx', 's.vy', 's.vz', 's.qw', 's.qx', 's.qy', 's.qz', 's.wx', 's.wy', 's.wz', 's.r0', 's.r1', 's.r2', 's.r3',
  ];
  const source = /* wgsl */ `
// Generated: a ${widths.join('-')} policy network and the hover task's books in the K-step loop.
// One buffer (the batch step already binds 7 of the 8 storage buffers a stage is sure to have),
// rows of u.stride words: the goal (3 rows), steps (budget in, steps taken out), ended, return, last reward.
@group(1) @binding(0) var<storage, read_write> policyRows: array<f32>;

var<private> loopReturn: f32;
var<private> loopLastReward: f32;
var<private> loopEnded: u32;

fn policyRow(row: u32, i: u32) -> u32 {
  return row * u.stride + i;
}

fn loopBudget(i: u32) -> u32 {
  return min(u32(policyRows[policyRow(3u, i)]), u.steps);
}

fn loopCommand(i: u32, s: QuadrotorState) -> vec4<f32> {
${observation.map((expression, k) => `  let x${k} = clamp((${expression} - ${f(policy.observation.mean[k])}) / ${f(policy.observation.std[k])}, ${f(-policy.observation.clip)}, ${f(policy.observation.clip)});`).join('\n')}
${layerCode.join('\n')}
  return vec4<f32>(${command.join(',\n    ')});
}

fn loopAfterStep(i: u32, s: QuadrotorState, stopped: bool) -> bool {
  if (stopped) {
    loopLastReward = -${f(CRASH_PENALTY)};
    loopReturn = loopReturn + loopLastReward;
    return true;
  }
  let error = length(vec3<f32>(policyRows[policyRow(0u, i)] - s.px, policyRows[policyRow(1u, i)] - s.py, policyRows[policyRow(2u, i)] - s.pz));
  let speed = length(vec3<f32>(s.vx, s.vy, s.vz));
  let spin = length(vec3<f32>(s.wx, s.wy, s.wz));
  loopLastReward = 1.0 - min(error, 2.0) / 2.0 - 0.05 * speed - 0.01 * spin;
  loopReturn = loopReturn + loopLastReward;
  if (error > ${f(FLY_AWAY_DISTANCE)}) {
    loopEnded = 1u;
    return true;
  }
  return false;
}

fn loopFinish(i: u32, taken: u32) {
  policyRows[policyRow(3u, i)] = f32(taken);
  policyRows[policyRow(4u, i)] = f32(loopEnded);
  policyRows[policyRow(5u, i)] = loopReturn;
  policyRows[policyRow(6u, i)] = loopLastReward;
}
`;
  return { source };
}

/** FNV-1a of the source: the pipeline cache's name for this network shape. */
function sourceName(source: string): string {
  let hash = 0x811c9dc5;
  for (let k = 0; k < source.length; k++) hash = Math.imul(hash ^ source.charCodeAt(k), 0x01000193) >>> 0;
  return `network ${hash.toString(16)}`;
}

/** The loop program of a policy, for GpuQuadrotorBatch's `loop` option. */
export function networkStepLoop(policy: PolicyFile): GpuStepLoop {
  const { source } = networkLoopSource(policy);
  return { name: sourceName(source), source };
}

/** The buffer and bind group of one policy on one GPU batch, and the rounds that run it. */
export class GpuNetworkLoop {
  readonly policy: PolicyFile;
  private readonly backend: GpuBatchBackend;
  private readonly device: GPUDevice;
  /** 7 rows of `stride` words: goal ×3, steps, ended, return, last reward. */
  private readonly buffer: GPUBuffer;
  private readonly bindGroup: GPUBindGroup;
  private readonly pipeline: GpuLoopPipeline;
  /** Host copy of the rows: goal and budget go up, steps taken and books come back. */
  private readonly rows: Float32Array;
  private readonly remaining: Uint32Array;

  /** Compiles the step shader with the policy's network in its loop (once per network shape and device). */
  static async create(backend: GpuBatchBackend, policy: PolicyFile): Promise<GpuNetworkLoop> {
    const unsupported = gpuNetworkLoopUnsupported(backend.core, policy);
    if (unsupported) throw new RangeError(`the policy cannot run in the GPU loop: ${unsupported}`);
    return new GpuNetworkLoop(backend, policy, await backend.batch.loopPipeline(networkStepLoop(policy)));
  }

  private constructor(backend: GpuBatchBackend, policy: PolicyFile, pipeline: GpuLoopPipeline) {
    this.backend = backend;
    this.policy = policy;
    this.pipeline = pipeline;
    const device = (this.device = backend.batch.device);
    const n = backend.core.stride;
    const size = 7 * n * 4;
    if (size > device.limits.maxStorageBufferBindingSize) {
      throw new RangeError(`the policy's GPU buffer needs ${size} bytes; this device binds at most ${device.limits.maxStorageBufferBindingSize}; accepted: fewer drones`);
    }
    this.buffer = device.createBuffer({ label: 'policy.loop', size, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
    this.bindGroup = device.createBindGroup({ layout: pipeline.loopLayout, entries: [{ binding: 0, resource: { buffer: this.buffer } }] });
    this.rows = new Float32Array(7 * n);
    this.remaining = new Uint32Array(n);
  }

  /**
   * `steps` environment steps of every drone under the policy. Dispatches run until each drone
   * has taken its steps; between them, episodes that ended are booked and autoreset on the CPU.
   * Observations are written once at the end.
   */
  async run(steps: number): Promise<void> {
    const backend = this.backend, core = backend.core, count = core.count, n = core.stride;
    const { status, goal } = core, rows = this.rows;
    const autoreset = core.config.autoreset, maxSteps = core.config.maxEpisodeSteps;
    for (let i = 0; i < count; i++) {
      const over = !autoreset && (core.terminated[i] | core.truncated[i]);
      this.remaining[i] = status[i] === VEHICLE_STATUS.inactive || over ? 0 : steps;
    }
    const budget = new Uint32Array(n);
    for (;;) {
      let longest = 0;
      for (let i = 0; i < count; i++) {
        budget[i] = this.remaining[i] === 0 || status[i] !== VEHICLE_STATUS.ok ? 0 : Math.min(this.remaining[i], Math.max(1, maxSteps - core.episodeStep[i]));
        longest = Math.max(longest, budget[i]);
      }
      if (longest === 0) break;
      backend.ensureUploaded();
      rows.set(goal.subarray(0, 3 * n));
      for (let i = 0; i < n; i++) rows[3 * n + i] = budget[i];
      this.device.queue.writeBuffer(this.buffer, 0, rows, 0, 4 * n);
      backend.batch.stepLoop(this.pipeline, this.bindGroup, longest);
      await backend.batch.read({ state: core.quad.state, status: core.quad.status, motorCommand: core.quad.motorCommand, integral: core.integral });
      await this.readRows();
      for (let i = 0; i < count; i++) {
        if (budget[i] === 0) continue;
        const taken = rows[3 * n + i];
        this.remaining[i] -= taken;
        const ended = core.bookSteps(i, taken, rows[5 * n + i], rows[6 * n + i], rows[4 * n + i] !== 0);
        if (ended && autoreset) backend.markChanged();
        if (ended && !autoreset) this.remaining[i] = 0;
      }
    }
    core.task.observeSlice(core, 0, count);
  }

  destroy(): void {
    this.buffer.destroy();
  }

  /** Copies the rows back. */
  private async readRows(): Promise<void> {
    const bytes = this.rows.byteLength;
    const staging = this.device.createBuffer({ label: 'policy.readback', size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    try {
      const encoder = this.device.createCommandEncoder();
      encoder.copyBufferToBuffer(this.buffer, 0, staging, 0, bytes);
      this.device.queue.submit([encoder.finish()]);
      await staging.mapAsync(GPUMapMode.READ);
      this.rows.set(new Float32Array(staging.getMappedRange()));
      staging.unmap();
    } finally {
      staging.destroy();
    }
  }
}
