import { z } from 'zod';
import type { DroneOutcomes, WorldStateHashPart } from '../sim/index.ts';
import { SHARD_PROTOCOL, rolloutSpecSchema, type RolloutSpec } from './shard-job.ts';

/**
 * What a shard hands back: its worlds' range, each drone's outcome (so the merge adds them in
 * global order, as the run in one piece does) and its worlds' part of the state hash. The
 * per-drone arrays travel as base64 of their little-endian bytes (every platform Node runs on).
 */
export const SHARD_RESULT_FORMAT = 'skyline-rollout-shard-result';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');
const u32 = z.number().int().min(0).max(0xffffffff);

export const shardResultSchema = z.object({
  format: z.literal(SHARD_RESULT_FORMAT),
  protocol: z.literal(SHARD_PROTOCOL),
  skyline: z.string(),
  runId: z.string(),
  shard: z.object({ index: z.number().int().min(0), count: z.number().int().min(1) }).strict(),
  worldStart: z.number().int().min(0),
  worlds: z.number().int().min(1),
  drones: z.number().int().min(1),
  /** The run's rollout without its city and network (`world`, `network`: null), named by the digests below to keep results small. */
  rollout: rolloutSpecSchema,
  /** A fingerprint of the city's WorldSpec JSON, or null in open space. */
  worldDigest: z.string().regex(/^[0-9a-f]{16}$/).nullable(),
  /** A fingerprint of the policy file's JSON, or null for a built-in policy. */
  networkDigest: z.string().regex(/^[0-9a-f]{16}$/).nullable(),
  hashPart: z.object({ a: u32, b: u32, worlds: z.number().int().min(0) }).strict(),
  outcomes: z.object({ episodes: base64, successes: base64, crashes: base64, errorSum: base64 }).strict(),
  kernel: z.string(),
  city: z.string().nullable(),
  /** Seconds the shard's rollout took on its worker. */
  wallS: z.number().min(0),
  /** Who ran it (host:pid), for the summary's count of worker processes. */
  worker: z.string(),
}).strict();
export type ShardResult = z.infer<typeof shardResultSchema>;

/** A shard result checked for shape, with its arrays decoded and their lengths checked. */
export interface DecodedShardResult extends ShardResult {
  decoded: DroneOutcomes;
  hash: WorldStateHashPart;
}

export function encodeDroneOutcomes(outcomes: DroneOutcomes): ShardResult['outcomes'] {
  return {
    episodes: bytesToBase64(outcomes.episodes), successes: bytesToBase64(outcomes.successes),
    crashes: bytesToBase64(outcomes.crashes), errorSum: bytesToBase64(outcomes.errorSum),
  };
}

/** Checks and decodes one shard's result; `source` names it in errors (a file, a job id). */
export function decodeShardResult(data: unknown, source: string): DecodedShardResult {
  const parsed = shardResultSchema.safeParse(data);
  if (!parsed.success) {
    const reasons = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new RangeError(`${source}: not a shard result: ${reasons.join('; ')}; accepted: what \`skyline rollout --shard i/n --out\` or a worker writes`);
  }
  const result = parsed.data;
  const bytes = (name: keyof ShardResult['outcomes'], size: number): ArrayBuffer => {
    const buffer = base64ToBytes(result.outcomes[name]);
    if (buffer.byteLength !== result.drones * size) {
      throw new RangeError(`${source}: outcomes.${name} holds ${buffer.byteLength} bytes; accepted: ${result.drones * size} (${result.drones} drones × ${size} bytes)`);
    }
    return buffer;
  };
  const decoded: DroneOutcomes = {
    episodes: new Uint32Array(bytes('episodes', 4)),
    successes: new Uint32Array(bytes('successes', 4)),
    crashes: new Uint32Array(bytes('crashes', 4)),
    errorSum: new Float64Array(bytes('errorSum', 8)),
  };
  if (result.drones !== result.worlds * result.rollout.dronesPerWorld || result.hashPart.worlds !== result.worlds) {
    throw new RangeError(`${source}: ${result.drones} drones and a hash of ${result.hashPart.worlds} worlds do not fit ${result.worlds} worlds × ${result.rollout.dronesPerWorld} drones`);
  }
  return { ...result, decoded, hash: result.hashPart };
}

export type { RolloutSpec };

function bytesToBase64(view: ArrayBufferView): string {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/** An ArrayBuffer of the decoded bytes; a length that does not fit the element size throws. */
function base64ToBytes(text: string): ArrayBuffer {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}
