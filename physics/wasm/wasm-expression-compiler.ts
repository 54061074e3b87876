import type { KernelExpression } from './kernel-expression.ts';
import type { WasmCode } from './wasm-module-builder.ts';
import { SIMD } from './wasm-opcodes.ts';

/**
 * Compiles one kernel expression to f32x4 stack code: numbers are f32 lanes, masks are lanes
 * of all ones or all zeros. Every operation is the lane-wise IEEE f32 one, so four elements are
 * computed exactly as the f32-exact scalar code computes each of them alone.
 */
export interface F32x4Environment {
  /** Pushes a variable's current value (from its local, or straight from memory). */
  read(name: string, code: WasmCode): void;
  /** A v128 local holding `value` in all four lanes, or null to write the constant inline. */
  constant(value: number): number | null;
  /** A v128 local free for one instruction's use (lets 2·x become x + x); optional. */
  scratch?: number;
}

const ARITHMETIC = { '+': SIMD.f32x4_add, '-': SIMD.f32x4_sub, '*': SIMD.f32x4_mul, '/': SIMD.f32x4_div } as const;
const COMPARE = { '<': SIMD.f32x4_lt, '>': SIMD.f32x4_gt, '<=': SIMD.f32x4_le, '>=': SIMD.f32x4_ge } as const;
const LOGICAL = { '&&': SIMD.v128_and, '||': SIMD.v128_or } as const;

export function compileF32x4Expression(expression: KernelExpression, code: WasmCode, environment: F32x4Environment): void {
  const walk = (e: KernelExpression): void => {
    switch (e.kind) {
      case 'number': {
        const local = environment.constant(e.value);
        if (local === null) code.f32x4Const([e.value, e.value, e.value, e.value]);
        else code.localGet(local);
        return;
      }
      case 'variable':
        environment.read(e.name, code);
        return;
      case 'negate':
        walk(e.operand);
        code.simd(SIMD.f32x4_neg);
        return;
      case 'sqrt':
        walk(e.operand);
        code.simd(SIMD.f32x4_sqrt);
        return;
      case 'arithmetic': {
        // 2·x is x + x exactly (same rounding, same zeros and infinities), without a constant.
        const doubled = e.op === '*' ? (isNumber(e.left, 2) ? e.right : isNumber(e.right, 2) ? e.left : null) : null;
        if (doubled && environment.scratch !== undefined) {
          walk(doubled);
          code.localTee(environment.scratch).localGet(environment.scratch).simd(SIMD.f32x4_add);
          return;
        }
        walk(e.left);
        walk(e.right);
        code.simd(ARITHMETIC[e.op]);
        return;
      }
      case 'compare':
        walk(e.left);
        walk(e.right);
        code.simd(COMPARE[e.op]);
        return;
      case 'logical':
        walk(e.left);
        walk(e.right);
        code.simd(LOGICAL[e.op]);
        return;
      case 'select':
        compileSelect(e.condition, e.whenTrue, e.whenFalse);
    }
  };

  const compileSelect = (condition: KernelExpression, whenTrue: KernelExpression, whenFalse: KernelExpression): void => {
    // A lane of +0 is all zero bits: selecting it is masking the other value.
    if (isNumber(whenTrue, 0)) {
      walk(whenFalse);
      walk(condition);
      code.simd(SIMD.v128_andnot);
      return;
    }
    if (isNumber(whenFalse, 0)) {
      walk(whenTrue);
      walk(condition);
      code.simd(SIMD.v128_and);
      return;
    }
    // pmax(a, b) is exactly `a < b ? b : a` and pmin(a, b) is `b < a ? b : a`, NaNs and zeros included.
    if (condition.kind === 'compare' && isSimple(condition.left) && isSimple(condition.right)) {
      const { op, left: a, right: b } = condition;
      const lessThan = op === '<' ? [a, b] : op === '>' ? [b, a] : null; // [x, y] with the mask x < y
      if (lessThan) {
        const [x, y] = lessThan;
        if (same(whenTrue, y) && same(whenFalse, x)) return binary(SIMD.f32x4_pmax, x, y);
        if (same(whenTrue, x) && same(whenFalse, y)) return binary(SIMD.f32x4_pmin, y, x);
      }
    }
    // bitselect(a, b, mask) takes a's bits where the mask is set and b's elsewhere.
    walk(whenTrue);
    walk(whenFalse);
    walk(condition);
    code.simd(SIMD.v128_bitselect);
  };

  const binary = (opcode: number, left: KernelExpression, right: KernelExpression): void => {
    walk(left);
    walk(right);
    code.simd(opcode);
  };

  walk(expression);
}

const isNumber = (e: KernelExpression, value: number): boolean => e.kind === 'number' && Object.is(e.value, value);
const isSimple = (e: KernelExpression): boolean => e.kind === 'number' || e.kind === 'variable';
const same = (a: KernelExpression, b: KernelExpression): boolean =>
  (a.kind === 'number' && b.kind === 'number' && Object.is(a.value, b.value)) ||
  (a.kind === 'variable' && b.kind === 'variable' && a.name === b.name);

/** Every number literal in an expression (so constants can be placed in locals once per call). */
export function collectConstants(expression: KernelExpression, into: Set<number>): void {
  const walk = (e: KernelExpression): void => {
    switch (e.kind) {
      case 'number': into.add(e.value); return;
      case 'variable': return;
      case 'negate': case 'sqrt': walk(e.operand); return;
      case 'arithmetic': case 'compare': case 'logical': walk(e.left); walk(e.right); return;
      case 'select': walk(e.condition); walk(e.whenTrue); walk(e.whenFalse);
    }
  };
  walk(expression);
}
