/**
 * The byte layout the vector-env bridge and its Python owner share: one region the Python side
 * writes (actions) and one block the Node side writes after each reset or step (observations,
 * rewards, flags, episode info, and the final observations of the episodes that ended, packed). Offsets are 64-byte aligned so that numpy
 * views start on cache lines. The Node side computes it and sends it in its hello; Python never
 * hard-codes an offset.
 */
export interface BridgeArrayLayout {
  name: string;
  dtype: 'float32' | 'uint32' | 'uint8';
  /** Shape as numpy sees it: (num_envs,) or (num_envs, width). */
  shape: number[];
  /** Byte offset from the start of the shared file (in pipe mode: from the start of the block). */
  offset: number;
  bytes: number;
}

export interface BridgeLayout {
  /** One u32 the Python side bumps after writing a step's actions: the Node side may poll it instead of sleeping. */
  requestCounter: BridgeArrayLayout;
  actions: BridgeArrayLayout;
  /** The arrays written after each step, in order, inside [blockOffset, blockOffset + blockBytes). */
  outputs: BridgeArrayLayout[];
  blockOffset: number;
  blockBytes: number;
  fileBytes: number;
}

const ALIGN = 64;
const BYTES = { float32: 4, uint32: 4, uint8: 1 } as const;

function align(value: number): number {
  return Math.ceil(value / ALIGN) * ALIGN;
}

export function bridgeLayout(numEnvs: number, observationSize: number, actionSize: number): BridgeLayout {
  const requestCounter: BridgeArrayLayout = { name: 'request_counter', dtype: 'uint32', shape: [1], offset: 0, bytes: 4 };
  const actions: BridgeArrayLayout = { name: 'actions', dtype: 'float32', shape: [numEnvs, actionSize], offset: ALIGN, bytes: 4 * numEnvs * actionSize };
  const blockOffset = align(actions.offset + actions.bytes);
  const specs: [string, BridgeArrayLayout['dtype'], number[]][] = [
    ['observations', 'float32', [numEnvs, observationSize]],
    ['rewards', 'float32', [numEnvs]],
    ['final_error', 'float32', [numEnvs]],
    ['episode_step', 'uint32', [numEnvs]],
    ['terminations', 'uint8', [numEnvs]],
    ['truncations', 'uint8', [numEnvs]],
    ['success', 'uint8', [numEnvs]],
    ['status', 'uint8', [numEnvs]],
    // Rows of the drones whose episode ended at this step, packed in index order (terminations | truncations say which).
    ['final_observations', 'float32', [numEnvs, observationSize]],
  ];
  const outputs: BridgeArrayLayout[] = [];
  let offset = blockOffset;
  for (const [name, dtype, shape] of specs) {
    const bytes = BYTES[dtype] * shape.reduce((a, b) => a * b, 1);
    outputs.push({ name, dtype, shape, offset, bytes });
    offset = align(offset + bytes);
  }
  return { requestCounter, actions, outputs, blockOffset, blockBytes: offset - blockOffset, fileBytes: offset };
}
