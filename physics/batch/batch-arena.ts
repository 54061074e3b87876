/**
 * One block of memory holding every array of a batch, carved into named typed arrays at
 * 16-byte-aligned offsets. The block is a `WebAssembly.Memory` — shared when workers take part —
 * so the SIMD kernel reads the same bytes as JavaScript, and a worker that attaches to the
 * memory with the same field list sees the same arrays at the same offsets.
 */
export type ArenaElementKind = 'f32' | 'u8' | 'u32' | 'i32' | 'f64';

export interface ArenaField {
  name: string;
  kind: ArenaElementKind;
  length: number;
}

export type ArenaArray = Float32Array | Uint8Array | Uint32Array | Int32Array | Float64Array;

const BYTES: Record<ArenaElementKind, number> = { f32: 4, u8: 1, u32: 4, i32: 4, f64: 8 };
const WASM_PAGE = 65536;
/** Bytes left free at the start of memory (address 0 stays unused so that 0 can mean "none"). */
const RESERVED_BYTES = 64;

export interface ArenaLayout {
  offsets: Record<string, number>;
  totalBytes: number;
}

export function layoutArena(fields: readonly ArenaField[]): ArenaLayout {
  const offsets: Record<string, number> = {};
  let cursor = RESERVED_BYTES;
  for (const field of fields) {
    if (field.name in offsets) throw new Error(`arena field "${field.name}" is declared twice`);
    if (!Number.isInteger(field.length) || field.length < 0) {
      throw new RangeError(`arena field "${field.name}": length must be a whole number ≥ 0 (got ${field.length})`);
    }
    offsets[field.name] = cursor;
    cursor += Math.ceil((field.length * BYTES[field.kind]) / 16) * 16;
  }
  return { offsets, totalBytes: cursor };
}

export class BatchArena {
  readonly memory: WebAssembly.Memory;
  readonly fields: readonly ArenaField[];
  readonly layout: ArenaLayout;
  private readonly views = new Map<string, ArenaArray>();

  private constructor(memory: WebAssembly.Memory, fields: readonly ArenaField[], layout: ArenaLayout) {
    this.memory = memory;
    this.fields = fields;
    this.layout = layout;
    for (const field of fields) this.views.set(field.name, makeView(memory.buffer, field, layout.offsets[field.name]));
  }

  /** Allocates a new arena. `shared` memory can be handed to worker threads. */
  static create(fields: readonly ArenaField[], options: { shared: boolean }): BatchArena {
    const layout = layoutArena(fields);
    const pages = Math.max(1, Math.ceil(layout.totalBytes / WASM_PAGE));
    const memory = options.shared
      ? new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true })
      : new WebAssembly.Memory({ initial: pages, maximum: pages });
    return new BatchArena(memory, fields, layout);
  }

  /** Views an existing memory (in a worker) with the same field list it was created with. */
  static attach(memory: WebAssembly.Memory, fields: readonly ArenaField[]): BatchArena {
    const layout = layoutArena(fields);
    if (memory.buffer.byteLength < layout.totalBytes) {
      throw new RangeError(`arena memory holds ${memory.buffer.byteLength} bytes; the fields need ${layout.totalBytes}`);
    }
    return new BatchArena(memory, fields, layout);
  }

  get isShared(): boolean {
    return typeof SharedArrayBuffer !== 'undefined' && this.memory.buffer instanceof SharedArrayBuffer;
  }

  /** Byte offset of a field inside the memory (what the WebAssembly kernel is given). */
  offsetOf(name: string): number {
    const offset = this.layout.offsets[name];
    if (offset === undefined) throw new Error(`arena has no field "${name}"`);
    return offset;
  }

  f32(name: string): Float32Array { return this.view(name, Float32Array); }
  u8(name: string): Uint8Array { return this.view(name, Uint8Array); }
  u32(name: string): Uint32Array { return this.view(name, Uint32Array); }
  i32(name: string): Int32Array { return this.view(name, Int32Array); }
  f64(name: string): Float64Array { return this.view(name, Float64Array); }

  private view<T extends ArenaArray>(name: string, type: new (...args: never[]) => T): T {
    const view = this.views.get(name);
    if (!view) throw new Error(`arena has no field "${name}"; fields: ${[...this.views.keys()].join(', ')}`);
    if (!(view instanceof type)) throw new TypeError(`arena field "${name}" is a ${view.constructor.name}, not a ${type.name}`);
    return view;
  }
}

function makeView(buffer: ArrayBufferLike, field: ArenaField, offset: number): ArenaArray {
  switch (field.kind) {
    case 'f32': return new Float32Array(buffer, offset, field.length);
    case 'u8': return new Uint8Array(buffer, offset, field.length);
    case 'u32': return new Uint32Array(buffer, offset, field.length);
    case 'i32': return new Int32Array(buffer, offset, field.length);
    case 'f64': return new Float64Array(buffer, offset, field.length);
  }
}

/** Batches are padded to a multiple of the SIMD width so that every vector lane is a real slot. */
export const SIMD_LANES = 4;
export function paddedCount(count: number): number {
  return Math.ceil(count / SIMD_LANES) * SIMD_LANES;
}

/**
 * Floats between the starts of two component rows: the padded count plus one cache line.
 * Without the extra line, counts such as 1,024 or 4,096 put every row a multiple of 4 KiB
 * apart, so the dozens of rows one group of drones reads fight over the same cache sets
 * (measured: 1.2e7 against 2.1e7 drone-steps/s at 4,096 drones).
 */
export const ROW_SKEW = 16;
export function rowStride(count: number): number {
  return paddedCount(count) + ROW_SKEW;
}
