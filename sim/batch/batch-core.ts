import {
  BatchArena, SeededRng, VEHICLE_STATUS, QUADROTOR_STATE as S, applyQuadrotorControl, createQuadrotorStepper,
  applyDownwash, hoverMotorCommand, mixSeeds, rowStride, quadrotorArenaFields, quadrotorParamsByName, randomizeQuadrotorParams,
  writeKernelParams, type ArenaField, type DownwashOption, type QuadrotorArrays, type QuadrotorParams, type QuadrotorStepper,
} from '../../physics/index.ts';
import type { DroneTask } from '../tasks/drone-task.ts';
import { taskByName } from '../tasks/task-registry.ts';
import type { BatchConfig } from './batch-config.ts';
import type { BuiltinPolicy } from '../policies/builtin-policies.ts';
import { CLEARANCE_ROWS, LANE_BOUNDS_SLACK, LANE_CLEARANCE_TRAVEL_SQUARED, WIND_UPDATE_STEPS, WorldInTheLoop } from '../world/world-in-the-loop.ts';
import { QUADROTOR_KERNEL_PARAM as K } from '../../physics/index.ts';
import { createLaneObservation, createLaneStep, type LaneObservation, type LaneStep } from './lane-step.ts';
import { LANE_DONE, LANE_PAUSED, laneStepVariant } from './lane-step-program.ts';

/** Words of the control block that worker threads synchronise on. */
export const CONTROL = { generation: 0, command: 1, done: 2, steps: 3, policy: 4, stepCounter: 5, error: 6, seed: 7 } as const;
export const CONTROL_SIZE = 16;

/** Every array of a batch, for the main thread and for each worker thread alike. */
export function batchArenaFields(config: BatchConfig): ArenaField[] {
  const count = config.worlds * config.dronesPerWorld;
  const stride = rowStride(count);
  const task = taskByName(config.task);
  return [
    ...quadrotorArenaFields(count),
    { name: 'env.actions', kind: 'f32', length: 4 * stride },
    { name: 'env.integral', kind: 'f32', length: 3 * stride },
    { name: 'env.goal', kind: 'f32', length: 3 * stride },
    { name: 'env.ended', kind: 'u8', length: stride },
    // The lane step's inputs and outputs (lane-step-program.ts): command rows and the task's own end rule.
    { name: 'env.command', kind: 'f32', length: 4 * stride },
    { name: 'env.taskEnded', kind: 'f32', length: stride },
    // A rollout lane step's books: episode step, steps left, crashed (f32 rows the kernel counts in).
    { name: 'env.laneEpisodeStep', kind: 'f32', length: stride },
    { name: 'env.laneRemaining', kind: 'f32', length: stride },
    { name: 'env.laneCrashed', kind: 'f32', length: stride },
    { name: 'env.laneCheck', kind: 'f32', length: stride },
    ...(config.world ? [{ name: 'world.clearance', kind: 'f32' as const, length: CLEARANCE_ROWS * stride }] : []),
    { name: 'env.observation', kind: 'f32', length: task.observationSize * stride },
    { name: 'env.reward', kind: 'f32', length: stride },
    { name: 'env.terminated', kind: 'u8', length: stride },
    { name: 'env.truncated', kind: 'u8', length: stride },
    { name: 'env.episodeStep', kind: 'u32', length: stride },
    { name: 'env.episodeIndex', kind: 'u32', length: stride },
    { name: 'env.episodeReturn', kind: 'f32', length: stride },
    { name: 'env.finalError', kind: 'f32', length: stride },
    { name: 'env.success', kind: 'u8', length: stride },
    { name: 'env.endStatus', kind: 'u8', length: stride },
    { name: 'stats.episodes', kind: 'u32', length: stride },
    { name: 'stats.successes', kind: 'u32', length: stride },
    { name: 'stats.crashes', kind: 'u32', length: stride },
    { name: 'stats.errorSum', kind: 'f64', length: stride },
    { name: 'control', kind: 'i32', length: CONTROL_SIZE },
    ...(config.keepFinalObservation ? [{ name: 'env.finalObservation', kind: 'f32' as const, length: task.observationSize * stride }] : []),
    ...task.extraFields(stride),
  ];
}

/**
 * The batch as one thread sees it: views into the shared arena plus the task and the kernel.
 * `stepSlice` and `resetSlice` are the only work a step does, so any split of [0, count) into
 * slices (one per worker) gives the same numbers as one thread doing it all.
 */
export class BatchCore {
  readonly config: BatchConfig;
  readonly arena: BatchArena;
  readonly task: DroneTask;
  readonly count: number;
  readonly stride: number;
  readonly quad: QuadrotorArrays;
  readonly stepper: QuadrotorStepper;
  readonly baseParams: QuadrotorParams;
  readonly actions: Float32Array;
  readonly integral: Float32Array;
  /** Where each drone's task wants it now (world frame, component-major 3 × stride). */
  readonly goal: Float32Array;
  /** Scratch written by the task's evaluateSlice: 1 where the task ended this step. */
  readonly ended: Uint8Array;
  readonly observation: Float32Array;
  /** The lane step's command rows (component-major 4 × stride) and the task's own end rule (1 where it ended). */
  readonly commandRows: Float32Array;
  readonly taskEnded: Float32Array;
  /** With config.keepFinalObservation: the last observation of each drone's most recently ended episode. */
  readonly finalObservation: Float32Array | null;
  readonly reward: Float32Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  readonly episodeStep: Uint32Array;
  readonly episodeIndex: Uint32Array;
  readonly episodeReturn: Float32Array;
  readonly finalError: Float32Array;
  readonly success: Uint8Array;
  /** Vehicle status when the last episode ended (an autoreset clears the live status). */
  readonly endStatus: Uint8Array;
  readonly statsEpisodes: Uint32Array;
  readonly statsSuccesses: Uint32Array;
  readonly statsCrashes: Uint32Array;
  readonly statsErrorSum: Float64Array;
  readonly control: Int32Array;
  /** The task's own arrays (from `task.extraFields`), looked up once so that hot loops do not search. */
  readonly taskArrays: Record<string, Float32Array | Uint32Array | Uint8Array>;
  /** The city drones fly in, or null for open space. */
  readonly world: WorldInTheLoop | null;
  /** Downwash between the drones of a world (from the positions at the start of each step), or null. */
  readonly downwash: DownwashOption | null;
  /** Seed of the current run; set by reset. */
  seed: number;
  /** The step kernels compiled for this batch so far, by command source ('pid' or 'rows'); null where a rung has none. */
  private readonly laneSteps = new Map<string, LaneStep | null>();
  /** The WebAssembly observation pass of a task with a lane form (wasm-simd batches), or null: the task's observeSlice. */
  private laneObservation: LaneObservation | null | undefined = undefined;

  constructor(config: BatchConfig, arena: BatchArena) {
    this.config = config;
    this.arena = arena;
    this.task = taskByName(config.task);
    this.count = config.worlds * config.dronesPerWorld;
    this.stride = rowStride(this.count);
    this.stepper = createQuadrotorStepper(arena, this.count, { kernel: config.kernel });
    this.quad = this.stepper.arrays;
    this.baseParams = quadrotorParamsByName(config.paramSet);
    this.downwash = this.baseParams.downwash.enabled && config.dronesPerWorld > 1 ? this.baseParams.downwash : null;
    this.actions = arena.f32('env.actions');
    this.integral = arena.f32('env.integral');
    this.goal = arena.f32('env.goal');
    this.ended = arena.u8('env.ended');
    this.observation = arena.f32('env.observation');
    this.commandRows = arena.f32('env.command');
    this.taskEnded = arena.f32('env.taskEnded');
    this.finalObservation = config.keepFinalObservation ? arena.f32('env.finalObservation') : null;
    this.reward = arena.f32('env.reward');
    this.terminated = arena.u8('env.terminated');
    this.truncated = arena.u8('env.truncated');
    this.episodeStep = arena.u32('env.episodeStep');
    this.episodeIndex = arena.u32('env.episodeIndex');
    this.episodeReturn = arena.f32('env.episodeReturn');
    this.finalError = arena.f32('env.finalError');
    this.success = arena.u8('env.success');
    this.endStatus = arena.u8('env.endStatus');
    this.statsEpisodes = arena.u32('stats.episodes');
    this.statsSuccesses = arena.u32('stats.successes');
    this.statsCrashes = arena.u32('stats.crashes');
    this.statsErrorSum = arena.f64('stats.errorSum');
    this.control = arena.i32('control');
    this.seed = config.seed;
    this.world = config.world ? new WorldInTheLoop(config.world, this.quad, arena.f32('world.clearance')) : null;
    this.taskArrays = {} as BatchCore['taskArrays'];
    for (const field of this.task.extraFields(this.stride)) {
      const view = field.kind === 'f32' ? arena.f32(field.name) : field.kind === 'u32' ? arena.u32(field.name) : arena.u8(field.name);
      this.taskArrays[field.name] = view;
    }
  }

  /** Index of drone i among all drones of the run (what its random streams derive from). */
  globalIndex(i: number): number {
    return this.config.worldIndexOffset * this.config.dronesPerWorld + i;
  }

  /** Starts episode 0 of every drone in [start, end) from `seed`; padding slots become inactive. */
  resetSlice(seed: number, start: number, end: number): void {
    this.seed = seed;
    for (let i = start; i < end; i++) {
      if (i >= this.count) {
        this.makeInactive(i);
        continue;
      }
      this.episodeIndex[i] = 0;
      this.statsEpisodes[i] = 0;
      this.statsSuccesses[i] = 0;
      this.statsCrashes[i] = 0;
      this.statsErrorSum[i] = 0;
      this.terminated[i] = 0;
      this.truncated[i] = 0;
      this.reward[i] = 0;
      this.spawn(i);
    }
    const last = Math.min(end, this.count);
    if (start < last) this.task.observeSlice(this, start, last);
  }

  /**
   * One environment step for drones [start, end): policy (if any), controller, physics, task, autoreset.
   * Where the rung has a lane form (motors, rates, velocity), policy (pid), controller, physics and
   * the task's lane evaluation run as one kernel (lane-step.ts); elsewhere as separate JavaScript passes.
   */
  stepSlice(start: number, end: number, policy: BuiltinPolicy | null, stepCounter: number): void {
    const { config } = this;
    const last = Math.min(end, this.count);
    if (start >= last) return;
    // Slices hold whole worlds (sliceBounds), so this reads no drone another thread is stepping.
    if (this.downwash) applyDownwash(this.quad, this.downwash, config.dronesPerWorld, start, last);
    const lane = this.laneStep(policy?.name === 'pid' ? 'pid' : 'rows');
    if (lane) {
      this.stepSliceByLanes(lane, start, last, policy, stepCounter);
      return;
    }
    if (policy) policy.act(this, start, last, stepCounter);
    applyQuadrotorControl(config.rung, this.actions, this.quad, this.integral, config.gains, start, last, config.dt);
    const world = this.world;
    if (world) {
      const n = this.stride, params = this.quad.params;
      world.applyWind(start, last, stepCounter, config.dt, params.subarray(K.dragXY * n, (K.dragXY + 1) * n), params.subarray(K.dragZ * n, (K.dragZ + 1) * n));
    }
    this.stepper.step(start, last, config.dt);
    world?.afterPhysics(start, last);
    this.finishStepSlice(start, last);
  }

  /** The lane kernel of this batch for a command source, compiled on first use; null where the rung has none (goto). */
  laneStep(commands: 'pid' | 'rows', rollout = false): LaneStep | null {
    const key = rollout ? `${commands}/rollout` : commands;
    let lane = this.laneSteps.get(key);
    if (lane === undefined) {
      const { config } = this;
      const variant = laneStepVariant(config.rung, commands, config.task, rollout, this.world !== null);
      const bounds = this.world?.index.spec.bounds;
      const worldUniforms = bounds
        ? [bounds.minX + LANE_BOUNDS_SLACK, bounds.maxX - LANE_BOUNDS_SLACK, bounds.minY + LANE_BOUNDS_SLACK, bounds.maxY - LANE_BOUNDS_SLACK, bounds.ceiling - LANE_BOUNDS_SLACK, LANE_CLEARANCE_TRAVEL_SQUARED]
        : [];
      lane = variant ? createLaneStep(this.arena, variant, this.stepper.kernel, this.stride, config.dt, config.gains, config.maxEpisodeSteps, worldUniforms) : null;
      this.laneSteps.set(key, lane);
    }
    return lane;
  }

  /**
   * `steps` environment steps of drones [start, end) under a built-in policy. The pid policy in
   * open space with autoreset runs as a rollout lane kernel: many steps per call with the episode's
   * books in registers, pausing each drone where its episode ends for the end and autoreset here,
   * the same bits as `steps` calls of stepSlice. Elsewhere it is `steps` calls of stepSlice.
   */
  rolloutSlice(start: number, end: number, policy: BuiltinPolicy, stepCounter: number, steps: number): void {
    const { config } = this;
    const last = Math.min(end, this.count);
    // Downwash couples the drones of a world through each step's positions: it needs a step per call.
    const lane = steps > 1 && policy.name === 'pid' && config.autoreset && !this.downwash && config.maxEpisodeSteps < 1 << 24
      ? this.laneStep('pid', true) : null;
    if (!lane || start >= last) {
      for (let s = 0; s < steps; s++) this.stepSlice(start, end, policy, stepCounter + s);
      return;
    }
    const laneEpisodeStep = this.arena.f32('env.laneEpisodeStep'), remaining = this.arena.f32('env.laneRemaining');
    for (let i = start; i < last; i++) laneEpisodeStep[i] = this.episodeStep[i];
    const world = this.world;
    // In a city the wind changes every WIND_UPDATE_STEPS steps, before that step's physics: runs end there.
    for (let step = stepCounter, stop = stepCounter + steps; step < stop;) {
      const until = world ? Math.min(stop, (Math.floor(step / WIND_UPDATE_STEPS) + 1) * WIND_UPDATE_STEPS) : stop;
      if (world) {
        const n = this.stride, params = this.quad.params;
        world.applyWind(start, last, step, config.dt, params.subarray(K.dragXY * n, (K.dragXY + 1) * n), params.subarray(K.dragZ * n, (K.dragZ + 1) * n));
      }
      for (let i = start; i < last; i++) remaining[i] = until - step;
      this.runRolloutLanes(lane, start, last, until - step);
      step = until;
    }
    const observation = this.laneObservationPass(lane);
    if (observation) observation.run(start, last);
    else this.task.observeSlice(this, start, last);
  }

  /** Runs a rollout kernel over [start, last) until every drone has taken its `remaining` steps, ending and resetting episodes where it pauses. */
  private runRolloutLanes(lane: LaneStep, start: number, last: number, steps: number): void {
    const { config, status, episodeStep, terminated, truncated, taskEnded, reward, episodeReturn } = this;
    const laneEpisodeStep = this.arena.f32('env.laneEpisodeStep'), remaining = this.arena.f32('env.laneRemaining');
    const crashedRow = this.arena.f32('env.laneCrashed'), checkRow = this.arena.f32('env.laneCheck');
    const world = this.world, crashReward = lane.variant.evaluation!.crashReward;
    // The first call runs the whole slice; later calls only the vectors of four that hold a drone
    // to resume (lanes are independent, so this changes no value): one call per vector while they
    // are few, one call over the span otherwise.
    const vectors: number[] = [];
    for (let first = true; first || vectors.length > 0; first = false) {
      if (first) lane.run(start, last, steps);
      else if (vectors.length <= 16) for (const v of vectors) lane.run(v, Math.min(last, v + 4), steps);
      else lane.run(vectors[0], Math.min(last, vectors[vectors.length - 1] + 4), steps);
      const scanFrom = first ? start : vectors[0], scanTo = first ? last : Math.min(last, vectors[vectors.length - 1] + 4);
      vectors.length = 0;
      for (let i = scanFrom; i < scanTo; i++) {
        if (status[i] !== LANE_PAUSED) continue;
        status[i] = crashedRow[i] !== 0 ? VEHICLE_STATUS.crashedGround : VEHICLE_STATUS.ok;
        if (world && checkRow[i] !== 0) {
          // The step's world check, as afterPhysics does it; its reward was left out of the return until now.
          if (status[i] === VEHICLE_STATUS.ok) world.checkDrone(i);
          if (status[i] !== VEHICLE_STATUS.ok) reward[i] = crashReward;
          episodeReturn[i] += reward[i];
        }
        const stepsTaken = (episodeStep[i] = laneEpisodeStep[i]);
        const isEnd = status[i] !== VEHICLE_STATUS.ok || taskEnded[i] !== 0 ? 1 : 0;
        terminated[i] = isEnd;
        truncated[i] = isEnd === 0 && stepsTaken >= config.maxEpisodeSteps ? 1 : 0;
        if (isEnd | truncated[i]) {
          this.recordEpisodeEnd(i);
          if (this.finalObservation) this.keepFinalObservation(i);
          this.episodeIndex[i]++;
          this.spawn(i);
          laneEpisodeStep[i] = 0;
        }
        // A drone with steps left runs on in a next call; one without waits for the others.
        if (remaining[i] >= 0.5) {
          const v = i - (i & 3);
          if (vectors[vectors.length - 1] !== v) vectors.push(v);
        } else {
          status[i] = LANE_DONE;
        }
      }
    }
    for (let i = start; i < last; i++) if (status[i] === LANE_DONE) status[i] = VEHICLE_STATUS.ok;
  }

  private stepSliceByLanes(lane: LaneStep, start: number, last: number, policy: BuiltinPolicy | null, stepCounter: number): void {
    const { config } = this;
    if (lane.variant.commands === 'rows') {
      if (policy) policy.act(this, start, last, stepCounter);
      // Drone-major actions to the kernel's component-major command rows.
      const actions = this.actions, rows = this.commandRows, n = this.stride;
      for (let i = start; i < last; i++) {
        rows[i] = actions[4 * i];
        rows[n + i] = actions[4 * i + 1];
        rows[2 * n + i] = actions[4 * i + 2];
        rows[3 * n + i] = actions[4 * i + 3];
      }
    }
    const world = this.world;
    // Wind writes the external force only, which the controller does not read: it may come first.
    if (world) {
      const n = this.stride, params = this.quad.params;
      world.applyWind(start, last, stepCounter, config.dt, params.subarray(K.dragXY * n, (K.dragXY + 1) * n), params.subarray(K.dragZ * n, (K.dragZ + 1) * n));
    }
    lane.run(start, last);
    world?.afterPhysics(start, last);
    const evaluation = lane.variant.evaluation;
    if (!evaluation) {
      this.finishStepSlice(start, last);
      return;
    }
    this.finishEpisodes(start, last, lane);
  }

  /**
   * The part of a step after the physics for drones [start, end): task evaluation, episode
   * bookkeeping, autoreset and observations (the GPU backend runs controller and physics itself).
   */
  finishStepSlice(start: number, end: number): void {
    const last = Math.min(end, this.count);
    if (start >= last) return;
    this.task.evaluateSlice(this, start, last);
    this.finishEpisodes(start, last);
  }

  /** Episode bookkeeping, autoreset and observations for drones [start, last) once `reward` and `ended` are set. */
  private finishEpisodes(start: number, last: number, lane: LaneStep | null = null): void {
    const { config, task } = this;
    const { ended, terminated, truncated, episodeStep, episodeReturn, reward, status, taskEnded } = this;
    const autoreset = config.autoreset, maxSteps = config.maxEpisodeSteps;
    // After a lane step with the task's lane evaluation, the end flags come from the kernel, and a
    // drone not ok now (crashed, hit a building, left the city) ends with the crash reward (as evaluateSlice does).
    const evaluated = lane?.variant.evaluation ?? null, crashReward = evaluated?.crashReward ?? 0;
    for (let i = start; i < last; i++) {
      if (evaluated) {
        if (status[i] !== VEHICLE_STATUS.ok) {
          reward[i] = crashReward;
          ended[i] = 1;
        } else {
          ended[i] = taskEnded[i] !== 0 ? 1 : 0;
        }
      }
      if (status[i] === VEHICLE_STATUS.inactive) continue;
      if (!autoreset && (terminated[i] | truncated[i])) continue; // already over: stays as it ended
      const steps = ++episodeStep[i];
      episodeReturn[i] += reward[i];
      const isEnd = ended[i];
      terminated[i] = isEnd;
      truncated[i] = isEnd === 0 && steps >= maxSteps ? 1 : 0;
      if (isEnd | truncated[i]) {
        this.recordEpisodeEnd(i);
        if (autoreset) {
          if (this.finalObservation) this.keepFinalObservation(i);
          this.episodeIndex[i]++;
          this.spawn(i);
        }
      }
    }
    const observation = lane?.variant.evaluation ? this.laneObservationPass(lane) : null;
    if (observation) observation.run(start, last);
    else task.observeSlice(this, start, last);
  }

  /** The observation pass for a lane step's task on the wasm-simd path (built once), or null. */
  private laneObservationPass(lane: LaneStep): LaneObservation | null {
    if (this.laneObservation === undefined) {
      const evaluation = lane.variant.evaluation;
      this.laneObservation = lane.kernel === 'wasm-simd' && evaluation ? createLaneObservation(this.arena, evaluation, this.stride) : null;
    }
    return this.laneObservation;
  }

  /** Physics alone for drones [start, end) (benchmarks, direct motor control). */
  stepPhysicsSlice(start: number, end: number, steps: number): void {
    const last = Math.min(end, this.count);
    if (start < last) this.stepper.step(start, last, this.config.dt, steps);
  }

  /**
   * Books `taken` steps that drone i took elsewhere (the GPU's policy loop): `returnAdded` is the
   * sum of their rewards, `lastReward` the last one. Ends the episode (and autoresets) where the
   * vehicle stopped, the task's end rule fired (`taskEnded`) or the episode ran out of steps, as
   * finishEpisodes does for one step. Returns whether the episode ended. Observations are left to the caller.
   */
  bookSteps(i: number, taken: number, returnAdded: number, lastReward: number, taskEnded: boolean): boolean {
    const { config } = this;
    const steps = (this.episodeStep[i] += taken);
    this.episodeReturn[i] += returnAdded;
    this.reward[i] = lastReward;
    const isEnd = this.quad.status[i] !== VEHICLE_STATUS.ok || taskEnded ? 1 : 0;
    this.terminated[i] = isEnd;
    this.truncated[i] = isEnd === 0 && steps >= config.maxEpisodeSteps ? 1 : 0;
    if (!(isEnd | this.truncated[i])) return false;
    this.recordEpisodeEnd(i);
    if (config.autoreset) {
      if (this.finalObservation) this.keepFinalObservation(i);
      this.episodeIndex[i]++;
      this.spawn(i);
    }
    return true;
  }

  /** Counts drone i's current episode as finished now (used when a rollout stops mid-episode). */
  recordEpisodeEnd(i: number): void {
    const error = this.task.finalError(this, i);
    const succeeded = this.task.succeeded(this, i);
    this.finalError[i] = error;
    this.success[i] = succeeded ? 1 : 0;
    this.endStatus[i] = this.quad.status[i];
    this.statsEpisodes[i]++;
    if (succeeded) this.statsSuccesses[i]++;
    if (this.quad.status[i] !== VEHICLE_STATUS.ok) this.statsCrashes[i]++;
    this.statsErrorSum[i] += error;
  }

  /** Observes drone i as its episode ended and keeps the row before the autoreset overwrites it. */
  private keepFinalObservation(i: number): void {
    const size = this.task.observationSize;
    this.task.observeSlice(this, i, i + 1);
    this.finalObservation!.set(this.observation.subarray(i * size, (i + 1) * size), i * size);
  }

  get status(): Uint8Array {
    return this.quad.status;
  }

  private spawn(i: number): void {
    const rng = new SeededRng(mixSeeds(this.seed, this.globalIndex(i), this.episodeIndex[i]));
    const params = Object.keys(this.config.randomization).length
      ? randomizeQuadrotorParams(this.baseParams, this.config.randomization, rng.nextUint32())
      : this.baseParams;
    const n = this.stride;
    writeKernelParams(params, this.quad.params, n, i);
    const hover = hoverMotorCommand(params);
    const state = this.quad.state;
    for (let c = 0; c < 17; c++) state[c * n + i] = 0;
    state[S.qw * n + i] = 1;
    for (let m = 0; m < 4; m++) {
      state[(S.r0 + m) * n + i] = hover;
      this.quad.motorCommand[m * n + i] = hover;
    }
    for (let k = 0; k < 3; k++) {
      this.quad.externalForce[k * n + i] = 0;
      this.integral[k * n + i] = 0;
    }
    for (let k = 0; k < 4; k++) this.actions[4 * i + k] = 0;
    this.quad.status[i] = VEHICLE_STATUS.ok;
    this.episodeStep[i] = 0;
    this.episodeReturn[i] = 0;
    this.task.resetDrone(this, i, rng);
  }

  /** A padding slot: valid, harmless numbers (a drone at rest) that no kernel advances. */
  private makeInactive(i: number): void {
    const n = this.stride;
    writeKernelParams(this.baseParams, this.quad.params, n, i);
    for (let c = 0; c < 17; c++) this.quad.state[c * n + i] = 0;
    this.quad.state[S.qw * n + i] = 1;
    this.quad.status[i] = VEHICLE_STATUS.inactive;
  }
}
