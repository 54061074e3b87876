import { buildWasmModule, WasmCode, type WasmFunctionDefinition, type WasmValueType } from './wasm-module-builder.ts';
import { OP } from './wasm-opcodes.ts';

/**
 * A WebAssembly function that writes element-major records from component-major rows: field c of
 * element i's record is `a[ca·stride + i]` or `a[ca·stride + i] − b[cb·stride + i]` (f32), stored
 * at `out[i·size + c]`. Observation vectors are built this way from the state and goal rows;
 * a copy and an f32 subtraction are what JavaScript computes too (the difference of two f32
 * values, rounded once to f32), so both give the same bits.
 *
 *   (...arrayByteOffsets: i32, outByteOffset: i32, stride: i32, start: i32, end: i32)
 */
export interface InterleaveField {
  array: number;
  component: number;
  minus?: { array: number; component: number };
}

export interface InterleaveLayout {
  arrays: number;
  fields: readonly InterleaveField[];
}

function interleaveFunction(name: string, layout: InterleaveLayout): WasmFunctionDefinition {
  const { arrays, fields } = layout;
  const param = { out: arrays, stride: arrays + 1, start: arrays + 2, end: arrays + 3 };
  const params: WasmValueType[] = [...Array.from({ length: arrays }, (): WasmValueType => 'i32'), 'i32', 'i32', 'i32', 'i32'];
  const locals: WasmValueType[] = [];
  const addLocal = (): number => {
    locals.push('i32');
    return params.length + locals.length - 1;
  };
  const index = addLocal(), byteIndex = addLocal(), record = addLocal();
  // One local per row read: its byte address at element 0.
  const rows = new Map<string, number>();
  const rowLocal = (array: number, component: number): number => {
    const key = `${array}:${component}`;
    let local = rows.get(key);
    if (local === undefined) {
      local = addLocal();
      rows.set(key, local);
    }
    return local;
  };
  for (const field of fields) {
    rowLocal(field.array, field.component);
    if (field.minus) rowLocal(field.minus.array, field.minus.component);
  }
  const code = new WasmCode();
  for (const [key, local] of rows) {
    const [array, component] = key.split(':').map(Number);
    code.localGet(array).localGet(param.stride).i32Const(4 * component).op(OP.i32_mul).op(OP.i32_add).localSet(local);
  }
  const recordBytes = 4 * fields.length;
  code.block();
  code.localGet(param.start).localTee(index).localGet(param.end).op(OP.i32_ge_s).brIf(0);
  code.localGet(param.out).localGet(index).i32Const(recordBytes).op(OP.i32_mul).op(OP.i32_add).localSet(record);
  code.loop();
  code.localGet(index).i32Const(2).op(OP.i32_shl).localSet(byteIndex);
  fields.forEach((field, c) => {
    code.localGet(record);
    code.localGet(rowLocal(field.array, field.component)).localGet(byteIndex).op(OP.i32_add).op(OP.f32_load).memarg(2, 0);
    if (field.minus) {
      code.localGet(rowLocal(field.minus.array, field.minus.component)).localGet(byteIndex).op(OP.i32_add).op(OP.f32_load).memarg(2, 0);
      code.op(OP.f32_sub);
    }
    code.op(OP.f32_store).memarg(2, 4 * c);
  });
  code.localGet(record).i32Const(recordBytes).op(OP.i32_add).localSet(record);
  code.localGet(index).i32Const(1).op(OP.i32_add).localTee(index).localGet(param.end).op(OP.i32_lt_s).brIf(0);
  code.end(); // loop
  code.end(); // block
  return { name, params, results: [], locals, body: code };
}

/** A module importing `env.memory` and exporting `interleave` for this layout. */
export function buildInterleaveRowsWasmModule(layout: InterleaveLayout, memory: { shared: boolean; pages: number }): Uint8Array<ArrayBuffer> {
  return buildWasmModule({
    memory: { module: 'env', name: 'memory', initialPages: memory.pages, maximumPages: memory.pages, shared: memory.shared },
    functions: [interleaveFunction('interleave', layout)],
  });
}
