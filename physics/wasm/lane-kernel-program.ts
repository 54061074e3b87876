import { forEachVariable, formatKernelExpression, parseKernelExpression, type KernelExpression } from './kernel-expression.ts';

/**
 * A lane kernel: the per-element update of a batch held in component-major f32 arrays, written
 * once as a list of assignments and compiled both to f32-exact JavaScript (one element at a time)
 * and to WebAssembly SIMD (four elements per f32x4 vector). Elements are independent: an element's
 * result depends only on its own inputs and the uniforms, never on its neighbours.
 *
 * One step of the kernel: load the inputs of every element whose status byte is 0, run the
 * assignments in order (a name may be assigned again; later reads see the newest value), write
 * the outputs back, and set the status of elements whose `stop.when` mask is true.
 */
export interface LaneKernelProgram {
  /** Names of the component-major f32 arrays, in the order the compiled kernels take them. */
  arrays: readonly string[];
  /** Per-element values read before each step: component `component` of array `array`. */
  inputs: readonly LaneKernelSlot[];
  /** f32 values shared by all elements, passed with each call (a time step, say). */
  uniforms: readonly string[];
  body: readonly KernelAssignment[];
  /** Values written back after each step (the final value of `name`); each slot is also an input. */
  outputs: readonly LaneKernelSlot[];
  /** Elements where the mask `when` is true at the end of a step get status `status` and are not stepped again. */
  stop: { when: string; status: number };
}

export interface LaneKernelSlot {
  name: string;
  array: string;
  component: number;
}

/** `name = expr`; the expression is kernel syntax, or an already parsed tree (for generated statements). */
export interface KernelAssignment {
  name: string;
  expr: string | KernelExpression;
}

export type KernelValueType = 'f32' | 'mask';

export interface CheckedStatement {
  name: string;
  expression: KernelExpression;
  type: KernelValueType;
  /** Reads only uniforms (directly or through other uniform statements): computed once per call. */
  uniform: boolean;
}

export interface CheckedLaneKernel {
  program: LaneKernelProgram;
  statements: readonly CheckedStatement[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parses and type-checks a program; errors name the statement and the rule it broke. */
export function checkLaneKernelProgram(program: LaneKernelProgram): CheckedLaneKernel {
  const types = new Map<string, KernelValueType>();
  const uniformNames = new Set<string>();
  const declare = (name: string, what: string): void => {
    if (!IDENTIFIER.test(name)) throw new SyntaxError(`lane kernel ${what} "${name}": not a name; accepted: letters, digits and _, not starting with a digit`);
    if (types.has(name)) throw new Error(`lane kernel ${what} "${name}": declared twice (inputs and uniforms need distinct names)`);
  };
  for (const array of program.arrays) {
    if (!IDENTIFIER.test(array)) throw new SyntaxError(`lane kernel array "${array}": not a name; accepted: letters, digits and _`);
  }
  const checkSlot = (slot: LaneKernelSlot, what: string): void => {
    if (!program.arrays.includes(slot.array)) {
      throw new RangeError(`lane kernel ${what} "${slot.name}": unknown array "${slot.array}"; accepted: ${program.arrays.join(', ')}`);
    }
    if (!Number.isInteger(slot.component) || slot.component < 0) {
      throw new RangeError(`lane kernel ${what} "${slot.name}": component must be a whole number ≥ 0 (got ${slot.component})`);
    }
  };
  for (const input of program.inputs) {
    declare(input.name, 'input');
    checkSlot(input, 'input');
    types.set(input.name, 'f32');
  }
  for (const uniform of program.uniforms) {
    declare(uniform, 'uniform');
    types.set(uniform, 'f32');
    uniformNames.add(uniform);
  }

  const assignmentCount = new Map<string, number>();
  for (const { name } of program.body) assignmentCount.set(name, (assignmentCount.get(name) ?? 0) + 1);

  const statements: CheckedStatement[] = [];
  for (const { name, expr } of program.body) {
    const text = typeof expr === 'string' ? expr : formatKernelExpression(expr);
    const where = `statement "${name} = ${text}"`;
    if (!IDENTIFIER.test(name)) throw new SyntaxError(`lane kernel ${where}: "${name}" is not a name`);
    if (program.uniforms.includes(name)) throw new Error(`lane kernel ${where}: a uniform cannot be assigned`);
    const expression = typeof expr === 'string' ? parseKernelExpression(expr) : expr;
    const type = typeOf(expression, types, where);
    const previous = types.get(name);
    if (previous !== undefined && previous !== type) {
      throw new TypeError(`lane kernel ${where}: "${name}" holds a ${previous} and cannot be assigned a ${type}`);
    }
    let uniform = assignmentCount.get(name) === 1 && !program.inputs.some((input) => input.name === name);
    forEachVariable(expression, (read) => {
      if (!uniformNames.has(read)) uniform = false;
    });
    if (uniform) uniformNames.add(name);
    types.set(name, type);
    statements.push({ name, expression, type, uniform });
  }

  for (const output of program.outputs) {
    checkSlot(output, 'output');
    if (!program.inputs.some((input) => input.array === output.array && input.component === output.component)) {
      throw new Error(`lane kernel output "${output.name}" (${output.array}[${output.component}]): must also be an input, so that the next step starts from it`);
    }
    const type = types.get(output.name);
    if (type !== 'f32') throw new TypeError(`lane kernel output "${output.name}": must be an f32 value that the program defines (got ${type ?? 'nothing'})`);
  }
  if (types.get(program.stop.when) !== 'mask') {
    throw new TypeError(`lane kernel stop.when "${program.stop.when}": must name a mask the program defines (a comparison)`);
  }
  if (!Number.isInteger(program.stop.status) || program.stop.status < 1 || program.stop.status > 255) {
    throw new RangeError(`lane kernel stop.status: must be a status byte 1..255 (got ${program.stop.status})`);
  }
  return { program, statements };
}

function typeOf(expression: KernelExpression, types: ReadonlyMap<string, KernelValueType>, where: string): KernelValueType {
  const need = (e: KernelExpression, wanted: KernelValueType, role: string): void => {
    const got = typeOf(e, types, where);
    if (got !== wanted) throw new TypeError(`lane kernel ${where}: ${role} must be ${wanted === 'f32' ? 'a number' : 'a mask (a comparison)'}, got a ${got}`);
  };
  switch (expression.kind) {
    case 'number':
      return 'f32';
    case 'variable': {
      const type = types.get(expression.name);
      if (!type) throw new ReferenceError(`lane kernel ${where}: "${expression.name}" is read before it is defined (not an input, a uniform or an earlier statement)`);
      return type;
    }
    case 'negate': case 'sqrt':
      need(expression.operand, 'f32', `the operand of ${expression.kind}`);
      return 'f32';
    case 'arithmetic':
      need(expression.left, 'f32', `the left of ${expression.op}`);
      need(expression.right, 'f32', `the right of ${expression.op}`);
      return 'f32';
    case 'compare':
      need(expression.left, 'f32', `the left of ${expression.op}`);
      need(expression.right, 'f32', `the right of ${expression.op}`);
      return 'mask';
    case 'logical':
      need(expression.left, 'mask', `the left of ${expression.op}`);
      need(expression.right, 'mask', `the right of ${expression.op}`);
      return 'mask';
    case 'select': {
      need(expression.condition, 'mask', 'the first argument of select');
      const type = typeOf(expression.whenTrue, types, where);
      need(expression.whenFalse, type, 'the third argument of select (the same type as the second)');
      return type;
    }
  }
}
