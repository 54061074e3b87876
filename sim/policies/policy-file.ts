import { QUADROTOR_RUNGS, isQuadrotorRung, quadrotorParamsByName, type QuadrotorRung } from '../../physics/index.ts';
import { taskByName } from '../tasks/task-registry.ts';

/**
 * A trained policy as plain JSON (docs/training.md): what it flies (task, rung, parameter set),
 * how it sees (observation normalisation), the network (dense layers, row-major weights) and how
 * its outputs become commands. Everything Skyline flies with (rollouts, BatchEnv, Env, the GPU
 * backend, Python) reads this one format; the training machinery that writes it lives above sim/.
 */
export const POLICY_FILE_FORMAT = 'skyline-policy';
export const POLICY_FILE_VERSION = 1;
export const POLICY_ACTIVATIONS = ['tanh', 'linear'] as const;
export const POLICY_SQUASHES = ['clip', 'tanh'] as const;
export type PolicyActivation = (typeof POLICY_ACTIVATIONS)[number];
export type PolicySquash = (typeof POLICY_SQUASHES)[number];

export interface PolicyLayer {
  input: number;
  output: number;
  activation: PolicyActivation;
  /** output × input numbers, row-major: weights[o * input + k] multiplies input k of output o. */
  weights: Float32Array;
  bias: Float32Array;
}

export interface PolicyFile {
  format: typeof POLICY_FILE_FORMAT;
  version: typeof POLICY_FILE_VERSION;
  task: string;
  rung: QuadrotorRung;
  paramSet: string;
  /** Spawn spread and domain randomisation it was trained with (information; rollouts choose their own). */
  spawn: string;
  randomize: number;
  algorithm: string;
  seed: number;
  /** Network input = clip((observation − mean) / std, −clip, clip). */
  observation: { size: number; mean: Float32Array; std: Float32Array; clip: number };
  layers: PolicyLayer[];
  /** Command = offset + scale · squash(network output), then kept within the rung's bounds. */
  action: { size: number; squash: PolicySquash; offset: Float32Array; scale: Float32Array };
  /** Training figures (steps, wall time, success rate, …): free-form numbers and strings. */
  metrics: Record<string, number | string>;
}

/** A policy file that breaks a rule of the format; the message names the field and what is accepted. */
export class PolicyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyFileError';
  }
}

/** The JSON text of a policy: numbers at f32 precision (9 significant digits round-trip exactly). */
export function serializePolicyFile(policy: PolicyFile): string {
  const numbers = (values: Float32Array): number[] => Array.from(values, (v) => Number(v.toPrecision(9)));
  const json = {
    format: policy.format,
    version: policy.version,
    task: policy.task,
    rung: policy.rung,
    param_set: policy.paramSet,
    spawn: policy.spawn,
    randomize: policy.randomize,
    algorithm: policy.algorithm,
    seed: policy.seed,
    observation: { size: policy.observation.size, mean: numbers(policy.observation.mean), std: numbers(policy.observation.std), clip: policy.observation.clip },
    network: {
      layers: policy.layers.map((layer) => ({
        input: layer.input, output: layer.output, activation: layer.activation, weights: numbers(layer.weights), bias: numbers(layer.bias),
      })),
    },
    action: { size: policy.action.size, squash: policy.action.squash, offset: numbers(policy.action.offset), scale: numbers(policy.action.scale) },
    metrics: policy.metrics,
  };
  return `${JSON.stringify(json)}\n`;
}

/** Parses and checks a policy file's text; `source` (a path) prefixes every error. */
export function parsePolicyFile(text: string, source = 'policy file'): PolicyFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PolicyFileError(`${source}: not valid JSON (${reason}); a truncated file reads like this — accepted: the complete JSON written by \`skyline train\``);
  }
  return checkPolicyJson(json, source);
}

/** Checks an already-parsed policy object (e.g. from a JSON-RPC call). */
export function checkPolicyJson(json: unknown, source = 'policy file'): PolicyFile {
  const fail = (field: string, rule: string): never => {
    throw new PolicyFileError(`${source}: ${field} ${rule}`);
  };
  const record = (value: unknown, field: string): Record<string, unknown> => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(field, `is ${describe(value)}; accepted: an object`);
    return value as Record<string, unknown>;
  };
  const text = (value: unknown, field: string, accepted: readonly string[] | null): string => {
    if (typeof value !== 'string') return fail(field, `is ${describe(value)}; accepted: ${accepted ? accepted.join(', ') : 'a string'}`);
    if (accepted && !accepted.includes(value)) fail(field, `is "${value}"; accepted: ${accepted.join(', ')}`);
    return value;
  };
  const whole = (value: unknown, field: string, min: number, max: number): number => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) fail(field, `is ${describe(value)}; accepted: a whole number from ${min} to ${max}`);
    return value as number;
  };
  const real = (value: unknown, field: string, min: number, max: number): number => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) fail(field, `is ${describe(value)}; accepted: a number from ${min} to ${max}`);
    return value as number;
  };
  const vector = (value: unknown, field: string, length: number, what: string, positive = false): Float32Array => {
    if (!Array.isArray(value)) return fail(field, `is ${describe(value)}; accepted: an array of ${length} numbers (${what})`);
    if (value.length !== length) fail(field, `has ${value.length} numbers; accepted: ${length} (${what})`);
    const out = new Float32Array(length);
    for (let k = 0; k < length; k++) {
      const v = value[k];
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${field}[${k}]`, `is ${describe(v)}; accepted: a finite number`);
      if (positive && !((v as number) > 0)) fail(`${field}[${k}]`, `is ${String(v)}; accepted: a number > 0`);
      out[k] = v as number;
    }
    return out;
  };

  const root = record(json, 'the file');
  if (root.format !== POLICY_FILE_FORMAT) fail('format', `is ${describe(root.format)}; accepted: "${POLICY_FILE_FORMAT}"`);
  if (root.version !== POLICY_FILE_VERSION) fail('version', `is ${describe(root.version)}; accepted: ${POLICY_FILE_VERSION} (this Skyline reads version ${POLICY_FILE_VERSION} only)`);
  const task = text(root.task, 'task', null);
  try {
    taskByName(task);
  } catch (error) {
    fail('task', (error as Error).message.replace(/^task /, 'names a task that '));
  }
  const rungName = text(root.rung, 'rung', Object.keys(QUADROTOR_RUNGS));
  if (!isQuadrotorRung(rungName)) return fail('rung', 'is unknown');
  const rung: QuadrotorRung = rungName;
  const paramSet = text(root.param_set, 'param_set', null);
  try {
    quadrotorParamsByName(paramSet);
  } catch (error) {
    fail('param_set', `is "${paramSet}"; ${(error as Error).message.replace(/^.*accepted/, 'accepted')}`);
  }
  const spawn = typeof root.spawn === 'string' ? root.spawn : 'gentle';
  const randomize = root.randomize === undefined ? 0 : real(root.randomize, 'randomize', 0, 0.99);
  const algorithm = typeof root.algorithm === 'string' ? root.algorithm : 'unknown';
  const seed = root.seed === undefined ? 0 : whole(root.seed, 'seed', 0, 0xffffffff);

  const observationJson = record(root.observation, 'observation');
  const expectedObservation = taskByName(task).observationSize;
  const size = whole(observationJson.size, 'observation.size', 1, 1 << 16);
  if (size !== expectedObservation) fail('observation.size', `is ${size}; accepted: ${expectedObservation} (the ${task} task's observation size)`);
  const observation = {
    size,
    mean: vector(observationJson.mean, 'observation.mean', size, 'one per observation entry'),
    std: vector(observationJson.std, 'observation.std', size, 'one per observation entry', true),
    clip: real(observationJson.clip, 'observation.clip', 0.001, 1e6),
  };

  const network = record(root.network, 'network');
  if (!Array.isArray(network.layers) || network.layers.length === 0) fail('network.layers', `is ${describe(network.layers)}; accepted: a non-empty array of dense layers`);
  const layers: PolicyLayer[] = [];
  let width = size;
  (network.layers as unknown[]).forEach((layerJson, l) => {
    const field = `network.layers[${l}]`;
    const layer = record(layerJson, field);
    const input = whole(layer.input, `${field}.input`, 1, 1 << 16);
    if (input !== width) fail(`${field}.input`, `is ${input}; accepted: ${width} (the ${l === 0 ? 'observation size' : `output of layer ${l - 1}`})`);
    const output = whole(layer.output, `${field}.output`, 1, 1 << 16);
    const activation = text(layer.activation, `${field}.activation`, POLICY_ACTIVATIONS) as PolicyActivation;
    layers.push({
      input, output, activation,
      weights: vector(layer.weights, `${field}.weights`, input * output, `output × input = ${output} × ${input}, row-major`),
      bias: vector(layer.bias, `${field}.bias`, output, 'one per output'),
    });
    width = output;
  });

  const actionJson = record(root.action, 'action');
  const actionSize = whole(actionJson.size, 'action.size', 4, 4);
  if (width !== actionSize) fail(`network.layers[${layers.length - 1}].output`, `is ${width}; accepted: ${actionSize} (action.size: one output per command)`);
  const action = {
    size: actionSize,
    squash: text(actionJson.squash, 'action.squash', POLICY_SQUASHES) as PolicySquash,
    offset: vector(actionJson.offset, 'action.offset', actionSize, `one per ${rung} command`),
    scale: vector(actionJson.scale, 'action.scale', actionSize, `one per ${rung} command`),
  };
  const metrics: Record<string, number | string> = {};
  if (root.metrics !== undefined) {
    for (const [key, value] of Object.entries(record(root.metrics, 'metrics'))) {
      if (typeof value === 'number' || typeof value === 'string') metrics[key] = value;
    }
  }
  return { format: POLICY_FILE_FORMAT, version: POLICY_FILE_VERSION, task, rung, paramSet, spawn, randomize, algorithm, seed, observation, layers, action, metrics };
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}
