import { z } from 'zod';
import { builtinPolicy, parsePolicyFile, resolveBatchConfig, serializePolicyFile, type RolloutOptions } from '../sim/index.ts';

/**
 * What travels on the queue: one job per shard and one merge job (the flow's parent). Every job
 * says what made it (format, protocol, Skyline's version) so that a worker of another version
 * rejects it with a reason instead of computing something that merges into a wrong result.
 */
export const SHARD_JOB_FORMAT = 'skyline-rollout-shard';
export const MERGE_JOB_FORMAT = 'skyline-rollout-merge';
export const SHARD_PROTOCOL = 1;

/** A rollout with every default filled in: the same spec gives the same bits on any machine. */
export const rolloutSpecSchema = z.object({
  task: z.string().min(1),
  worlds: z.number().int().min(1),
  dronesPerWorld: z.number().int().min(1),
  steps: z.number().int().min(1),
  seed: z.number().int().min(0).max(0xffffffff),
  policy: z.string().min(1),
  rung: z.enum(['motors', 'rates', 'velocity', 'goto']),
  paramSet: z.string().min(1),
  kernel: z.enum(['auto', 'wasm-simd', 'scalar']),
  dt: z.number().positive(),
  maxEpisodeSteps: z.number().int().min(1),
  randomization: z.record(z.string(), z.number()),
  spawn: z.string().min(1),
  world: z.record(z.string(), z.unknown()).nullable(),
  /** A trained network (a policy file's JSON, from `skyline train`) flown instead of a built-in policy. */
  network: z.string().nullable(),
}).strict();
export type RolloutSpec = z.infer<typeof rolloutSpecSchema>;

const runIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{3,63}$/, 'a run id: 4 to 64 of a-z, 0-9 and -');
const origin = {
  protocol: z.literal(SHARD_PROTOCOL),
  skyline: z.string().min(1),
  runId: runIdSchema,
};

export const shardJobSchema = z.object({
  format: z.literal(SHARD_JOB_FORMAT),
  ...origin,
  shard: z.object({ index: z.number().int().min(0), count: z.number().int().min(1) }).strict(),
  rollout: rolloutSpecSchema,
}).strict().refine((job) => job.shard.index < job.shard.count && job.shard.count <= job.rollout.worlds, {
  message: 'shard.index must be below shard.count, and shard.count at most rollout.worlds',
  path: ['shard'],
});
export type ShardJob = z.infer<typeof shardJobSchema>;

export const mergeJobSchema = z.object({
  format: z.literal(MERGE_JOB_FORMAT),
  ...origin,
  shards: z.number().int().min(1),
  rollout: rolloutSpecSchema,
}).strict();
export type MergeJob = z.infer<typeof mergeJobSchema>;

/** A job this worker must not run; the message says why and what is accepted. */
export class ShardJobRejected extends Error {
  override name = 'ShardJobRejected';
}

/** Options a shard carries, or that only shape how this process runs (threads, progress, logs). */
const CARRIED_OPTIONS = new Set([
  'task', 'worlds', 'dronesPerWorld', 'steps', 'seed', 'policy', 'rung', 'paramSet', 'kernel', 'dt', 'maxEpisodeSteps',
  'randomization', 'spawn', 'world', 'network', 'backend', 'workers', 'chunk', 'onProgress', 'gpuLog',
]);

/** The spec of a rollout from its options (defaults filled, every option checked by sim/). */
export function rolloutSpecOf(options: RolloutOptions): RolloutSpec {
  // An option the shards would not carry would make them fly another rollout: refuse it by name.
  const dropped = Object.entries(options).filter(([key, value]) => value !== undefined && !CARRIED_OPTIONS.has(key)).map(([key]) => key);
  if (dropped.length) {
    throw new RangeError(`rollout option${dropped.length > 1 ? 's' : ''} ${dropped.join(', ')} cannot be sharded yet; accepted with shards: ${[...CARRIED_OPTIONS].join(', ')}`);
  }
  if (options.backend !== undefined && options.backend !== 'cpu') {
    throw new RangeError(`backend "${options.backend}" with shards; accepted: cpu (each shard runs on its worker's CPU threads)`);
  }
  const config = resolveBatchConfig(options);
  if (!options.network) builtinPolicy(options.policy, config.rung);
  return {
    task: config.task, worlds: config.worlds, dronesPerWorld: config.dronesPerWorld, steps: options.steps, seed: config.seed,
    policy: options.policy, rung: config.rung, paramSet: config.paramSet, kernel: config.kernel, dt: config.dt,
    maxEpisodeSteps: config.maxEpisodeSteps, randomization: { ...config.randomization } as Record<string, number>,
    spawn: config.spawn,
    world: config.world ? (JSON.parse(JSON.stringify(config.world)) as Record<string, unknown>) : null,
    network: options.network ? serializePolicyFile(options.network) : null,
  };
}

/** Checks a shard job's shape, origin and rollout options; throws ShardJobRejected naming what is wrong. */
export function parseShardJob(data: unknown, skyline: string): ShardJob {
  const job = checkOrigin(parseWith(shardJobSchema, data, 'shard job', SHARD_JOB_FORMAT), skyline, 'shard job');
  try {
    const network = job.rollout.network === null ? undefined : parsePolicyFile(job.rollout.network, 'rollout.network');
    rolloutSpecOf({ ...job.rollout, world: job.rollout.world as never, spawn: job.rollout.spawn as never, network });
  } catch (error) {
    throw new ShardJobRejected(`shard job's rollout: ${error instanceof Error ? error.message : String(error)}`);
  }
  return job;
}

export function parseMergeJob(data: unknown, skyline: string): MergeJob {
  return checkOrigin(parseWith(mergeJobSchema, data, 'merge job', MERGE_JOB_FORMAT), skyline, 'merge job');
}

function parseWith<T>(schema: z.ZodType<T>, data: unknown, what: string, format: string): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const record = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  if (record.format === format && typeof record.protocol === 'number' && record.protocol !== SHARD_PROTOCOL) {
    throw new ShardJobRejected(`${what} of protocol ${String(record.protocol)} (from skyline ${String(record.skyline)}); this worker speaks protocol ${SHARD_PROTOCOL}; accepted: jobs from the same Skyline version as the worker`);
  }
  const reasons = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.length ? issue.path.join('.') : '(job data)'}: ${issue.message}`);
  throw new ShardJobRejected(`malformed ${what}: ${reasons.join('; ')}; accepted: a job made by \`skyline rollout --queue\` (format "${format}", protocol ${SHARD_PROTOCOL})`);
}

function checkOrigin<T extends { skyline: string }>(job: T, skyline: string, what: string): T {
  if (job.skyline !== skyline) {
    throw new ShardJobRejected(`${what} made by skyline ${job.skyline}; this worker runs skyline ${skyline}, whose physics may differ; accepted: jobs from the same version (run workers of the same release as the submitter)`);
  }
  return job;
}
