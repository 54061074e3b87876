import { generateWorld, parseWorldSpec, type WorldSpec } from '../../worlds/index.ts';
import type { BatchEnvOptions } from '../batch-env.ts';
import { readWorldSpecFile } from '../cli/world-spec-file.ts';

/** What the Python side asks for, in its own (snake_case) names; errors name these fields. */
export interface BridgeRequest {
  task?: string;
  num_envs?: number;
  rung?: string;
  seed?: number;
  workers?: number;
  /** null: open space; a whole number: the city `skyline world --seed N` generates; an object: a WorldSpec; a string: a WorldSpec file. */
  world?: number | string | Record<string, unknown> | null;
  world_size?: number;
  /** ± this fraction on mass, thrust, yaw torque, inertia and motor lag, per episode (as `skyline rollout --randomize`). */
  randomize?: number;
  max_episode_steps?: number;
  autoreset?: boolean;
  params?: string;
  dt?: number;
  /** How far from rest episodes start: 'gentle' or 'wide' (BatchConfig.spawn). */
  spawn?: string;
}

/** A request field that is missing, of the wrong type or out of range; `field` is the Python name. */
export class BridgeRequestError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

const KNOWN_FIELDS = ['task', 'num_envs', 'rung', 'seed', 'workers', 'world', 'world_size', 'randomize', 'max_episode_steps', 'autoreset', 'params', 'dt', 'spawn'];

/** Turns the request into BatchEnv options; BatchEnv.create checks the values it knows itself. */
export async function bridgeBatchOptions(request: BridgeRequest): Promise<BatchEnvOptions> {
  for (const key of Object.keys(request)) {
    if (!KNOWN_FIELDS.includes(key)) throw new BridgeRequestError(key, `unknown option "${key}"; accepted: ${KNOWN_FIELDS.join(', ')}`);
  }
  const randomize = request.randomize ?? 0;
  if (typeof randomize !== 'number' || !(randomize >= 0 && randomize <= 0.5)) {
    throw new BridgeRequestError('randomize', `randomize = ${String(randomize)}; accepted: a fraction from 0 to 0.5`);
  }
  const options: BatchEnvOptions = {
    task: request.task ?? 'hover',
    worlds: request.num_envs ?? 1,
    rung: (request.rung ?? 'motors') as BatchEnvOptions['rung'],
    seed: request.seed ?? 0,
    workers: request.workers ?? 1,
    autoreset: request.autoreset ?? true,
    keepFinalObservation: request.autoreset ?? true,
    randomization: randomize > 0 ? { mass: randomize, thrust: randomize, yawTorque: randomize, inertia: randomize, motorTimeConstant: randomize } : {},
    world: await bridgeWorld(request.world ?? null, request.world_size),
  };
  if (request.max_episode_steps !== undefined) options.maxEpisodeSteps = request.max_episode_steps;
  if (request.params !== undefined) options.paramSet = request.params;
  if (request.dt !== undefined) options.dt = request.dt;
  if (request.spawn !== undefined) options.spawn = request.spawn as BatchEnvOptions['spawn'];
  return options;
}

async function bridgeWorld(world: BridgeRequest['world'], size: number | undefined): Promise<WorldSpec | null> {
  if (world === null) return null;
  if (typeof world === 'number') return generateWorld(world, size === undefined ? {} : { size });
  if (typeof world === 'string') return readWorldSpecFile(world, 'world');
  if (typeof world === 'object') return parseWorldSpec(world);
  throw new BridgeRequestError('world', `world = ${String(world)}; accepted: None (open space), a city seed (int), a WorldSpec dict or the path of a WorldSpec JSON file`);
}
