/**
 * The tiny expression language kernels are written in, and its parser. One expression is
 * compiled both to f32-exact JavaScript and to WebAssembly f32x4 code, so it holds only what
 * both can compute bit for bit: + − * / and unary minus, parentheses, numbers, names,
 * `sqrt(x)`, comparisons (< > <= >=) that yield a lane mask, `&&` / `||` on masks and
 * `select(mask, whenTrue, whenFalse)`.
 */
export type KernelExpression =
  | { kind: 'number'; value: number }
  | { kind: 'variable'; name: string }
  | { kind: 'negate'; operand: KernelExpression }
  | { kind: 'sqrt'; operand: KernelExpression }
  | { kind: 'arithmetic'; op: ArithmeticOperator; left: KernelExpression; right: KernelExpression }
  | { kind: 'compare'; op: CompareOperator; left: KernelExpression; right: KernelExpression }
  | { kind: 'logical'; op: LogicalOperator; left: KernelExpression; right: KernelExpression }
  | { kind: 'select'; condition: KernelExpression; whenTrue: KernelExpression; whenFalse: KernelExpression };

export type ArithmeticOperator = '+' | '-' | '*' | '/';
export type CompareOperator = '<' | '>' | '<=' | '>=';
export type LogicalOperator = '&&' | '||';

const ACCEPTED = 'numbers, names, + - * /, unary -, ( ), sqrt(x), < > <= >=, && ||, select(mask, a, b)';
const TOKEN = /(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(<=|>=|&&|\|\||[-+*/(),<>])/y;

interface Token {
  text: string;
  type: 'number' | 'name' | 'symbol' | 'end';
  position: number;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  for (;;) {
    while (position < source.length && /\s/.test(source[position])) position++;
    if (position >= source.length) break;
    TOKEN.lastIndex = position;
    const match = TOKEN.exec(source);
    if (!match) {
      throw new SyntaxError(`kernel expression "${source}": unexpected "${source[position]}" at ${position}; accepted: ${ACCEPTED}`);
    }
    const type = match[1] !== undefined ? 'number' : match[2] !== undefined ? 'name' : 'symbol';
    tokens.push({ text: match[0], type, position });
    position = TOKEN.lastIndex;
  }
  tokens.push({ text: '', type: 'end', position: source.length });
  return tokens;
}

/** Parses one expression. Literals are rounded to f32 here, so every backend sees the same value. */
export function parseKernelExpression(source: string): KernelExpression {
  const tokens = tokenize(source);
  let next = 0;
  const peek = (): Token => tokens[next];
  const fail = (token: Token, wanted: string): never => {
    const found = token.type === 'end' ? 'the end' : `"${token.text}"`;
    throw new SyntaxError(`kernel expression "${source}": expected ${wanted} at ${token.position}, found ${found}; accepted: ${ACCEPTED}`);
  };
  const expect = (text: string): void => {
    if (peek().text !== text || peek().type === 'end') fail(peek(), `"${text}"`);
    next++;
  };

  const binaryLevel = <Op extends string>(
    operators: readonly Op[], operand: () => KernelExpression, make: (op: Op, l: KernelExpression, r: KernelExpression) => KernelExpression,
  ) => (): KernelExpression => {
    let left = operand();
    while (peek().type === 'symbol' && (operators as readonly string[]).includes(peek().text)) {
      const op = tokens[next++].text as Op;
      left = make(op, left, operand());
    }
    return left;
  };

  const primary = (): KernelExpression => {
    const token = peek();
    if (token.type === 'number') {
      next++;
      return { kind: 'number', value: Math.fround(Number(token.text)) };
    }
    if (token.type === 'name') {
      next++;
      if (peek().text !== '(') return { kind: 'variable', name: token.text };
      next++;
      const args: KernelExpression[] = [expression()];
      while (peek().text === ',') {
        next++;
        args.push(expression());
      }
      expect(')');
      return call(source, token.text, args);
    }
    if (token.text === '(') {
      next++;
      const inner = expression();
      expect(')');
      return inner;
    }
    return fail(token, 'a number, a name or "("');
  };
  const unary = (): KernelExpression => {
    if (peek().text === '-' && peek().type === 'symbol') {
      next++;
      return { kind: 'negate', operand: unary() };
    }
    return primary();
  };
  const product = binaryLevel(['*', '/'] as const, unary, (op, left, right) => ({ kind: 'arithmetic', op, left, right }));
  const sum = binaryLevel(['+', '-'] as const, product, (op, left, right) => ({ kind: 'arithmetic', op, left, right }));
  const comparison = (): KernelExpression => {
    const left = sum();
    const token = peek();
    if (token.type === 'symbol' && ['<', '>', '<=', '>='].includes(token.text)) {
      next++;
      return { kind: 'compare', op: token.text as CompareOperator, left, right: sum() };
    }
    return left;
  };
  const conjunction = binaryLevel(['&&'] as const, comparison, (op, left, right) => ({ kind: 'logical', op, left, right }));
  const expression = binaryLevel(['||'] as const, conjunction, (op, left, right) => ({ kind: 'logical', op, left, right }));

  const result = expression();
  if (peek().type !== 'end') fail(peek(), 'an operator or the end');
  return result;
}

function call(source: string, name: string, args: KernelExpression[]): KernelExpression {
  const arity = (count: number): void => {
    if (args.length !== count) {
      throw new SyntaxError(`kernel expression "${source}": ${name}() takes ${count} argument(s), got ${args.length}`);
    }
  };
  switch (name) {
    case 'sqrt':
      arity(1);
      return { kind: 'sqrt', operand: args[0] };
    case 'select':
      arity(3);
      return { kind: 'select', condition: args[0], whenTrue: args[1], whenFalse: args[2] };
    default:
      throw new SyntaxError(`kernel expression "${source}": unknown function ${name}(); accepted: sqrt(x), select(mask, a, b)`);
  }
}

/** Calls `visit` on every variable name the expression reads. */
export function forEachVariable(expression: KernelExpression, visit: (name: string) => void): void {
  switch (expression.kind) {
    case 'number': return;
    case 'variable': visit(expression.name); return;
    case 'negate': case 'sqrt': forEachVariable(expression.operand, visit); return;
    case 'arithmetic': case 'compare': case 'logical':
      forEachVariable(expression.left, visit);
      forEachVariable(expression.right, visit);
      return;
    case 'select':
      forEachVariable(expression.condition, visit);
      forEachVariable(expression.whenTrue, visit);
      forEachVariable(expression.whenFalse, visit);
  }
}

/** A copy of the expression with variables renamed (names `rename` returns unchanged stay). */
export function renameVariables(expression: KernelExpression, rename: (name: string) => string): KernelExpression {
  const walk = (e: KernelExpression): KernelExpression => {
    switch (e.kind) {
      case 'number': return e;
      case 'variable': return { kind: 'variable', name: rename(e.name) };
      case 'negate': case 'sqrt': return { kind: e.kind, operand: walk(e.operand) };
      case 'arithmetic': return { kind: 'arithmetic', op: e.op, left: walk(e.left), right: walk(e.right) };
      case 'compare': return { kind: 'compare', op: e.op, left: walk(e.left), right: walk(e.right) };
      case 'logical': return { kind: 'logical', op: e.op, left: walk(e.left), right: walk(e.right) };
      case 'select': return { kind: 'select', condition: walk(e.condition), whenTrue: walk(e.whenTrue), whenFalse: walk(e.whenFalse) };
    }
  };
  return walk(expression);
}

/** Writes an expression back in the kernel syntax, fully parenthesised (for messages and inspection). */
export function formatKernelExpression(expression: KernelExpression): string {
  const walk = (e: KernelExpression): string => {
    switch (e.kind) {
      case 'number': return String(e.value);
      case 'variable': return e.name;
      case 'negate': return `(-${walk(e.operand)})`;
      case 'sqrt': return `sqrt(${walk(e.operand)})`;
      case 'arithmetic': case 'compare': case 'logical': return `(${walk(e.left)} ${e.op} ${walk(e.right)})`;
      case 'select': return `select(${walk(e.condition)}, ${walk(e.whenTrue)}, ${walk(e.whenFalse)})`;
    }
  };
  return walk(expression);
}
