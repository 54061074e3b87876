import type { KernelExpression } from './kernel-expression.ts';
import type { CheckedLaneKernel } from './lane-kernel-program.ts';

/**
 * Compiles a lane kernel to the source of a plain JavaScript function that steps one element at a
 * time in f32: every arithmetic result passes through Math.fround, in the order the expression
 * gives. For + − * / and sqrt of f32 operands, rounding the exact double result to f32 gives the
 * correctly rounded f32 result (a double holds more than twice an f32's digits), so this matches
 * WebAssembly's f32x4 arithmetic bit for bit.
 *
 * The function takes (...arrays, status, stride, start, end, ...uniforms, steps).
 */
export interface JavaScriptKernelSource {
  parameters: string[];
  body: string;
}

const RESERVED = new Set(['status', 'stride', 'start', 'end', 'steps', 'i', 's', 'fround', 'Math']);

export function laneKernelJavaScriptSource(kernel: CheckedLaneKernel): JavaScriptKernelSource {
  const { program, statements } = kernel;
  for (const name of [...program.arrays, ...program.uniforms]) {
    if (RESERVED.has(name)) throw new Error(`lane kernel: array or uniform name "${name}" is taken by the generated function; rename it (reserved: ${[...RESERVED].join(', ')})`);
  }
  const local = (name: string): string => `$${name}`;
  const slot = (array: string, component: number): string => `${array}[${component === 0 ? '' : `${component} * stride + `}i]`;
  const declared = new Set<string>();
  const assign = (name: string, value: string): string => {
    const line = `${declared.has(name) ? '' : 'let '}${local(name)} = ${value};`;
    declared.add(name);
    return line;
  };

  const lines: string[] = ['const fround = Math.fround;'];
  for (const uniform of program.uniforms) lines.push(assign(uniform, `fround(${uniform})`));
  for (const statement of statements) {
    if (statement.uniform) lines.push(assign(statement.name, javaScriptExpression(statement.expression, local)));
  }
  // All elements once, then all again: a straight body without an inner loop keeps TurboFan's
  // register allocation simplest (faster here than stepping each element `steps` times in place).
  lines.push('for (let s = 0; s < steps; s++) {');
  lines.push('  for (let i = start; i < end; i++) {');
  lines.push('    if (status[i] !== 0) continue;');
  const body: string[] = [];
  for (const input of program.inputs) body.push(assign(input.name, slot(input.array, input.component)));
  for (const statement of statements) {
    if (!statement.uniform) body.push(assign(statement.name, javaScriptExpression(statement.expression, local)));
  }
  body.push(`if (${local(program.stop.when)}) status[i] = ${program.stop.status};`);
  for (const output of program.outputs) body.push(`${slot(output.array, output.component)} = ${local(output.name)};`);
  lines.push(...body.map((line) => `    ${line}`));
  lines.push('  }');
  lines.push('}');
  return { parameters: [...program.arrays, 'status', 'stride', 'start', 'end', ...program.uniforms, 'steps'], body: lines.join('\n') };
}

/** One expression as JavaScript; numbers print as the exact f32 value they were rounded to. */
export function javaScriptExpression(expression: KernelExpression, local: (name: string) => string): string {
  const walk = (e: KernelExpression): string => {
    switch (e.kind) {
      case 'number': return String(e.value);
      case 'variable': return local(e.name);
      case 'negate': return `(-${walk(e.operand)})`;
      case 'sqrt': return `fround(Math.sqrt(${walk(e.operand)}))`;
      case 'arithmetic': return `fround(${walk(e.left)} ${e.op} ${walk(e.right)})`;
      case 'compare': case 'logical': return `(${walk(e.left)} ${e.op} ${walk(e.right)})`;
      case 'select': return `(${walk(e.condition)} ? ${walk(e.whenTrue)} : ${walk(e.whenFalse)})`;
    }
  };
  return walk(expression);
}
