import { basename, type ProcessContext } from './interpreter.js';
import { fail, MAX_LINES, print, type State } from './shell-state.js';

/** The builtins that read or write the container's files, and `seq`. */

/** What a path is at `atMs` of the process's time. */
export function stat(path: string, ctx: ProcessContext, atMs = 0): 'file' | 'dir' | undefined {
  return ctx.stat ? ctx.stat(path, atMs) : ctx.readFile(path, atMs) === undefined ? undefined : 'file';
}

/** `ls`: one name per line, as ls writes to a pipe; flags are accepted and ignored. */
export function list(args: string[], st: State, ctx: ProcessContext): void {
  const paths = args.filter((a) => !a.startsWith('-'));
  const targets = paths.length ? paths : [ctx.workingDir || '/'];
  for (const path of targets) {
    const kind = stat(path, ctx, st.t);
    if (kind === undefined) fail(st, `ls: ${path}: No such file or directory`);
    else if (kind === 'file') print(st, path);
    else {
      if (targets.length > 1) print(st, `${path}:`);
      const names = ctx.listDir?.(path) ?? [];
      if (names.length) print(st, names.join('\n'));
    }
  }
}

/** `test`: the file and string checks scripts and `kubectl cp` (`test -d`) use. */
export function test(args: string[], ctx: ProcessContext, atMs = 0): boolean {
  const [a, b, c] = args;
  if (args.length === 1) return a !== '';
  if (a === '!') return !test(args.slice(1), ctx, atMs);
  if (args.length === 2) {
    if (a === '-z') return b === '';
    if (a === '-n') return b !== '';
    if (a === '-d') return stat(b, ctx, atMs) === 'dir';
    if (a === '-f') return stat(b, ctx, atMs) === 'file';
    if (a === '-e' || a === '-r' || a === '-s') return stat(b, ctx, atMs) !== undefined;
    return false;
  }
  if (b === '=' || b === '==') return a === c;
  if (b === '!=') return a !== c;
  const compare = NUMERIC_TESTS[b];
  return compare !== undefined && compare(Number.parseInt(a, 10), Number.parseInt(c, 10));
}

const NUMERIC_TESTS: Record<string, (x: number, y: number) => boolean> = {
  '-eq': (x, y) => x === y,
  '-ne': (x, y) => x !== y,
  '-lt': (x, y) => x < y,
  '-le': (x, y) => x <= y,
  '-gt': (x, y) => x > y,
  '-ge': (x, y) => x >= y,
};

/** `seq [FIRST [INC]] LAST`, integers. */
export function seq(args: string[], st: State): void {
  const n = args.map(Number);
  if (n.length === 0 || n.length > 3 || !n.every(Number.isInteger))
    return fail(st, `seq: invalid argument '${args.join(' ')}'`);
  const [first, inc, last] = n.length === 1 ? [1, 1, n[0]] : n.length === 2 ? [n[0], 1, n[1]] : n;
  if (inc === 0) return fail(st, 'seq: invalid Zero increment value');
  const out: number[] = [];
  for (let i = first; inc > 0 ? i <= last : i >= last; i += inc) if (out.push(i) >= MAX_LINES) break;
  if (out.length) print(st, out.join('\n'));
}

/** `cp SRC DEST`: a file the simulator knows is copied where files are kept; otherwise it succeeds unseen. */
export function copy(args: string[], st: State, ctx: ProcessContext): void {
  const [src, dest] = args.filter((a) => !a.startsWith('-'));
  const content = src === undefined ? undefined : ctx.readFile(src, st.t);
  if (content === undefined || dest === undefined) return;
  const target =
    dest.endsWith('/') || stat(dest, ctx, st.t) === 'dir'
      ? `${dest.replace(/\/$/, '')}/${basename(src)}`
      : dest;
  ctx.writeFile?.(target, content, false, st.t);
}
