/**
 * `$((expr))` as sh evaluates it: integers, `+ - * / %`, comparisons and `&& || !` (1 or 0),
 * parentheses, and variables by name (`i`, or `$i` already expanded; unset or not a number: 0).
 * Pure: the caller passes the variables.
 */

export class ArithmeticError extends Error {}

const TOKEN = /\s*(\d+|[A-Za-z_]\w*|&&|\|\||==|!=|<=|>=|[-+*/%()<>!])/y;

function tokens(expr: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < expr.length) {
    if (/^\s*$/.test(expr.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(expr);
    if (!m)
      throw new ArithmeticError(
        `syntax error: invalid arithmetic operator (error token is "${expr.slice(at).trim()}")`,
      );
    out.push(m[1]);
  }
  return out;
}

/** Binary operators, loosest first. */
const LEVELS: string[][] = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<', '<=', '>', '>='],
  ['+', '-'],
  ['*', '/', '%'],
];

function apply(op: string, a: number, b: number): number {
  switch (op) {
    case '||':
      return a !== 0 || b !== 0 ? 1 : 0;
    case '&&':
      return a !== 0 && b !== 0 ? 1 : 0;
    case '==':
      return a === b ? 1 : 0;
    case '!=':
      return a !== b ? 1 : 0;
    case '<':
      return a < b ? 1 : 0;
    case '<=':
      return a <= b ? 1 : 0;
    case '>':
      return a > b ? 1 : 0;
    case '>=':
      return a >= b ? 1 : 0;
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    default:
      if (b === 0) throw new ArithmeticError('division by 0');
      return op === '/' ? Math.trunc(a / b) : a % b;
  }
}

export function evaluateArithmetic(expr: string, vars: Record<string, string | undefined>): number {
  const ts = tokens(expr);
  if (ts.length === 0) return 0;
  let pos = 0;
  const value = (name: string): number => {
    const n = Number.parseInt(vars[name] ?? '', 10);
    return Number.isNaN(n) ? 0 : n;
  };
  const level = (i: number): number => {
    if (i === LEVELS.length) return unary();
    let left = level(i + 1);
    while (pos < ts.length && LEVELS[i].includes(ts[pos])) {
      const op = ts[pos++];
      left = apply(op, left, level(i + 1));
    }
    return left;
  };
  const unary = (): number => {
    const t = ts[pos];
    if (t === '-' || t === '+' || t === '!') {
      pos++;
      const v = unary();
      return t === '-' ? -v : t === '!' ? (v === 0 ? 1 : 0) : v;
    }
    return primary();
  };
  const primary = (): number => {
    const t = ts[pos++];
    if (t === undefined) throw new ArithmeticError('syntax error: operand expected');
    if (t === '(') {
      const v = level(0);
      if (ts[pos++] !== ')') throw new ArithmeticError('syntax error: missing )');
      return v;
    }
    if (/^\d+$/.test(t)) return Number.parseInt(t, 10);
    if (/^[A-Za-z_]/.test(t)) return value(t);
    throw new ArithmeticError(`syntax error: operand expected (error token is "${t}")`);
  };
  const result = level(0);
  if (pos < ts.length) throw new ArithmeticError(`syntax error (error token is "${ts[pos]}")`);
  return result;
}
