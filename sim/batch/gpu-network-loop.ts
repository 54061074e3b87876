import { QUADROTOR_RUNGS, VEHICLE_STATUS, type GpuLoopPipeline, type GpuStepLoop } from '../../physics/index.ts';
import type { PolicyFile } from '../policies/policy-file.ts';
import { CRASH_PENALTY, FLY_AWAY_DISTANCE } from '../tasks/hover-task.ts';
import type { BatchCore } from './batch-core.ts';
import type { GpuBatchBackend } from './gpu-batch-backend.ts';

/**
 * A policy file's network flown inside the GPU's K-step loop: each step of each drone observes
 * (the task's observation), normalises, runs the dense layers, squashes and scales to the rung's
 * command, then the controller and the dynamics run on it, all in one invocation with the state
 * in registers. The loop also keeps the task's books (reward, its end rule, the waypoints task's
 * current waypoint), so a dispatch runs until a drone's episode ends; the CPU then ends and
 * autoresets those episodes and sends them off again for the steps they have left (as the CPU's
 * rollout lane kernel pauses a drone).
 *
 * Maths in f32 (the CPU's NetworkPolicy sums in f64): hover actions agree within 1e-5 (measured 1.2e-7 on motor
 * commands in [0, 1]) and positions within 1 mm after 400 steps (measured 5e-7 m), tests/gpu/policy-gpu-parity.test.ts.
 */

/** Rows of the loop's buffer every task has (each `stride` words): goal ×3, steps, ended, return, last reward. */
const COMMON_ROWS = 7;
const ROW = { goal: 0, steps: 3, ended: 4, return: 5, lastReward: 6 } as const;

/** A task's part of the loop: its observation, reward and end rule in WGSL, and the rows it keeps. */
interface LoopTask {
  observationSize: number;
  /** Task rows after the common ones. */
  rows: number;
  /** WGSL: private state, fn taskBegin(i), fn taskReward(i, s) -> f32 (sets loopEnded), fn taskFinish(i). */
  source: string;
  /** WGSL expressions of the observation, from `s` and the private `loopGoal`. */
  observation: string[];
  /** Copies the task's CPU arrays of drones [0, count) into its rows (`row(r)` is the offset of task row r). */
  upload(core: BatchCore, rows: Float32Array, row: (r: number) => number): void;
  /** Copies drone i's task rows back after a dispatch. */
  download(core: BatchCore, rows: Float32Array, row: (r: number) => number, i: number): void;
}

const VEHICLE_TAIL = ['s.vx', 's.vy', 's.vz', 's.qw', 's.qx', 's.qy', 's.qz', 's.wx', 's.wy', 's.wz', 's.r0', 's.r1', 's.r2', 's.r3'];

function literal(value: number): string {
  const text = String(Math.fround(value));
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

/** Hover (sim/tasks/hover-task.ts): setpoint − position and the vehicle tail; ends beyond 5 m. */
const HOVER_LOOP: LoopTask = {
  observationSize: 17,
  rows: 0,
  observation: ['loopGoal.x - s.px', 'loopGoal.y - s.py', 'loopGoal.z - s.pz', ...VEHICLE_TAIL],
  source: `
fn taskBegin(i: u32) {}

fn taskReward(i: u32, s: QuadrotorState) -> f32 {
  let error = length(vec3<f32>(loopGoal.x - s.px, loopGoal.y - s.py, loopGoal.z - s.pz));
  let speed = length(vec3<f32>(s.vx, s.vy, s.vz));
  let spin = length(vec3<f32>(s.wx, s.wy, s.wz));
  if (error > ${literal(FLY_AWAY_DISTANCE)}) { loopEnded = 1u; }
  return 1.0 - min(error, 2.0) / 2.0 - 0.05 * speed - 0.01 * spin;
}

fn taskFinish(i: u32) {}
`,
  upload() {},
  download() {},
};

const WAYPOINTS = 4;

/**
 * Waypoints (sim/tasks/waypoints-task.ts): the current and the next waypoint, progress toward the
 * current one plus 1 per waypoint reached (within 25 cm); ends when all four are reached. Rows:
 * the 4 points (12), the current index, the previous distance.
 */
const WAYPOINTS_LOOP: LoopTask = {
  observationSize: 20,
  rows: 3 * WAYPOINTS + 2,
  observation: ['loopGoal.x - s.px', 'loopGoal.y - s.py', 'loopGoal.z - s.pz', 'loopNext.x - s.px', 'loopNext.y - s.py', 'loopNext.z - s.pz', ...VEHICLE_TAIL],
  source: `
var<private> waypointIndex: u32;
var<private> waypointPrevious: f32;
// The waypoint after the current one, or the position itself (observed as zeros) at the last one.
var<private> loopNext: vec3<f32>;
var<private> nextIsPosition: bool;

fn waypointAt(i: u32, w: u32) -> vec3<f32> {
  let r = ${COMMON_ROWS}u + 3u * w;
  return vec3<f32>(policyRows[policyRow(r, i)], policyRows[policyRow(r + 1u, i)], policyRows[policyRow(r + 2u, i)]);
}

fn setNext(i: u32) {
  nextIsPosition = waypointIndex + 1u >= ${WAYPOINTS}u;
  if (!nextIsPosition) { loopNext = waypointAt(i, waypointIndex + 1u); }
}

fn taskBegin(i: u32) {
  waypointIndex = u32(policyRows[policyRow(${COMMON_ROWS + 3 * WAYPOINTS}u, i)]);
  waypointPrevious = policyRows[policyRow(${COMMON_ROWS + 3 * WAYPOINTS + 1}u, i)];
  setNext(i);
}

fn taskReward(i: u32, s: QuadrotorState) -> f32 {
  let distance = length(vec3<f32>(loopGoal.x - s.px, loopGoal.y - s.py, loopGoal.z - s.pz));
  var gained = waypointPrevious - distance;
  if (distance < 0.25) {
    gained = gained + 1.0;
    waypointIndex = waypointIndex + 1u;
    if (waypointIndex >= ${WAYPOINTS}u) {
      loopEnded = 1u;
      waypointPrevious = 0.0;
    } else {
      loopGoal = waypointAt(i, waypointIndex);
      waypointPrevious = length(vec3<f32>(loopGoal.x - s.px, loopGoal.y - s.py, loopGoal.z - s.pz));
      setNext(i);
    }
  } else {
    waypointPrevious = distance;
  }
  return gained;
}

fn taskFinish(i: u32) {
  policyRows[policyRow(${COMMON_ROWS + 3 * WAYPOINTS}u, i)] = f32(waypointIndex);
  policyRows[policyRow(${COMMON_ROWS + 3 * WAYPOINTS + 1}u, i)] = waypointPrevious;
}
`,
  upload(core, rows, row) {
    const points = core.taskArrays['waypoints.points'], index = core.taskArrays['waypoints.index'], previous = core.taskArrays['waypoints.previousDistance'];
    for (let i = 0; i < core.count; i++) {
      for (let c = 0; c < 3 * WAYPOINTS; c++) rows[row(c) + i] = points[3 * WAYPOINTS * i + c];
      rows[row(3 * WAYPOINTS) + i] = index[i];
      rows[row(3 * WAYPOINTS + 1) + i] = previous[i];
    }
  },
  download(core, rows, row, i) {
    core.taskArrays['waypoints.index'][i] = rows[row(3 * WAYPOINTS) + i];
    core.taskArrays['waypoints.previousDistance'][i] = rows[row(3 * WAYPOINTS + 1) + i];
  },
};

const LOOP_TASKS: Record<string, LoopTask> = { hover: HOVER_LOOP, waypoints: WAYPOINTS_LOOP };

/** Why a batch cannot fly a policy in the GPU loop, or null when it can. */
export function gpuNetworkLoopUnsupported(core: BatchCore, policy: PolicyFile): string | null {
  if (!LOOP_TASKS[core.config.task]) return `the in-loop network has no form for the ${core.config.task} task; accepted: ${Object.keys(LOOP_TASKS).join(', ')}`;
  if (policy.task !== core.config.task || policy.rung !== core.config.rung) {
    return `the policy flies ${policy.task} at the ${policy.rung} rung; this batch flies ${core.config.task} at the ${core.config.rung} rung`;
  }
  if (core.world) return 'a city in the loop changes the wind on the CPU between steps';
  if (core.downwash) return 'downwash runs as a pass before every single step';
  return null;
}

/** The WGSL of a policy's network and its task's books for the batch step's loop. */
export function networkLoopSource(policy: PolicyFile): { source: string } {
  const task = LOOP_TASKS[policy.task];
  if (!task) throw new RangeError(`in-loop network: task "${policy.task}"; accepted: ${Object.keys(LOOP_TASKS).join(', ')}`);
  const n = policy.observation.size;
  if (n !== task.observationSize) throw new RangeError(`in-loop network: observation size ${n}; accepted: ${task.observationSize} (${policy.task})`);
  const widths = [n, ...policy.layers.map((layer) => layer.output)];
  const f = literal;
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
  // The waypoints task observes zeros for "the next waypoint" at the last one.
  const observation = task.observation.map((expression) => (expression.startsWith('loopNext') ? `select(${expression}, 0.0, nextIsPosition)` : expression));
  const source = /* wgsl */ `
// Generated: a ${widths.join('-')} policy network and the ${policy.task} task's books in the K-step loop.
// One buffer (the batch step already binds 7 of the 8 storage buffers a stage is sure to have),
// rows of u.stride words: the goal (3 rows), steps (budget in, steps taken out), ended, return,
// last reward, then the task's rows.
@group(1) @binding(0) var<storage, read_write> policyRows: array<f32>;

var<private> loopReturn: f32;
var<private> loopLastReward: f32;
var<private> loopEnded: u32;
var<private> loopGoal: vec3<f32>;

fn policyRow(row: u32, i: u32) -> u32 {
  return row * u.stride + i;
}
${task.source}
fn loopBudget(i: u32) -> u32 {
  loopGoal = vec3<f32>(policyRows[policyRow(0u, i)], policyRows[policyRow(1u, i)], policyRows[policyRow(2u, i)]);
  taskBegin(i);
  return min(u32(policyRows[policyRow(${ROW.steps}u, i)]), u.steps);
}

fn loopCommand(i: u32, s: QuadrotorState) -> vec4<f32> {
${observation.map((expression, k) => `  let x${k} = clamp((${expression} - ${f(policy.observation.mean[k])}) / ${f(policy.observation.std[k])}, ${f(-policy.observation.clip)}, ${f(policy.observation.clip)});`).join('\n')}
${layerCode.join('\n')}
  return vec4<f32>(${command.join(',\n    ')});
}

fn loopAfterStep(i: u32, s: QuadrotorState, stopped: bool) -> bool {
  if (stopped) {
    loopLastReward = -${f(CRASH_PENALTY)};
  } else {
    loopLastReward = taskReward(i, s);
  }
  loopReturn = loopReturn + loopLastReward;
  return stopped || loopEnded != 0u;
}

fn loopFinish(i: u32, taken: u32) {
  policyRows[policyRow(0u, i)] = loopGoal.x;
  policyRows[policyRow(1u, i)] = loopGoal.y;
  policyRows[policyRow(2u, i)] = loopGoal.z;
  policyRows[policyRow(${ROW.steps}u, i)] = f32(taken);
  policyRows[policyRow(${ROW.ended}u, i)] = f32(loopEnded);
  policyRows[policyRow(${ROW.return}u, i)] = loopReturn;
  policyRows[policyRow(${ROW.lastReward}u, i)] = loopLastReward;
  taskFinish(i);
}
`;
  return { source };
}

/** FNV-1a of the source: the pipeline cache's name for this network. */
function sourceName(source: string): string {
  let hash = 0x811c9dc5;
  for (let k = 0; k < source.length; k++) hash = Math.imul(hash ^ source.charCodeAt(k), 0x01000193) >>> 0;
  return `network ${hash.toString(16)}`;
}

/** The loop program of a policy, for GpuQuadrotorBatch's `loopPipeline`. */
export function networkStepLoop(policy: PolicyFile): GpuStepLoop {
  const { source } = networkLoopSource(policy);
  return { name: sourceName(source), source };
}

export class GpuNetworkLoop {
  readonly policy: PolicyFile;
  private readonly backend: GpuBatchBackend;
  private readonly device: GPUDevice;
  /** Rows of `stride` words: goal ×3, steps, ended, return, last reward, then the task's. */
  private readonly buffer: GPUBuffer;
  private readonly task: LoopTask;
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
    this.task = LOOP_TASKS[policy.task];
    const rowCount = COMMON_ROWS + this.task.rows;
    const size = rowCount * n * 4;
    if (size > device.limits.maxStorageBufferBindingSize) {
      throw new RangeError(`the policy's GPU buffer needs ${size} bytes; this device binds at most ${device.limits.maxStorageBufferBindingSize}; accepted: fewer drones`);
    }
    this.buffer = device.createBuffer({ label: 'policy.loop', size, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
    this.bindGroup = device.createBindGroup({ layout: pipeline.loopLayout, entries: [{ binding: 0, resource: { buffer: this.buffer } }] });
    this.rows = new Float32Array(rowCount * n);
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
    const taskRow = (r: number): number => (COMMON_ROWS + r) * n;
    for (;;) {
      let longest = 0;
      for (let i = 0; i < count; i++) {
        budget[i] = this.remaining[i] === 0 || status[i] !== VEHICLE_STATUS.ok ? 0 : Math.min(this.remaining[i], Math.max(1, maxSteps - core.episodeStep[i]));
        longest = Math.max(longest, budget[i]);
      }
      if (longest === 0) break;
      backend.ensureUploaded();
      rows.set(goal.subarray(0, 3 * n));
      for (let i = 0; i < n; i++) rows[ROW.steps * n + i] = budget[i];
      this.task.upload(core, rows, taskRow);
      this.device.queue.writeBuffer(this.buffer, 0, rows);
      backend.batch.stepLoop(this.pipeline, this.bindGroup, longest);
      await backend.batch.read({ state: core.quad.state, status: core.quad.status, motorCommand: core.quad.motorCommand, integral: core.integral });
      await this.readRows();
      for (let i = 0; i < count; i++) {
        if (budget[i] === 0) continue;
        const taken = rows[ROW.steps * n + i];
        this.remaining[i] -= taken;
        // The task's state as the loop left it (the waypoints task moves the goal), before the books read it.
        for (let c = 0; c < 3; c++) goal[c * n + i] = rows[(ROW.goal + c) * n + i];
        this.task.download(core, rows, taskRow, i);
        const ended = core.bookSteps(i, taken, rows[ROW.return * n + i], rows[ROW.lastReward * n + i], rows[ROW.ended * n + i] !== 0);
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
