import { QUADROTOR_STATE_SIZE, hashTypedArrays } from '../../physics/index.ts';
import type { BatchCore } from '../batch/batch-core.ts';

/**
 * A rollout's state hash built from one digest per world, so that a run cut into shards by world
 * index hashes to the same value as the run in one piece. Each world's digest covers its global
 * index, its drones' state and status; the parts add lane by lane (mod 2^32), which any split
 * reproduces, and the index inside every digest keeps the order of worlds in the hash.
 */
export interface WorldStateHashPart {
  /** Sum of the worlds' first digest lanes, mod 2^32. */
  a: number;
  /** Sum of the worlds' second digest lanes, mod 2^32. */
  b: number;
  /** Worlds folded into this part. */
  worlds: number;
}

export const EMPTY_WORLD_STATE_HASH_PART: WorldStateHashPart = { a: 0, b: 0, worlds: 0 };

/** The hash part of every world in a batch (its worlds sit at `worldIndexOffset` among all). */
export function worldStateHashPart(core: BatchCore): WorldStateHashPart {
  const { worlds, dronesPerWorld: k, worldIndexOffset } = core.config;
  const n = core.stride, state = core.quad.state, status = core.quad.status;
  const index = new Uint32Array(1);
  const drones = new Float32Array(QUADROTOR_STATE_SIZE * k);
  const statuses = new Uint8Array(k);
  let a = 0, b = 0;
  for (let w = 0; w < worlds; w++) {
    index[0] = worldIndexOffset + w;
    for (let d = 0; d < k; d++) {
      const i = w * k + d;
      for (let c = 0; c < QUADROTOR_STATE_SIZE; c++) drones[d * QUADROTOR_STATE_SIZE + c] = state[c * n + i];
      statuses[d] = status[i];
    }
    const digest = hashTypedArrays([index, drones, statuses]);
    a = (a + parseInt(digest.slice(0, 8), 16)) >>> 0;
    b = (b + parseInt(digest.slice(8), 16)) >>> 0;
  }
  return { a, b, worlds };
}

/** Parts of disjoint sets of worlds, added; the order of the parts does not matter. */
export function combineWorldStateHashParts(parts: readonly WorldStateHashPart[]): WorldStateHashPart {
  let a = 0, b = 0, worlds = 0;
  for (const part of parts) {
    a = (a + part.a) >>> 0;
    b = (b + part.b) >>> 0;
    worlds += part.worlds;
  }
  return { a, b, worlds };
}

/** The 16-hex-digit hash a summary prints, from the part covering every world of a run. */
export function formatWorldStateHash(part: WorldStateHashPart): string {
  return hashTypedArrays([new Uint32Array([part.a, part.b, part.worlds >>> 0, Math.floor(part.worlds / 2 ** 32)])]);
}
