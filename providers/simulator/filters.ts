import { compareCodeUnits } from '../code-units.js';
/**
 * The text filters a pipe may end in (`env | grep FOO`, `cat f | wc -l`, `ls | head -n 3`): they
 * read the previous command's lines, never a file. Pure.
 */

export interface Filtered {
  lines: string[];
  status: number;
}

type Filter = (args: string[], input: string[]) => Filtered | undefined;

const ok = (lines: string[]): Filtered => ({ lines, status: 0 });

/** `-n N`, `-nN` or `-N`: the count head and tail take; undefined when an argument is not one of them. */
function lineCount(args: string[]): number | undefined {
  let count = 10;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const n =
      a === '-n' ? args[++i] : /^-n\d+$/.test(a) ? a.slice(2) : /^-\d+$/.test(a) ? a.slice(1) : undefined;
    if (n === undefined || !/^\d+$/.test(n)) return undefined;
    count = Number(n);
  }
  return count;
}

const literal = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The pattern as a RegExp: fixed text with -F, else the regular expression (taken as fixed when JS cannot read it). */
function matcher(pattern: string, flags: Set<string>): (line: string) => boolean {
  const ignoreCase = flags.has('i');
  let source = flags.has('F') ? literal(pattern) : pattern;
  if (flags.has('w')) source = `(?<![\\w])(?:${source})(?![\\w])`;
  if (flags.has('x')) source = `^(?:${source})$`;
  let re: RegExp;
  try {
    re = new RegExp(source, ignoreCase ? 'i' : '');
  } catch {
    re = new RegExp(literal(pattern), ignoreCase ? 'i' : '');
  }
  return (line) => re.test(line);
}

/** `grep [-vicqEFxw] [-e] PATTERN`: status 0 when a line is selected, 1 otherwise. */
const grep: Filter = (args, input) => {
  const flags = new Set<string>();
  let pattern: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '-e') pattern = args[++i];
    else if (/^-[vicqEFxw]+$/.test(a)) for (const f of a.slice(1)) flags.add(f);
    else if (pattern === undefined) pattern = a;
    else return undefined; // a file to read: not a pipe filter
  }
  if (pattern === undefined) return undefined;
  const matches = matcher(pattern, flags);
  const selected = input.filter((line) => matches(line) !== flags.has('v'));
  const status = selected.length > 0 ? 0 : 1;
  if (flags.has('q')) return { lines: [], status };
  return { lines: flags.has('c') ? [String(selected.length)] : selected, status };
};

/** `wc -l`, `-w`, `-c` (one count, as wc prints it for its input), or all three. */
const wc: Filter = (args, input) => {
  if (!args.every((a) => /^-[lwc]+$/.test(a))) return undefined;
  const text = input.map((l) => `${l}\n`).join('');
  const counts = {
    l: input.length,
    w: input.flatMap((l) => l.split(/\s+/).filter(Boolean)).length,
    c: Buffer.byteLength(text),
  };
  const asked = args.length ? [...'lwc'].filter((k) => args.some((a) => a.includes(k))) : ['l', 'w', 'c'];
  const values = asked.map((k) => String(counts[k as keyof typeof counts]));
  return ok([values.length === 1 ? (values[0] ?? '') : values.map((v) => v.padStart(7)).join(' ')]);
};

const head: Filter = (args, input) => {
  const n = lineCount(args);
  return n === undefined ? undefined : ok(input.slice(0, n));
};

const tail: Filter = (args, input) => {
  const n = lineCount(args);
  return n === undefined ? undefined : ok(n === 0 ? [] : input.slice(-n));
};

/** `sort [-rnu]`: byte order, or numeric with -n; -u keeps the first of equal lines. */
const sort: Filter = (args, input) => {
  if (!args.every((a) => /^-[rnu]+$/.test(a))) return undefined;
  const flags = new Set(args.flatMap((a) => [...a.slice(1)]));
  const numeric = (l: string): number => Number.parseFloat(l) || 0;
  const compare = flags.has('n')
    ? (a: string, b: string) => numeric(a) - numeric(b) || compareCodeUnits(a, b)
    : compareCodeUnits;
  let lines = [...input].sort(compare);
  if (flags.has('r')) lines.reverse();
  if (flags.has('u')) lines = lines.filter((l, i) => i === 0 || compare(l, lines[i - 1] ?? '') !== 0);
  return ok(lines);
};

/** `uniq [-c]`: adjacent equal lines once (with their count, as uniq -c pads it). */
const uniq: Filter = (args, input) => {
  if (!args.every((a) => a === '-c')) return undefined;
  const runs: { line: string; count: number }[] = [];
  for (const line of input) {
    const last = runs.at(-1);
    if (last?.line === line) last.count++;
    else runs.push({ line, count: 1 });
  }
  return ok(runs.map((r) => (args.length ? `${String(r.count).padStart(7)} ${r.line}` : r.line)));
};

const cat: Filter = (args, input) => (args.length === 0 ? ok(input) : undefined);

const FILTERS: Record<string, Filter> = { grep, wc, head, tail, sort, uniq, cat };

/** The names a pipe may go into, for the interpreter's message. */
export const FILTER_NAMES = Object.keys(FILTERS).join(', ');

/** `argv` run on `input` as a filter of a pipe; undefined when it is not one the simulator knows. */
export function runFilter(argv: string[], input: string[]): Filtered | undefined {
  const [name = '', ...args] = argv;
  return Object.hasOwn(FILTERS, name) ? FILTERS[name]?.(args, input) : undefined;
}
