import {
  DEFAULT_QUADROTOR_GAINS, QUADROTOR_RUNG_NAMES, isQuadrotorRung, quadrotorParamsByName, validateRandomization,
  type QuadrotorControllerGains, type QuadrotorKernelKind, type QuadrotorRandomization, type QuadrotorRung,
} from '../../physics/index.ts';
import { parseWorldSpec, type WorldSpec } from '../../worlds/index.ts';
import { taskByName } from '../tasks/task-registry.ts';

/** Everything that defines a batch; plain data, so it crosses to worker threads as it is. */
export interface BatchConfig {
  task: string;
  worlds: number;
  dronesPerWorld: number;
  rung: QuadrotorRung;
  paramSet: string;
  randomization: QuadrotorRandomization;
  seed: number;
  dt: number;
  maxEpisodeSteps: number;
  /** Index of this batch's first world among all worlds of a run; seeds derive from global indices. */
  worldIndexOffset: number;
  autoreset: boolean;
  /** Keep each ended episode's last observation (before the autoreset) in `env.finalObservation`. */
  keepFinalObservation: boolean;
  kernel: QuadrotorKernelKind;
  gains: QuadrotorControllerGains;
  /** A city in the loop (buildings crash drones, bounds, wind, clear spawns), or null for open space. */
  world: WorldSpec | null;
  /**
   * How far from rest episodes start: 'gentle' (each task's default) or 'wide' (hover: position
   * ±1 m, velocity ±1 m/s per axis, tilt up to 30°, rates ±1 rad/s per axis, as RL benchmarks use).
   */
  spawn: SpawnSpread;
}

export type SpawnSpread = 'gentle' | 'wide';
export const SPAWN_SPREADS: readonly SpawnSpread[] = ['gentle', 'wide'];

export type BatchOptions = Partial<BatchConfig> & { task?: string };

export const MAX_DRONES = 1 << 24;

/** Fills defaults and checks every option, naming the bad one and what is accepted. */
export function resolveBatchConfig(options: BatchOptions): BatchConfig {
  const task = taskByName(options.task ?? 'hover');
  const config: BatchConfig = {
    task: task.name,
    worlds: options.worlds ?? 1,
    dronesPerWorld: options.dronesPerWorld ?? 1,
    rung: options.rung ?? 'velocity',
    paramSet: options.paramSet ?? 'cf2x',
    randomization: options.randomization ?? {},
    seed: options.seed ?? 0,
    dt: options.dt ?? 0.01,
    maxEpisodeSteps: options.maxEpisodeSteps ?? task.defaultMaxEpisodeSteps,
    worldIndexOffset: options.worldIndexOffset ?? 0,
    autoreset: options.autoreset ?? true,
    keepFinalObservation: options.keepFinalObservation ?? false,
    kernel: options.kernel ?? 'auto',
    gains: DEFAULT_QUADROTOR_GAINS,
    world: options.world ?? null,
    spawn: options.spawn ?? 'gentle',
  };
  requireWhole('worlds', config.worlds, 1, MAX_DRONES);
  requireWhole('dronesPerWorld', config.dronesPerWorld, 1, 4096);
  if (config.worlds * config.dronesPerWorld > MAX_DRONES) {
    throw new RangeError(`worlds × dronesPerWorld = ${config.worlds * config.dronesPerWorld} drones; accepted: at most ${MAX_DRONES}`);
  }
  if (!isQuadrotorRung(config.rung)) {
    throw new RangeError(`rung "${String(config.rung)}" is unknown; accepted: ${QUADROTOR_RUNG_NAMES.join(', ')}`);
  }
  const params = quadrotorParamsByName(config.paramSet);
  config.gains = { ...DEFAULT_QUADROTOR_GAINS, ...(params.suggestedGains ?? {}), ...(options.gains ?? {}) };
  validateRandomization(config.randomization);
  requireWhole('seed', config.seed, 0, 0xffffffff);
  if (!Number.isFinite(config.dt) || config.dt <= 0 || config.dt > 0.05) {
    throw new RangeError(`dt = ${config.dt} s; accepted: a number in (0, 0.05] seconds`);
  }
  requireWhole('maxEpisodeSteps', config.maxEpisodeSteps, 1, 1e9);
  requireWhole('worldIndexOffset', config.worldIndexOffset, 0, 0xffffffff);
  if (!['auto', 'wasm-simd', 'scalar'].includes(config.kernel)) {
    throw new RangeError(`kernel "${config.kernel}" is unknown; accepted: auto, wasm-simd, scalar`);
  }
  if (config.world) config.world = parseWorldSpec(config.world);
  if (!SPAWN_SPREADS.includes(config.spawn)) {
    throw new RangeError(`spawn "${String(config.spawn)}" is unknown; accepted: ${SPAWN_SPREADS.join(', ')}`);
  }
  return config;
}

function requireWhole(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} = ${String(value)}; accepted: a whole number from ${min} to ${max}`);
  }
}
