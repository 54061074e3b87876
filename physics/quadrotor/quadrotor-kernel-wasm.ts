import { rowsCrowdCacheSets } from '../wasm/cache-set-crowding.ts';
import { buildLaneKernelWasmModule, type LaneKernelTraversal } from '../wasm/wasm-lane-kernel-compiler.ts';
import { checkedQuadrotorKernel } from './quadrotor-kernel-program.ts';

/**
 * The WebAssembly SIMD quadrotor kernel: four drones per f32x4 vector, compiled from the same
 * program as the scalar kernel and bit-identical to it. It reads and writes the batch arrays in
 * place, in the arena's `WebAssembly.Memory`.
 *
 * A module is compiled once per thread for each kind of memory (shared or not, page count) and
 * instantiated once per memory. A worker thread that received the Memory object attaches to it
 * (`BatchArena.attach`) and builds its own stepper. The kernel reads and writes whole vectors of
 * four drones (lanes outside [start, end) are written back as they were read), so threads may
 * step disjoint slices at the same time when the slices' bounds are multiples of 4.
 */

/** (stateOffset, paramsOffset, motorCommandOffset, externalForceOffset, statusOffset: bytes, stride, start, end, dt, steps). */
export type QuadrotorWasmStepFunction = (
  state: number, params: number, motorCommand: number, externalForce: number, status: number,
  stride: number, start: number, end: number, dt: number, steps: number,
) => void;

/** The module's two step functions: the same arithmetic, two ways of walking memory (see LaneKernelTraversal). */
export interface QuadrotorWasmKernel {
  byVector: QuadrotorWasmStepFunction;
  byLine: QuadrotorWasmStepFunction;
}

export const QUADROTOR_WASM_EXPORTS: Record<keyof QuadrotorWasmKernel, string> = { byVector: 'stepQuadrotors', byLine: 'stepQuadrotorsByLine' };
const PAGE_BYTES = 65536;

export interface WasmMemoryKind {
  shared: boolean;
  pages: number;
}

export function wasmMemoryKind(memory: WebAssembly.Memory): WasmMemoryKind {
  const buffer = memory.buffer;
  return {
    shared: typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer,
    pages: buffer.byteLength / PAGE_BYTES,
  };
}

/** The module's bytes for a memory kind (exported for inspection and tests). */
export function quadrotorWasmModuleBytes(kind: WasmMemoryKind): Uint8Array<ArrayBuffer> {
  return buildLaneKernelWasmModule(checkedQuadrotorKernel(), {
    exports: { [QUADROTOR_WASM_EXPORTS.byVector]: 'vector', [QUADROTOR_WASM_EXPORTS.byLine]: 'line' },
    memory: kind,
  });
}

const modules = new Map<string, WebAssembly.Module>();
const instances = new WeakMap<WebAssembly.Memory, QuadrotorWasmKernel>();
const keyOf = (kind: WasmMemoryKind): string => `${kind.shared ? 'shared' : 'unshared'}:${kind.pages}`;

/** The compiled module for this memory's kind, compiled synchronously the first time (Node, workers). */
export function quadrotorWasmModule(memory: WebAssembly.Memory): WebAssembly.Module {
  const kind = wasmMemoryKind(memory);
  let module = modules.get(keyOf(kind));
  if (!module) {
    module = new WebAssembly.Module(quadrotorWasmModuleBytes(kind));
    modules.set(keyOf(kind), module);
  }
  return module;
}

/**
 * Compiles and instantiates the kernel for a memory without blocking. Browsers refuse to compile
 * modules of this size synchronously on the main thread: await this there before creating a
 * 'wasm-simd' stepper; the stepper then finds the instance ready.
 */
export async function prepareQuadrotorWasmKernel(memory: WebAssembly.Memory): Promise<QuadrotorWasmKernel> {
  const ready = instances.get(memory);
  if (ready) return ready;
  const kind = wasmMemoryKind(memory);
  let module = modules.get(keyOf(kind));
  if (!module) {
    module = await WebAssembly.compile(quadrotorWasmModuleBytes(kind));
    modules.set(keyOf(kind), module);
  }
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  return remember(memory, instance);
}

/** The kernel bound to a memory, instantiated once per memory on this thread. */
export function quadrotorWasmKernel(memory: WebAssembly.Memory): QuadrotorWasmKernel {
  const ready = instances.get(memory);
  if (ready) return ready;
  return remember(memory, new WebAssembly.Instance(quadrotorWasmModule(memory), { env: { memory } }));
}

function remember(memory: WebAssembly.Memory, instance: WebAssembly.Instance): QuadrotorWasmKernel {
  const kernel: QuadrotorWasmKernel = {
    byVector: instance.exports[QUADROTOR_WASM_EXPORTS.byVector] as QuadrotorWasmStepFunction,
    byLine: instance.exports[QUADROTOR_WASM_EXPORTS.byLine] as QuadrotorWasmStepFunction,
  };
  instances.set(memory, kernel);
  return kernel;
}

/**
 * The traversal for a batch laid out at these byte offsets with this stride: 'line' when the
 * rows one vector reads crowd a cache set (rows a multiple of 4 KiB apart, as at 1,024 or 4,096
 * drones), 'vector' otherwise.
 */
export function quadrotorWasmTraversal(arrayOffsets: Readonly<Record<string, number>>, stride: number): LaneKernelTraversal {
  const rows = checkedQuadrotorKernel().program.inputs.map((input) => arrayOffsets[input.array] + 4 * stride * input.component);
  return rowsCrowdCacheSets(rows) ? 'line' : 'vector';
}
