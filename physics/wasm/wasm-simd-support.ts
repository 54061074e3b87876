import { SIMD } from './wasm-opcodes.ts';
import { buildWasmModule, WasmCode } from './wasm-module-builder.ts';

let supported: boolean | undefined;

/** Whether this engine accepts WebAssembly fixed-width SIMD (checked once, by validating a one-instruction module). */
export function wasmSimdSupported(): boolean {
  if (supported === undefined) {
    if (typeof WebAssembly === 'undefined' || typeof WebAssembly.validate !== 'function') {
      supported = false;
    } else {
      const body = new WasmCode().i32x4Const([1, 2, 3, 4]).localGet(0).simd(SIMD.f32x4_splat).simd(SIMD.f32x4_add);
      const bytes = buildWasmModule({ functions: [{ name: 'probe', params: ['f32'], results: ['v128'], locals: [], body }] });
      supported = WebAssembly.validate(bytes);
    }
  }
  return supported;
}
