import type { KernelExpression } from '../wasm/kernel-expression.ts';
import type { CheckedLaneKernel } from '../wasm/lane-kernel-program.ts';

/**
 * Compiles a lane kernel (the program the scalar JavaScript and the WebAssembly SIMD kernels are
 * generated from) to a WGSL function, so the GPU steps the very same dynamics. Each array of the
 * program becomes a struct of the components the program reads from it; the function takes one
 * struct per array plus the uniforms and returns the arrays it writes and the stop mask:
 *
 *   struct <P>State { px: f32, ... }                 // one per array, fields in input order
 *   struct <P>Result { state: <P>State, stop: bool }  // arrays with outputs, then the stop mask
 *   fn <name>(state: <P>State, params: <P>Params, ..., dt: f32) -> <P>Result
 *
 * Arithmetic keeps the program's order (every operation parenthesised) and literals are the f32
 * values the parser rounded them to, so on an implementation with correctly rounded f32 + − × ÷
 * and sqrt the result is the CPU kernels' result bit for bit. WGSL itself allows 2.5 ULP for ÷ and
 * sqrt, so the parity tests compare within float tolerances, not bits.
 */
export interface WgslLaneKernelOptions {
  /** Name of the generated function. */
  functionName: string;
  /** Prefix of the generated struct names (a capitalised word, such as "Quadrotor"). */
  typePrefix: string;
}

export interface WgslLaneKernel {
  /** The struct declarations and the function. */
  source: string;
  functionName: string;
  /** Struct type name of each array, and the fields it holds (the components the program reads). */
  structs: Readonly<Record<string, { typeName: string; fields: readonly { name: string; component: number }[] }>>;
  resultTypeName: string;
  /** Arrays whose structs the result carries (the arrays with outputs), in order. */
  resultArrays: readonly string[];
  /** A constructor expression of the array's struct from a component accessor: `T(a(0), a(1), ...)`. */
  load(array: string, component: (component: number) => string): string;
  /** Assignments writing a struct value back through a component accessor (only the written components). */
  store(array: string, value: string, component: (component: number) => string): string[];
}

/** Words WGSL keeps for itself; a program name among them cannot become a struct field. */
const WGSL_RESERVED = new Set([
  'alias', 'bitcast', 'bool', 'break', 'case', 'const', 'const_assert', 'continue', 'continuing', 'default', 'diagnostic',
  'discard', 'else', 'enable', 'f16', 'f32', 'false', 'fn', 'for', 'i32', 'if', 'let', 'loop', 'override', 'requires',
  'return', 'struct', 'switch', 'true', 'u32', 'var', 'while', 'array', 'atomic', 'mat2x2', 'mat3x3', 'mat4x4', 'ptr',
  'sampler', 'texture_2d', 'vec2', 'vec3', 'vec4', 'select', 'sqrt', 'stop', 'self', 'super', 'this', 'type', 'null',
  'new', 'do', 'in', 'out', 'inout', 'mod', 'module', 'private', 'public', 'static', 'storage', 'uniform', 'workgroup',
  'function', 'read', 'write', 'read_write', 'handle', 'target', 'export', 'import', 'package', 'layout', 'macro',
]);

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

export function compileLaneKernelToWgsl(kernel: CheckedLaneKernel, options: WgslLaneKernelOptions): WgslLaneKernel {
  const { program, statements } = kernel;
  for (const name of [options.functionName, options.typePrefix]) {
    if (!IDENTIFIER.test(name) || WGSL_RESERVED.has(name)) {
      throw new SyntaxError(`WGSL kernel: "${name}" cannot name a WGSL function or type; accepted: a letter, then letters, digits and _, not a WGSL word`);
    }
  }
  for (const name of [...program.arrays, ...program.inputs.map((i) => i.name), ...program.uniforms]) {
    if (!IDENTIFIER.test(name) || name.includes('__') || WGSL_RESERVED.has(name)) {
      throw new SyntaxError(`WGSL kernel: the program name "${name}" is a WGSL word or not a WGSL identifier; rename it in the program (accepted: a letter, then letters, digits and single _)`);
    }
  }

  const local = (name: string): string => `v_${name}`;
  const typeName = (array: string): string => `${options.typePrefix}${array[0].toUpperCase()}${array.slice(1)}`;
  const structs: Record<string, { typeName: string; fields: { name: string; component: number }[] }> = {};
  for (const array of program.arrays) structs[array] = { typeName: typeName(array), fields: [] };
  for (const input of program.inputs) structs[input.array].fields.push({ name: input.name, component: input.component });
  const usedArrays = program.arrays.filter((array) => structs[array].fields.length > 0);
  const resultArrays = usedArrays.filter((array) => program.outputs.some((output) => output.array === array));
  const resultTypeName = `${options.typePrefix}Result`;

  const lines: string[] = [];
  for (const array of usedArrays) {
    const { typeName: type, fields } = structs[array];
    lines.push(`struct ${type} {`, ...fields.map((field) => `  ${field.name}: f32,`), '}', '');
  }
  lines.push(`struct ${resultTypeName} {`, ...resultArrays.map((array) => `  ${array}: ${structs[array].typeName},`), '  stop: bool,', '}', '');

  const parameters = [
    ...usedArrays.map((array) => `${array}: ${structs[array].typeName}`),
    ...program.uniforms.map((uniform) => `${uniform}: f32`),
  ];
  lines.push(`fn ${options.functionName}(${parameters.join(', ')}) -> ${resultTypeName} {`);

  // Names assigned more than once (or inputs assigned again) need `var`; the rest are `let`.
  const assignments = new Map<string, number>();
  for (const statement of statements) assignments.set(statement.name, (assignments.get(statement.name) ?? 0) + 1);
  const declared = new Set<string>();
  for (const uniform of program.uniforms) {
    lines.push(`  let ${local(uniform)} = ${uniform};`);
    declared.add(uniform);
  }
  for (const input of program.inputs) {
    const keyword = assignments.has(input.name) ? 'var' : 'let';
    lines.push(`  ${keyword} ${local(input.name)} = ${input.array}.${input.name};`);
    declared.add(input.name);
  }
  for (const statement of statements) {
    const value = wgslExpression(statement.expression, local);
    if (declared.has(statement.name)) {
      lines.push(`  ${local(statement.name)} = ${value};`);
    } else {
      const keyword = (assignments.get(statement.name) ?? 0) > 1 ? 'var' : 'let';
      const type = statement.type === 'mask' ? 'bool' : 'f32';
      lines.push(`  ${keyword} ${local(statement.name)}: ${type} = ${value};`);
      declared.add(statement.name);
    }
  }
  const resultParts = resultArrays.map((array) => {
    const { typeName: type, fields } = structs[array];
    // Components this array only reads pass through unchanged; outputs take their final value.
    const values = fields.map((field) => {
      const output = program.outputs.find((o) => o.array === array && o.component === field.component);
      return output ? local(output.name) : local(field.name);
    });
    return `${type}(${values.join(', ')})`;
  });
  lines.push(`  return ${resultTypeName}(${[...resultParts, local(program.stop.when)].join(', ')});`, '}', '');

  return {
    source: lines.join('\n'),
    functionName: options.functionName,
    structs,
    resultTypeName,
    resultArrays,
    load(array, component) {
      const struct = structs[array];
      if (!struct || struct.fields.length === 0) throw new RangeError(`WGSL kernel: the program reads nothing from array "${array}"; arrays it reads: ${usedArrays.join(', ')}`);
      return `${struct.typeName}(${struct.fields.map((field) => component(field.component)).join(', ')})`;
    },
    store(array, value, component) {
      const struct = structs[array];
      if (!struct) throw new RangeError(`WGSL kernel: unknown array "${array}"; accepted: ${program.arrays.join(', ')}`);
      return program.outputs.filter((output) => output.array === array).map((output) => `${component(output.component)} = ${value}.${output.name};`);
    },
  };
}

/** A number as a WGSL literal that denotes exactly the same f32 value. */
export function wgslF32Literal(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`WGSL kernel: the literal ${value} is not a finite number`);
  const rounded = Math.fround(value);
  if (rounded !== value) throw new RangeError(`WGSL kernel: the literal ${value} is not an f32 value (nearest: ${rounded})`);
  const text = String(Math.abs(value));
  const literal = /[.e]/.test(text) ? text : `${text}.0`;
  return value < 0 || Object.is(value, -0) ? `(-${literal})` : literal;
}

/** One expression as WGSL, fully parenthesised in the program's order. */
export function wgslExpression(expression: KernelExpression, local: (name: string) => string): string {
  const walk = (e: KernelExpression): string => {
    switch (e.kind) {
      case 'number': return wgslF32Literal(e.value);
      case 'variable': return local(e.name);
      case 'negate': return `(-${walk(e.operand)})`;
      case 'sqrt': return `sqrt(${walk(e.operand)})`;
      case 'arithmetic': case 'compare': case 'logical': return `(${walk(e.left)} ${e.op} ${walk(e.right)})`;
      // WGSL's select takes (whenFalse, whenTrue, condition).
      case 'select': return `select(${walk(e.whenFalse)}, ${walk(e.whenTrue)}, ${walk(e.condition)})`;
    }
  };
  return walk(expression);
}
