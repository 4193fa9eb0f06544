import { ArithmeticError, evaluateArithmetic } from './arith.js';
import type { Segment, Word } from './shell.js';
import { print, type State } from './shell-state.js';

/** The shell's expansions: parameters, arithmetic and command substitution, and word splitting. */

const VARIABLE = /\$(?:\{(\w+)\}|(\w+|\?))/g;
/** `$((expr))`, `${#VAR}`, `${VAR:-word}` (and `-`, `=`, `+`, `?`, with or without `:`), `$VAR`. */
const EXPANSION =
  /\$\(\((?<arith>[^]*?)\)\)|\$\{(?<len>#)?(?<name>\w+|\?)(?:(?<op>:?[-=+?])(?<alt>(?:\$\{[^}]*\}|[^}])*))?\}|\$(?<plain>\w+|\?)/g;

function variable(name: string, st: State): string {
  return name === '?' ? String(st.status) : (st.vars[name] ?? '');
}

/** `$((expr))`: its value, or an error on stderr (status 2) and 0, as dash reports a bad expression. */
function arithmetic(expr: string, st: State): string {
  const expanded = expr.replace(VARIABLE, (_, braced?: string, plain?: string) =>
    variable(braced ?? plain ?? '', st),
  );
  try {
    return String(evaluateArithmetic(expanded, st.vars));
  } catch (err) {
    if (!(err instanceof ArithmeticError)) throw err;
    print(st, `sh: arithmetic expression: ${err.message}: "${expr.trim()}"`, true);
    st.status = 2;
    return '0';
  }
}

type ExpansionGroups = Partial<Record<'arith' | 'len' | 'name' | 'op' | 'alt' | 'plain', string>>;

/** `${VAR:-word}` and its kin, as sh reads them. */
function parameter(g: ExpansionGroups, st: State): string {
  const name = g.name ?? '';
  const value = name === '?' ? String(st.status) : st.vars[name];
  if (g.len) return String((value ?? '').length);
  if (!g.op) return value ?? '';
  const unset = g.op.startsWith(':') ? !value : value === undefined;
  const alt = expandText(g.alt ?? '', st);
  switch (g.op.slice(-1)) {
    case '-':
      return unset ? alt : (value ?? '');
    case '=':
      if (unset) st.vars[name] = alt;
      return unset ? alt : (value ?? '');
    case '+':
      return unset ? '' : alt;
    default:
      if (unset) print(st, `sh: ${name}: ${alt || 'parameter not set'}`, true);
      return value ?? '';
  }
}

function expandText(text: string, st: State): string {
  return text.replace(EXPANSION, (...args: unknown[]) => {
    const g = args.at(-1) as ExpansionGroups;
    if (g.arith !== undefined) return arithmetic(g.arith, st);
    if (g.plain !== undefined) return variable(g.plain, st);
    return parameter(g, st);
  });
}

function expandSegment(seg: Segment, st: State): string {
  if (seg.subst) return substitute(seg.text, st);
  return seg.quote === 'literal' ? seg.text : expandText(seg.text, st);
}

/** A word's value; undefined when an unquoted word expands to nothing (sh drops it). */
export function expand(word: Word, st: State): string | undefined {
  const out = word.map((seg) => expandSegment(seg, st)).join('');
  return out === '' && word.every((s) => s.quote === 'none') ? undefined : out;
}

/**
 * A word as the arguments it makes: what an unquoted `$VAR` or `$(...)` gives is split on blanks
 * (`for i in $(seq 3)`: three), quoted text never; an unquoted word that expands to nothing is none.
 */
export function fields(word: Word, st: State): string[] {
  const out: string[] = [];
  let current: string | undefined;
  for (const seg of word) {
    const value = expandSegment(seg, st);
    const split = seg.quote === 'none' && (seg.subst === true || seg.text.includes('$'));
    if (!split) {
      current = (current ?? '') + value;
      continue;
    }
    value.split(/[ \t\n]+/).forEach((part, i) => {
      if (i > 0 && current !== undefined) {
        if (current !== '') out.push(current);
        current = undefined;
      }
      if (part !== '') current = (current ?? '') + part;
    });
  }
  if (current !== undefined && (current !== '' || word.some((s) => s.quote !== 'none'))) out.push(current);
  return out;
}

/** `$(...)`: the script run in a subshell (its own variables, the caller's clock); its output, trailing newlines dropped. */
function substitute(script: string, st: State): string {
  const sub = { ...st.subshell({ ...st.vars }), t: st.t };
  st.run(script, sub);
  st.t = sub.t;
  st.status = sub.status;
  // Errors show through; so does what the simulator does not interpret, which then runs on.
  st.lines.push(...sub.lines.filter((l) => l.stderr || sub.uninterpreted));
  if (sub.uninterpreted) Object.assign(st, { uninterpreted: true, ended: sub.ended || st.ended });
  return sub.lines
    .filter((l) => !l.stderr)
    .map((l) => l.text)
    .join('\n')
    .replace(/\n+$/, '');
}

/** Kubernetes `$(VAR)` in command/args: defined variables only; `$$(VAR)` stays literal `$(VAR)`. */
export function expandKubernetesRefs(arg: string, env: Record<string, string>): string {
  return arg.replace(/\$(\$?)\(([A-Za-z_][\w.-]*)\)/g, (all, escaped: string, name: string) =>
    escaped ? all.slice(1) : (env[name] ?? all),
  );
}
