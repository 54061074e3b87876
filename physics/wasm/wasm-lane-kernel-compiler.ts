import { forEachVariable } from './kernel-expression.ts';
import type { CheckedLaneKernel, CheckedStatement, LaneKernelSlot } from './lane-kernel-program.ts';
import { collectConstants, compileF32x4Expression, type F32x4Environment } from './wasm-expression-compiler.ts';
import { buildWasmModule, WasmCode, type WasmFunctionDefinition, type WasmValueType } from './wasm-module-builder.ts';
import { OP, SIMD } from './wasm-opcodes.ts';

/**
 * Compiles a lane kernel to a WebAssembly module whose one exported function steps elements
 * four at a time, one f32x4 vector per group of four consecutive elements. Its arguments:
 *
 *   (...arrayByteOffsets: i32, statusByteOffset: i32, stride: i32, start: i32, end: i32,
 *    ...uniforms: f32, steps: i32)
 *
 * Component c of element i of an array lives at byteOffset + 4·(c·stride + i); the status array
 * holds one byte per element. Each vector is loaded once, stepped `steps` times in registers and
 * stored once (elements are independent, so this gives the same bits as stepping all elements
 * once, then all again). Vectors cover [start rounded down to 4, end rounded up to 4): lanes
 * outside [start, end) and lanes whose status is not 0 are computed but their results are
 * dropped — they are stored back exactly as they were loaded — so what they hold (padding, NaN,
 * a crashed element) cannot reach memory or another lane. The 'line' traversal may also read
 * (never write) elements of its 16-element group outside the range. Two threads may step
 * disjoint ranges at once when the ranges' bounds are multiples of 4 (or the end of the batch).
 */
export interface WasmLaneKernelOptions {
  /** Export name → how that function walks the elements. */
  exports: Record<string, LaneKernelTraversal>;
  memory: { shared: boolean; pages: number };
}

interface Plan {
  /** Statements that run per step, in order, each with the locals its reads resolve to. */
  statements: { statement: CheckedStatement; reads: Map<string, number>; target: number }[];
  /** Locals of the inputs; they hold each input from the load to the end of the step. */
  inputs: { slot: LaneKernelSlot; local: number }[];
  /** For each output: the local of its final value and the local of the input it carries into the next step. */
  outputs: { slot: LaneKernelSlot; local: number; carry: number }[];
  stopMask: number;
  temporaries: number;
}

/**
 * Assigns v128 locals to the values computed per step: each definition gets a local that is free
 * again after its last read, so the function needs about as many locals as values live at once,
 * not one per statement. Inputs keep theirs for the whole step (the next step starts from them).
 * Statements whose values nobody reads are dropped.
 */
function planLocals(kernel: CheckedLaneKernel, fixed: ReadonlyMap<string, number>, firstLocal: number): Plan {
  const { program, statements } = kernel;
  const perStep = statements.filter((s) => !s.uniform);
  // Versions: one per input and per statement; a read resolves to the newest version of its name.
  const current = new Map<string, number>();
  let versionCount = 0;
  const inputVersion = program.inputs.map((input) => {
    current.set(input.name, versionCount);
    return versionCount++;
  });
  const reads: number[][] = [];
  const defines: number[] = [];
  for (const statement of perStep) {
    const read = new Set<number>();
    forEachVariable(statement.expression, (name) => {
      if (!fixed.has(name)) read.add(current.get(name)!);
    });
    reads.push([...read]);
    defines.push(versionCount);
    current.set(statement.name, versionCount++);
  }
  const finalVersions = [...program.outputs.map((o) => current.get(o.name)!), current.get(program.stop.when)!];

  const needed = new Set<number>(finalVersions);
  const live = perStep.map(() => false);
  for (let k = perStep.length - 1; k >= 0; k--) {
    if (!needed.has(defines[k])) continue;
    live[k] = true;
    for (const version of reads[k]) needed.add(version);
  }
  const lastUse = new Map<number, number>();
  perStep.forEach((_, k) => {
    if (live[k]) for (const version of reads[k]) lastUse.set(version, k);
  });
  for (const version of [...finalVersions, ...inputVersion]) lastUse.set(version, Infinity);

  let temporaries = 0;
  const free: number[] = [];
  const localOf = new Map<number, number>();
  const allocate = (version: number): number => {
    const local = free.pop() ?? firstLocal + temporaries++;
    localOf.set(version, local);
    return local;
  };
  const inputs = program.inputs.map((slot, index) => ({ slot, local: allocate(inputVersion[index]) }));
  const planned: Plan['statements'] = [];
  const resolve = new Map<string, number>();
  program.inputs.forEach((input, index) => resolve.set(input.name, inputVersion[index]));
  perStep.forEach((statement, k) => {
    if (live[k]) {
      const readLocals = new Map<string, number>();
      forEachVariable(statement.expression, (name) => {
        if (!fixed.has(name)) readLocals.set(name, localOf.get(resolve.get(name)!)!);
      });
      // Locals whose last read is this statement are free once its value is on the stack.
      for (const version of reads[k]) if (lastUse.get(version) === k) free.push(localOf.get(version)!);
      planned.push({ statement, reads: readLocals, target: allocate(defines[k]) });
    }
    resolve.set(statement.name, defines[k]);
  });
  return {
    statements: planned,
    inputs,
    outputs: program.outputs.map((slot) => {
      // The checker guarantees every output slot is also an input's.
      const input = inputs.find((i) => i.slot.array === slot.array && i.slot.component === slot.component)!;
      return { slot, local: localOf.get(current.get(slot.name)!)!, carry: input.local };
    }),
    stopMask: localOf.get(current.get(program.stop.when)!)!,
    temporaries,
  };
}

/** Emits loads or stores of slots grouped by array, walking one address down each array's rows. */
function forEachSlotAddress(
  code: WasmCode, slots: readonly { slot: LaneKernelSlot; local: number }[], arrays: readonly string[],
  locals: { address: number; byteIndex: number; strideBytes: number }, visit: (local: number) => void,
): void {
  for (const [arrayIndex, array] of arrays.entries()) {
    const rows = slots.filter((s) => s.slot.array === array).sort((a, b) => a.slot.component - b.slot.component);
    if (rows.length === 0) continue;
    let component = 0;
    code.localGet(arrayIndex).localGet(locals.byteIndex).op(OP.i32_add).localSet(locals.address);
    for (const row of rows) {
      const gap = row.slot.component - component;
      if (gap > 0) {
        code.localGet(locals.address).localGet(locals.strideBytes);
        if (gap > 1) code.i32Const(gap).op(OP.i32_mul);
        code.op(OP.i32_add).localSet(locals.address);
        component = row.slot.component;
      }
      visit(row.local);
    }
  }
}

/**
 * How a function walks the elements. 'vector': one vector of four at a time, loading each input
 * row's 16 bytes. 'line': four vectors (16 elements, one 64-byte cache line of every row) at a
 * time, loading all rows of the four first, row by row. When rows lie a multiple of 4 KiB apart,
 * the ~60 lines one vector touches fall in the same few cache sets and evict each other before
 * the next vector reads them again; reading each line whole once avoids that, at the price of
 * more values held across the four vectors.
 */
export type LaneKernelTraversal = 'vector' | 'line';

/** Builds one exported step function of the kernel (see the file comment for its arguments). */
function buildKernelFunction(kernel: CheckedLaneKernel, name: string, traversal: LaneKernelTraversal): WasmFunctionDefinition {
  const { program, statements } = kernel;
  const arrayCount = program.arrays.length;
  const param = {
    status: arrayCount,
    stride: arrayCount + 1,
    start: arrayCount + 2,
    end: arrayCount + 3,
    uniform: (k: number) => arrayCount + 4 + k,
    steps: arrayCount + 4 + program.uniforms.length,
  };
  const params: WasmValueType[] = [
    ...program.arrays.map((): WasmValueType => 'i32'), 'i32', 'i32', 'i32', 'i32',
    ...program.uniforms.map((): WasmValueType => 'f32'), 'i32',
  ];
  const locals: WasmValueType[] = [];
  const addLocal = (type: WasmValueType): number => {
    locals.push(type);
    return params.length + locals.length - 1;
  };
  const i32 = {
    index: addLocal('i32'), byteIndex: addLocal('i32'), strideBytes: addLocal('i32'), stepsLeft: addLocal('i32'),
    address: addLocal('i32'), bits: addLocal('i32'), group: addLocal('i32'), member: addLocal('i32'),
  };
  const v128 = {
    start: addLocal('v128'), end: addLocal('v128'), active: addLocal('v128'), stopped: addLocal('v128'), scratch: addLocal('v128'),
  };

  // Values fixed for a whole call: uniforms, statements that read only uniforms, and constants.
  const fixed = new Map<string, number>();
  for (const uniform of program.uniforms) fixed.set(uniform, addLocal('v128'));
  for (const statement of statements) if (statement.uniform) fixed.set(statement.name, addLocal('v128'));
  const constantValues = new Set<number>();
  for (const statement of statements) collectConstants(statement.expression, constantValues);
  const constants = new Map<number, number>();
  for (const value of constantValues) constants.set(value, addLocal('v128'));
  const plan = planLocals(kernel, fixed, params.length + locals.length);
  for (let t = 0; t < plan.temporaries; t++) locals.push('v128');

  const code = new WasmCode();
  const environment = (reads: ReadonlyMap<string, number>): F32x4Environment => ({
    read: (name, c) => void c.localGet(reads.get(name) ?? fixed.get(name)!),
    constant: (value) => constants.get(value) ?? null,
    scratch: v128.scratch,
  });

  // Per call: stride in bytes, the range as vectors, constants, uniforms and what reads only them.
  code.localGet(param.stride).i32Const(2).op(OP.i32_shl).localSet(i32.strideBytes);
  code.localGet(param.start).simd(SIMD.i32x4_splat).localSet(v128.start);
  code.localGet(param.end).simd(SIMD.i32x4_splat).localSet(v128.end);
  for (const [value, local] of constants) code.f32x4Const([value, value, value, value]).localSet(local);
  program.uniforms.forEach((uniform, k) => code.localGet(param.uniform(k)).simd(SIMD.f32x4_splat).localSet(fixed.get(uniform)!));
  for (const statement of statements) {
    if (!statement.uniform) continue;
    compileF32x4Expression(statement.expression, code, environment(new Map()));
    code.localSet(fixed.get(statement.name)!);
  }

  /** The vector at i32.index: active lanes, then (if any) inputs, `steps` steps, status, stores. */
  const stepVector = (loadInputs: () => void): void => {
    code.block(); // skip this vector
    // Active lanes: inside [start, end) and status 0.
    code.localGet(i32.index).simd(SIMD.i32x4_splat).i32x4Const([0, 1, 2, 3]).simd(SIMD.i32x4_add).localTee(v128.active);
    code.localGet(v128.start).simd(SIMD.i32x4_ge_s);
    code.localGet(v128.active).localGet(v128.end).simd(SIMD.i32x4_lt_s).simd(SIMD.v128_and);
    code.localGet(param.status).localGet(i32.index).op(OP.i32_add).simd(SIMD.v128_load32_zero).memarg(2, 0);
    code.simd(SIMD.i16x8_extend_low_i8x16_u).simd(SIMD.i32x4_extend_low_i16x8_u);
    code.i32x4Const([0, 0, 0, 0]).simd(SIMD.i32x4_eq).simd(SIMD.v128_and);
    code.localTee(v128.active).simd(SIMD.i32x4_bitmask).localTee(i32.bits).op(OP.i32_eqz).brIf(0);
    loadInputs();

    code.localGet(param.steps).localSet(i32.stepsLeft);
    code.loop(); // one step of this vector
    for (const { statement, reads, target } of plan.statements) {
      compileF32x4Expression(statement.expression, code, environment(reads));
      code.localSet(target);
    }
    // The next step starts from this step's outputs in active lanes and from the old values elsewhere.
    // All values are on the stack before any is set, as a carry's local may hold another's output.
    code.localGet(i32.bits).i32Const(15).op(OP.i32_eq).if();
    for (const output of plan.outputs) code.localGet(output.local);
    for (const output of [...plan.outputs].reverse()) code.localSet(output.carry);
    code.else();
    for (const output of plan.outputs) code.localGet(output.local).localGet(output.carry).localGet(v128.active).simd(SIMD.v128_bitselect);
    for (const output of [...plan.outputs].reverse()) code.localSet(output.carry);
    code.end();

    // Elements that stop now get their status byte (theirs was 0) and are not stepped again.
    code.localGet(plan.stopMask).localGet(v128.active).simd(SIMD.v128_and).localTee(v128.stopped);
    code.simd(SIMD.v128_any_true).if();
    code.localGet(param.status).localGet(i32.index).op(OP.i32_add);
    code.localGet(param.status).localGet(i32.index).op(OP.i32_add).op(OP.i32_load).memarg(2, 0);
    const status = program.stop.status;
    code.localGet(v128.stopped).i32x4Const([status, status, status, status]).simd(SIMD.v128_and).localTee(v128.stopped);
    code.localGet(v128.stopped).simd(SIMD.i16x8_narrow_i32x4_u).localTee(v128.stopped);
    code.localGet(v128.stopped).simd(SIMD.i8x16_narrow_i16x8_u).simd(SIMD.i32x4_extract_lane).op(0);
    code.op(OP.i32_or).op(OP.i32_store).memarg(2, 0);
    code.localGet(v128.active).localGet(plan.stopMask).simd(SIMD.v128_andnot).localTee(v128.active);
    code.simd(SIMD.i32x4_bitmask).localSet(i32.bits);
    code.end();

    // Another step while steps remain and some lane is active.
    code.localGet(i32.stepsLeft).i32Const(1).op(OP.i32_sub).localTee(i32.stepsLeft).i32Const(0).op(OP.i32_gt_s);
    code.localGet(i32.bits).i32Const(0).op(OP.i32_ne).op(OP.i32_and).brIf(0);
    code.end(); // step loop

    // Inactive lanes hold what was loaded, so the whole vector can be written back.
    code.localGet(i32.index).i32Const(2).op(OP.i32_shl).localSet(i32.byteIndex);
    forEachSlotAddress(code, plan.outputs.map((o) => ({ slot: o.slot, local: o.carry })), program.arrays, i32, (local) => {
      code.localGet(i32.address).localGet(local).v128Store(4, 0);
    });
    code.end(); // skip this vector
  };

  code.block(); // done
  code.localGet(param.steps).i32Const(1).op(OP.i32_lt_s).brIf(0);
  if (traversal === 'vector') {
    code.localGet(param.start).i32Const(-4).op(OP.i32_and).localTee(i32.index);
    code.localGet(param.end).op(OP.i32_ge_s).brIf(0);
    code.loop(); // one vector of four elements
    stepVector(() => {
      code.localGet(i32.index).i32Const(2).op(OP.i32_shl).localSet(i32.byteIndex);
      forEachSlotAddress(code, plan.inputs, program.arrays, i32, (local) => code.localGet(i32.address).v128Load(4, 0).localSet(local));
    });
    code.localGet(i32.index).i32Const(4).op(OP.i32_add).localTee(i32.index).localGet(param.end).op(OP.i32_lt_s).brIf(0);
    code.end(); // vector loop
  } else {
    // Byte offsets of the group's four vectors; a vector past the end reads the first one's bytes.
    const offsets = [0, 1, 2, 3].map(() => addLocal('i32'));
    const held = [0, 1, 2, 3].map(() => plan.inputs.map(() => addLocal('v128')));
    code.localGet(param.start).i32Const(-16).op(OP.i32_and).localTee(i32.group);
    code.localGet(param.end).op(OP.i32_ge_s).brIf(0);
    code.loop(); // one group of four vectors
    offsets.forEach((offset, j) => {
      code.localGet(i32.group).i32Const(4 * j).op(OP.i32_add).localGet(i32.group);
      code.localGet(i32.group).i32Const(4 * j).op(OP.i32_add).localGet(param.end).op(OP.i32_lt_s).op(OP.select);
      code.i32Const(2).op(OP.i32_shl).localSet(offset);
    });
    code.i32Const(0).localSet(i32.byteIndex);
    const rows = plan.inputs.map((input, k) => ({ slot: input.slot, local: k }));
    forEachSlotAddress(code, rows, program.arrays, i32, (k) => {
      offsets.forEach((offset, j) => code.localGet(i32.address).localGet(offset).op(OP.i32_add).v128Load(4, 0).localSet(held[j][k]));
    });
    code.i32Const(0).localSet(i32.member);
    code.loop(); // one vector of the group
    code.localGet(i32.group).localGet(i32.member).i32Const(2).op(OP.i32_shl).op(OP.i32_add).localSet(i32.index);
    stepVector(() => {
      // The vector's inputs from what the group loaded (member 0, 1, 2 or 3).
      const take = (j: number): void => plan.inputs.forEach((input, k) => void code.localGet(held[j][k]).localSet(input.local));
      for (let j = 0; j < 3; j++) {
        code.localGet(i32.member).i32Const(j).op(OP.i32_eq).if();
        take(j);
        code.else();
      }
      take(3);
      for (let j = 0; j < 3; j++) code.end();
    });
    code.localGet(i32.member).i32Const(1).op(OP.i32_add).localTee(i32.member).i32Const(4).op(OP.i32_lt_s);
    code.localGet(i32.group).localGet(i32.member).i32Const(2).op(OP.i32_shl).op(OP.i32_add).localGet(param.end).op(OP.i32_lt_s);
    code.op(OP.i32_and).brIf(0);
    code.end(); // vector loop
    code.localGet(i32.group).i32Const(16).op(OP.i32_add).localTee(i32.group).localGet(param.end).op(OP.i32_lt_s).brIf(0);
    code.end(); // group loop
  }
  code.end(); // done
  return { name, params, results: [], locals, body: code };
}

/** A module importing `env.memory` and exporting one step function per entry of `exports`. */
export function buildLaneKernelWasmModule(kernel: CheckedLaneKernel, options: WasmLaneKernelOptions): Uint8Array<ArrayBuffer> {
  return buildWasmModule({
    memory: { module: 'env', name: 'memory', initialPages: options.memory.pages, maximumPages: options.memory.pages, shared: options.memory.shared },
    functions: Object.entries(options.exports).map(([name, traversal]) => buildKernelFunction(kernel, name, traversal)),
  });
}
