import { BLOCK_VOID, OP, SIMD, SIMD_PREFIX } from './wasm-opcodes.ts';

/**
 * A small writer of WebAssembly binary modules, enough for generated kernels: function types,
 * one imported memory (shared or not), exported functions with typed locals, and an instruction
 * writer with LEB128 immediates. Modules are built at run time, so no build step is needed in
 * Node or in browsers.
 */
export const WASM_VALUE_TYPE = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const;
export type WasmValueType = keyof typeof WASM_VALUE_TYPE;

export function unsignedLeb128(value: number, out: number[] = []): number[] {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`unsigned LEB128: value must be a whole number in [0, 2^32) (got ${value})`);
  }
  let rest = value;
  do {
    let byte = rest & 0x7f;
    rest = Math.floor(rest / 128);
    if (rest !== 0) byte |= 0x80;
    out.push(byte);
  } while (rest !== 0);
  return out;
}

export function signedLeb128(value: number, out: number[] = []): number[] {
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
    throw new RangeError(`signed LEB128: value must be a whole number in [-2^31, 2^31) (got ${value})`);
  }
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function encodeName(name: string, out: number[]): void {
  const bytes = new TextEncoder().encode(name);
  unsignedLeb128(bytes.length, out);
  out.push(...bytes);
}

/** Appends instructions to a function body. Methods return `this` so short sequences chain. */
export class WasmCode {
  readonly bytes: number[] = [];

  op(opcode: number): this {
    this.bytes.push(opcode);
    return this;
  }
  simd(opcode: number): this {
    this.bytes.push(SIMD_PREFIX);
    unsignedLeb128(opcode, this.bytes);
    return this;
  }
  u32(value: number): this {
    unsignedLeb128(value, this.bytes);
    return this;
  }
  /** A memory immediate: alignment as a power of two, then a constant byte offset. */
  memarg(alignLog2: number, offset = 0): this {
    return this.u32(alignLog2).u32(offset);
  }

  localGet(index: number): this { return this.op(OP.local_get).u32(index); }
  localSet(index: number): this { return this.op(OP.local_set).u32(index); }
  localTee(index: number): this { return this.op(OP.local_tee).u32(index); }
  i32Const(value: number): this {
    this.bytes.push(OP.i32_const);
    signedLeb128(value, this.bytes);
    return this;
  }
  f32Const(value: number): this {
    this.bytes.push(OP.f32_const, ...new Uint8Array(new Float32Array([value]).buffer));
    return this;
  }
  /** v128.const from four f32 lanes. */
  f32x4Const(lanes: readonly [number, number, number, number]): this {
    this.simd(SIMD.v128_const);
    this.bytes.push(...new Uint8Array(new Float32Array(lanes).buffer));
    return this;
  }
  /** v128.const from four i32 lanes. */
  i32x4Const(lanes: readonly [number, number, number, number]): this {
    this.simd(SIMD.v128_const);
    this.bytes.push(...new Uint8Array(new Int32Array(lanes).buffer));
    return this;
  }
  block(): this { return this.op(OP.block).op(BLOCK_VOID); }
  loop(): this { return this.op(OP.loop).op(BLOCK_VOID); }
  if(): this { return this.op(OP.if).op(BLOCK_VOID); }
  else(): this { return this.op(OP.else); }
  end(): this { return this.op(OP.end); }
  /** Branch to the enclosing block `depth` levels out (0 is the innermost). */
  br(depth: number): this { return this.op(OP.br).u32(depth); }
  brIf(depth: number): this { return this.op(OP.br_if).u32(depth); }
  v128Load(alignLog2 = 4, offset = 0): this { return this.simd(SIMD.v128_load).memarg(alignLog2, offset); }
  v128Store(alignLog2 = 4, offset = 0): this { return this.simd(SIMD.v128_store).memarg(alignLog2, offset); }
}

export interface WasmFunctionDefinition {
  /** Export name. */
  name: string;
  params: readonly WasmValueType[];
  results: readonly WasmValueType[];
  /** Locals after the parameters (their indices continue from the parameter count). */
  locals: readonly WasmValueType[];
  body: WasmCode;
}

export interface WasmMemoryImport {
  module: string;
  name: string;
  initialPages: number;
  /** Required for shared memory. */
  maximumPages?: number;
  shared: boolean;
}

export interface WasmModuleDefinition {
  memory?: WasmMemoryImport;
  functions: readonly WasmFunctionDefinition[];
}

function section(id: number, content: number[], out: number[]): void {
  out.push(id);
  unsignedLeb128(content.length, out);
  for (const byte of content) out.push(byte);
}

function vector<T>(items: readonly T[], encode: (item: T, out: number[]) => void): number[] {
  const out = unsignedLeb128(items.length);
  for (const item of items) encode(item, out);
  return out;
}

/** Encodes a module: types (one per function), the memory import, functions, exports, code. */
export function buildWasmModule(definition: WasmModuleDefinition): Uint8Array<ArrayBuffer> {
  const { memory, functions } = definition;
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

  section(1, vector(functions, (fn, o) => {
    o.push(0x60);
    o.push(...vector(fn.params, (t, oo) => oo.push(WASM_VALUE_TYPE[t])));
    o.push(...vector(fn.results, (t, oo) => oo.push(WASM_VALUE_TYPE[t])));
  }), out);

  if (memory) {
    if (memory.shared && memory.maximumPages === undefined) {
      throw new RangeError(`memory import "${memory.module}.${memory.name}": shared memory needs maximumPages`);
    }
    section(2, vector([memory], (m, o) => {
      encodeName(m.module, o);
      encodeName(m.name, o);
      o.push(0x02);
      const flags = (m.maximumPages !== undefined ? 1 : 0) | (m.shared ? 2 : 0);
      o.push(flags);
      unsignedLeb128(m.initialPages, o);
      if (m.maximumPages !== undefined) unsignedLeb128(m.maximumPages, o);
    }), out);
  }

  section(3, vector(functions.map((_, index) => index), (index, o) => unsignedLeb128(index, o)), out);
  section(7, vector(functions.map((fn, index) => ({ fn, index })), ({ fn, index }, o) => {
    encodeName(fn.name, o);
    o.push(0x00);
    unsignedLeb128(index, o);
  }), out);

  section(10, vector(functions, (fn, o) => {
    // Consecutive locals of one type are declared as one run.
    const runs: { type: WasmValueType; count: number }[] = [];
    for (const type of fn.locals) {
      const last = runs[runs.length - 1];
      if (last && last.type === type) last.count++;
      else runs.push({ type, count: 1 });
    }
    const body = vector(runs, (run, oo) => {
      unsignedLeb128(run.count, oo);
      oo.push(WASM_VALUE_TYPE[run.type]);
    });
    for (const byte of fn.body.bytes) body.push(byte);
    body.push(OP.end);
    unsignedLeb128(body.length, o);
    for (const byte of body) o.push(byte);
  }), out);

  return new Uint8Array(out);
}
