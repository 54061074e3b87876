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
 * Maths in f32 (the CPU's NetworkPolicy sums in f64): actions agree to about 1e-5 of their range.
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

/** Words of the weights buffer before the layers: mean and std of each observation entry. */
const OBSERVATION_SIZE = 17;

/** The WGSL of a policy's network for the batch step's loop (hover observation and books). */
export function networkLoopSource(policy: PolicyFile): { source: string; weights: Float32Array; goalAt: number } {
  const n = policy.observation.size;
  if (n !== OBSERVATION_SIZE) throw new RangeError(`in-loop network: observation size ${n}; accepted: ${OBSERVATION_SIZE} (hover)`);
  const words: number[] = [...policy.observation.mean, ...policy.observation.std];
  const widths = [n, ...policy.layers.map((layer) => layer.output)];
  const maxWidth = Math.max(...widths);
  const f = (value: number): string => {
    const text = String(Math.fround(value));
    return /[.eE]/.test(text) ? text : `${text}.0`;
  };
  const layerCode: string[] = [];
  policy.layers.forEach((layer, l) => {
    const weightsAt = words.length;
    words.push(...layer.weights);
    const biasAt = words.length;
    words.push(...layer.bias);
    const from = l % 2 === 0 ? 'a' : 'b', to = l % 2 === 0 ? 'b' : 'a';
    // tanh of a bounded argument: some implementations overflow exp() for large ones (NaN).
    const activation = layer.activation === 'tanh' ? 'tanh(clamp(sum, -20.0, 20.0))' : 'sum';
    layerCode.push(`
  for (var o = 0u; o < ${layer.output}u; o++) {
    var sum = policyWeights[${biasAt}u + o];
    let row = ${weightsAt}u + o * ${layer.input}u;
    for (var k = 0u; k < ${layer.input}u; k++) { sum = sum + policyWeights[row + k] * ${from}[k]; }
    ${to}[o] = ${activation};
  }`);
  });
  const out = policy.layers.length % 2 === 1 ? 'b' : 'a';
  const goalAt = Math.ceil(words.length / 4) * 4;
  // Commands stay inside the rung's bounds once stored as f32, as NetworkPolicy keeps them.
  const fields = QUADROTOR_RUNGS[policy.rung];
  const inward = (bound: number, toward: number): number => (Math.fround(bound) === bound ? bound : Math.fround(bound + (toward - bound) * 1e-6));
  const low = fields.map((field) => inward(field.min, field.max)), high = fields.map((field) => inward(field.max, field.min));
  const { offset, scale, squash } = policy.action;
  const command = [0, 1, 2, 3].map((j) => {
    const squashed = squash === 'tanh' ? `tanh(clamp(${out}[${j}], -20.0, 20.0))` : `clamp(${out}[${j}], -1.0, 1.0)`;
    return `clamp(${f(offset[j])} + ${f(scale[j])} * ${squashed}, ${f(low[j])}, ${f(high[j])})`;
  });
  const observation = [
    'policyWeights[policyRow(0u, i)] - s.px', 'policyWeights[policyRow(1u, i)] - s.py', 'policyWeights[policyRow(2u, i)] - s.pz',
    's.vx', 's.vy', 's.vz', 's.qw', 's.qx', 's.qy', 's.qz', 's.wx', 's.wy', 's.wz', 's.r0', 's.r1', 's.r2', 's.r3',
  ];
  const source = /* wgsl */ `
// Generated: a ${widths.join('-')} policy network and the hover task's books in the K-step loop.
// One buffer (the batch step already binds 7 of the 8 storage buffers a stage is sure to have):
// weights, then from word ${goalAt} the goal (3 rows), steps (budget in, steps taken out), ended, return, last reward.
@group(1) @binding(0) var<storage, read_write> policyWeights: array<f32>;

var<private> loopReturn: f32;
var<private> loopLastReward: f32;
var<private> loopEnded: u32;

fn policyRow(row: u32, i: u32) -> u32 {
  return ${goalAt}u + row * u.stride + i;
}

fn loopBudget(i: u32) -> u32 {
  return min(u32(policyWeights[policyRow(3u, i)]), u.steps);
}

fn loopCommand(i: u32, s: QuadrotorState) -> vec4<f32> {
  var x = array<f32, ${n}>(${observation.join(', ')});
  var a: array<f32, ${maxWidth}>;
  var b: array<f32, ${maxWidth}>;
  for (var k = 0u; k < ${n}u; k++) {
    a[k] = clamp((x[k] - policyWeights[k]) / policyWeights[${n}u + k], ${f(-policy.observation.clip)}, ${f(policy.observation.clip)});
  }${layerCode.join('')}
  return vec4<f32>(${command.join(',\n    ')});
}

fn loopAfterStep(i: u32, s: QuadrotorState, stopped: bool) -> bool {
  if (stopped) {
    loopLastReward = -${f(CRASH_PENALTY)};
    loopReturn = loopReturn + loopLastReward;
    return true;
  }
  let error = length(vec3<f32>(policyWeights[policyRow(0u, i)] - s.px, policyWeights[policyRow(1u, i)] - s.py, policyWeights[policyRow(2u, i)] - s.pz));
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
  policyWeights[policyRow(3u, i)] = f32(taken);
  policyWeights[policyRow(4u, i)] = f32(loopEnded);
  policyWeights[policyRow(5u, i)] = loopReturn;
  policyWeights[policyRow(6u, i)] = loopLastReward;
}
`;
  return { source, weights: Float32Array.from(words), goalAt };
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
  /** Weights, then 7 rows of `stride` words from `goalAt` (goal ×3, steps, ended, return, last reward). */
  private readonly buffer: GPUBuffer;
  private readonly goalAt: number;
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
    const { weights, goalAt } = networkLoopSource(policy);
    this.goalAt = goalAt;
    const size = (goalAt + 7 * n) * 4;
    if (size > device.limits.maxStorageBufferBindingSize) {
      throw new RangeError(`the policy's GPU buffer needs ${size} bytes; this device binds at most ${device.limits.maxStorageBufferBindingSize}; accepted: fewer drones`);
    }
    this.buffer = device.createBuffer({ label: 'policy.loop', size, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
    device.queue.writeBuffer(this.buffer, 0, weights);
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
      this.device.queue.writeBuffer(this.buffer, this.goalAt * 4, rows, 0, 4 * n);
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

  /** Copies the rows (from `goalAt`) back. */
  private async readRows(): Promise<void> {
    const bytes = this.rows.byteLength;
    const staging = this.device.createBuffer({ label: 'policy.readback', size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    try {
      const encoder = this.device.createCommandEncoder();
      encoder.copyBufferToBuffer(this.buffer, this.goalAt * 4, staging, 0, bytes);
      this.device.queue.submit([encoder.finish()]);
      await staging.mapAsync(GPUMapMode.READ);
      this.rows.set(new Float32Array(staging.getMappedRange()));
      staging.unmap();
    } finally {
      staging.destroy();
    }
  }
}
