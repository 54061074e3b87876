import { WasmCode, buildWasmModule, wasmSimdSupported } from '../../physics/index.ts';

/**
 * The dense-layer maths of training as WebAssembly SIMD (four f32 lanes), built at run time with
 * physics/'s module writer: the forward product, the weight gradient and the input gradient over
 * a batch. Lanes run across outputs (forward, weight gradient) or inputs (input gradient), so no
 * horizontal sums are needed and every lane does the same f32 operations in a fixed order: the
 * results are the same bits on every machine. Pointers are byte offsets into one memory.
 */
const OP = { block: 0x02, loop: 0x03, end: 0x0b, br: 0x0c, br_if: 0x0d, local_get: 0x20, local_set: 0x21, f32_load: 0x2a, i32_const: 0x41, i32_ge_s: 0x4e, i32_add: 0x6a, i32_mul: 0x6c } as const;
const SIMD = { v128_load: 0x00, v128_store: 0x0b, f32x4_splat: 0x13, f32x4_add: 0xe4, f32x4_mul: 0xe6 } as const;
const VOID = 0x40;

export interface DenseKernels {
  memory: WebAssembly.Memory;
  /** y[b, o] = bias[o] + Σ_k wt[k, o] · x[b, k] (wt: input-major, out % 4 = 0). */
  forward(x: number, wt: number, bias: number, y: number, batch: number, inSize: number, outSize: number): void;
  /** dwt[k, o] += Σ_b x[b, k] · dz[b, o] (out % 4 = 0). */
  weightGradient(x: number, dz: number, dwt: number, batch: number, inSize: number, outSize: number): void;
  /** dx[b, k] = Σ_o w[o, k] · dz[b, o] (w: output-major, in % 4 = 0). */
  inputGradient(dz: number, w: number, dx: number, batch: number, inSize: number, outSize: number): void;
}

/** A little structured-code helper: locals by index, counted loops that run while a local < a limit. */
class Emitter {
  readonly code = new WasmCode();
  get(i: number): this { this.code.op(OP.local_get).u32(i); return this; }
  set(i: number): this { this.code.op(OP.local_set).u32(i); return this; }
  i32(v: number): this { this.code.i32Const(v); return this; }
  add(): this { this.code.op(OP.i32_add); return this; }
  mul(): this { this.code.op(OP.i32_mul); return this; }
  /** local[i] += step (a constant or another local when `stepLocal`). */
  addTo(i: number, step: number, stepLocal = false): this {
    this.get(i);
    if (stepLocal) this.get(step); else this.i32(step);
    return this.add().set(i);
  }
  /** for (local[i] = 0; local[i] < local[limit]; local[i] += step) body */
  loop(i: number, limit: number, step: number, body: () => void): this {
    this.i32(0).set(i);
    this.code.op(OP.block).op(VOID).op(OP.loop).op(VOID);
    this.get(i).get(limit).code.op(OP.i32_ge_s).op(OP.br_if).u32(1);
    body();
    this.addTo(i, step);
    this.code.op(OP.br).u32(0).op(OP.end).op(OP.end);
    return this;
  }
  load(): this { this.code.simd(SIMD.v128_load).memarg(2, 0); return this; }
  store(): this { this.code.simd(SIMD.v128_store).memarg(2, 0); return this; }
  splatLoad(): this { this.code.op(OP.f32_load).u32(2).u32(0); this.code.simd(SIMD.f32x4_splat); return this; }
  fmulAdd(): this { this.code.simd(SIMD.f32x4_mul).simd(SIMD.f32x4_add); return this; }
}

function forwardBody(): Emitter {
  // params: 0 x, 1 wt, 2 bias, 3 y, 4 batch, 5 in, 6 out; locals: 7 b, 8 o, 9 k, 10 wp, 11 inBytes, 12 outBytes, 13 acc (v128)
  const e = new Emitter();
  e.get(5).i32(4).mul().set(11).get(6).i32(4).mul().set(12);
  e.loop(7, 4, 1, () => {
    e.loop(8, 12, 16, () => {
      e.get(2).get(8).add().load().set(13);
      e.get(1).get(8).add().set(10);
      e.loop(9, 11, 4, () => {
        e.get(13).get(10).load().get(0).get(9).add().splatLoad().fmulAdd().set(13);
        e.addTo(10, 12, true);
      });
      e.get(3).get(8).add().get(13).store();
    });
    e.addTo(0, 11, true).addTo(3, 12, true);
  });
  return e;
}

function weightGradientBody(): Emitter {
  // params: 0 x, 1 dz, 2 dwt, 3 batch, 4 in, 5 out; locals: 6 b, 7 k, 8 o, 9 row, 10 inBytes, 11 outBytes, 12 xs (v128)
  const e = new Emitter();
  e.get(4).i32(4).mul().set(10).get(5).i32(4).mul().set(11);
  e.loop(6, 3, 1, () => {
    e.loop(7, 10, 4, () => {
      e.get(0).get(7).add().splatLoad().set(12);
      e.get(2).get(7).get(5).mul().add().set(9); // dwt row k: dwt + k·4·out = dwt + (k bytes)·out
      e.loop(8, 11, 16, () => {
        e.get(9).get(8).add(); // address for the store
        e.get(9).get(8).add().load().get(12).get(1).get(8).add().load().fmulAdd();
        e.store();
      });
    });
    e.addTo(0, 10, true).addTo(1, 11, true);
  });
  return e;
}

function inputGradientBody(): Emitter {
  // params: 0 dz, 1 w, 2 dx, 3 batch, 4 in, 5 out; locals: 6 b, 7 k, 8 o, 9 wp, 10 inBytes, 11 outBytes, 12 acc (v128)
  const e = new Emitter();
  e.get(4).i32(4).mul().set(10).get(5).i32(4).mul().set(11);
  e.loop(6, 3, 1, () => {
    e.loop(7, 10, 16, () => {
      e.code.f32x4Const([0, 0, 0, 0]);
      e.set(12);
      e.get(1).get(7).add().set(9);
      e.loop(8, 11, 4, () => {
        e.get(12).get(9).load().get(0).get(8).add().splatLoad().fmulAdd().set(12);
        e.addTo(9, 10, true);
      });
      e.get(2).get(7).add().get(12).store();
    });
    e.addTo(0, 11, true).addTo(2, 10, true);
  });
  return e;
}

let cached: WebAssembly.Module | null | undefined;

/** The kernels on a fresh memory of `bytes`, or null where WebAssembly SIMD is missing. */
export function createDenseKernels(bytes: number): DenseKernels | null {
  if (cached === undefined) {
    cached = wasmSimdSupported()
      ? new WebAssembly.Module(buildWasmModule({
        memory: { module: 'env', name: 'memory', initialPages: 1, shared: false },
        functions: [
          { name: 'forward', params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'], results: [], locals: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'v128'], body: forwardBody().code },
          { name: 'weightGradient', params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], results: [], locals: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'v128'], body: weightGradientBody().code },
          { name: 'inputGradient', params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], results: [], locals: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'v128'], body: inputGradientBody().code },
        ],
      }))
      : null;
  }
  if (!cached) return null;
  const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) + 1 });
  const exports = new WebAssembly.Instance(cached, { env: { memory } }).exports as unknown as Omit<DenseKernels, 'memory'>;
  return { memory, forward: exports.forward, weightGradient: exports.weightGradient, inputGradient: exports.inputGradient };
}
