import { FILTER_NAMES, runFilter, type Filtered } from './filters.js';
import { bare, parseScript, type List, type Node, type Word } from './shell.js';
import { uname } from './uname.js';
import { dateCommand } from './date-command.js';
import { expand, expandKubernetesRefs, fields } from './expansion.js';
import { copy, list, seq, test } from './file-builtins.js';
import { DURATION, durationMs, fail, MAX_LINES, print, type State } from './shell-state.js';
import { timeout } from './timeout-command.js';
import { getentHostsOutput, nslookupOutput, type LookupAnswer } from './name-lookup.js';
import { busyboxRedirect, bashRedirect, tcpPath } from './net-redirect.js';
import {
  judgeConnection,
  reachedTarget,
  reachOutcome,
  type ReachCommand,
  type ReachOutcome,
} from './reach-commands.js';

/**
 * How a simulated container behaves, decided from its own Command + Arg (no image is ever run).
 *
 * | Command + Arg                                   | behaviour                                                  |
 * |-------------------------------------------------|------------------------------------------------------------|
 * | none (the image's entrypoint)                   | long-running server; logs one "started" line               |
 * | `sh -c "<script>"` (also bash/ash, `-ec`, ...)  | the script below, run by the mini shell                    |
 * | `sh FILE` (a file the simulator knows)          | its content (mounted, or written by exec/cp) as a script; an image's own script file is unknown: as below |
 * | a script's own `sh -c "..."`                    | a child shell: the caller's clock and log, its own variables; its `exit N` is its status |
 * | `exit N`                                        | exits with N (default: the last status)                    |
 * | `sleep N` (`5`, `1.5`, `2m`, `1h`)              | waits N (scaled by `speed`); `sleep infinity` never exits  |
 * | `timeout [-s SIG] [-k D] D CMD...`              | CMD; one that would run past D (or never end) is stopped at D: 124, or 128 + SIG in BusyBox images (timeout-command.ts) |
 * | `echo [-n] ...`, `printf FMT ARGS`              | writes a log line; `$VAR`/`${VAR}` from EnvironmentVar     |
 * | `true`, `:` / `false`                           | status 0 / 1                                               |
 * | `cat <path>`                                    | content of a mounted ConfigFileVolume file (base64-decoded) or a file written in an emptyDir; missing from a ConfigFile mount: error, status 1; unknown elsewhere (the image's, an uninterpreted writer's): as below; no path: waits forever |
 * | `env`, `printenv [VAR]`, `hostname`, `pwd`      | the container's environment, HostName (or group name), WorkingDir |
 * | `uname [-snrvmoa]`                              | Linux; `-m`: aarch64 in an ARM64 group, else x86_64 (uname.ts) |
 * | `date [-u] [-I] [-R] [+FORMAT]`                 | the time it runs at, in UTC (date-command.ts)              |
 * | `mkdir [-p] DIR`, `touch FILE`, `cp SRC DEST`   | status 0; touch and cp (of a known file) write where files are kept |
 * | `rm [-rf] PATH`                                 | status 0; the file is gone for the container's later reads and probes |
 * | `mv`, `chmod`, `chown`, `ln`                    | status 0, nothing kept                                     |
 * | `nproc`, `id [-u\|-g]`, `whoami`              | the container's vCPUs; its RunAsUser and RunAsGroup (0 when unset) |
 * | `seq [FIRST [INC]] LAST`                        | the integers                                               |
 * | `if ...; then ...; elif ...; else ...; fi`      | as in sh                                                   |
 * | `$(cmd)`, `${VAR:-x}` (`-=+?`, `#`), `set -e`   | as in sh; unquoted expansions split into words             |
 * | `ls [PATH...]`, `test -d/-f/-e PATH` (`[ ]`)    | the container's files (mounted ConfigMap/Secret files, what exec wrote) |
 * | `test A -lt B` (`-eq -ne -le -gt -ge`, `=`, `!=`)| integer and string comparisons                              |
 * | `$((expr))`                                     | integer arithmetic on the shell's variables (arith.ts)     |
 * | `cmd >&2`                                       | the output goes to stderr (exec keeps the streams apart)   |
 * | `tail -f ...`                                   | waits forever                                              |
 * | `nslookup NAME`, `getent hosts NAME`            | what the cluster's DNS answers, over time (lookups.ts); not interpreted when the simulator has no DNS server to ask |
 * | `nc -z HOST PORT`, `wget URL`, `curl URL`, `pg_isready -h HOST` | a host the cluster's DNS does not have: the tool's error (`nc: bad address 'db'`, status 1; curl 6; pg_isready `no response`, 2); one it has: what kube-proxy makes of the port (refused, no answer, connected: reach-commands.ts), wget and curl that connect as below |
 * | `< /dev/tcp/HOST/PORT`, `> /dev/tcp/...`        | bash connects as the tools above do, or says why not; BusyBox's sh finds no such file (net-redirect.ts) |
 * | `a; b`, `a && b`, `a \|\| b`, newlines          | sequences with the usual status rules                      |
 * | `while true; do ...; done`                      | the body's lines repeat forever, once per body duration (≥ 1 s); passes that print differently (a counter) are written out one by one |
 * | `while COND; do ...; done`, `until COND`        | the condition runs before each pass (1,000 passes, then as `while true`) |
 * | `for x in a b; do ...; done`, `X=v`, `export`   | as in sh                                                   |
 * | `exec cmd`, `> /dev/null`, `2>&1`, `set`, `trap`| exec runs cmd; `> FILE`/`>> FILE` writes into an emptyDir volume (elsewhere dropped); others are no-ops |
 * | `cmd \| grep/wc/head/tail/sort/uniq/cat`        | cmd's output through the filters (filters.ts); exit status the last one's |
 * | anything else                                   | long-running server: logs a "started" line, never exits (an init container's completes: containers.ts) |
 *
 * Before any of this, the image is pulled: an image whose name contains `invalid`, `nonexistent` or
 * `does-not-exist` never pulls (ErrImagePull, then ImagePullBackOff; see containers.ts).
 * Kubernetes `$(VAR)` references in Command/Arg are expanded first, as the kubelet does.
 * The script ends with the status of its last command. Exec (`ExecContainerCommand`) uses the same
 * interpreter without waiting: sleeps take no time and an unknown command reports status 127.
 */

export interface ProcessContext {
  env: Record<string, string>;
  /** Content of a file in the container, or undefined; `atMs`: when, in the process's time. */
  readFile(path: string, atMs?: number): string | undefined;
  hostname: string;
  /** The hardware name `uname -m` prints: `aarch64` in an ARM64 group; `x86_64` when unset. */
  machine?: string;
  workingDir?: string;
  image: string;
  /** What a path is, for `ls` and `test`; without it only mounted files are known. */
  stat?(path: string, atMs?: number): 'file' | 'dir' | undefined;
  /** Names in a directory, sorted. */
  listDir?(path: string): string[] | undefined;
  /**
   * Writes (or appends to) a file where the container can; false where it cannot. `atMs`: when, in
   * the process's time (a container's script runs at once, its writes and removals fall due later).
   */
  writeFile?(path: string, data: string, append: boolean, atMs?: number): boolean;
  /** `rm -rf PATH`: the file, or the directory and what is under it, is gone. */
  removeFile?(path: string, atMs?: number): void;
  /** When the process started (ms since the epoch), for `date`; the epoch when unknown. */
  startedAt?: number;
  /**
   * Whether the simulator knows the path is not there (under a ConfigFile mount, whose files it all
   * knows; removed by the container; not made yet at `atMs`); false where the image or a process it
   * does not interpret may have put it. Unset: known.
   */
  absent?(path: string, atMs?: number): boolean;
  /** What `nproc` prints: the container's vCPUs (its own limit, else the group's), 1 when unknown. */
  cpus?: number;
  /** The user the process runs as (`RunAsUser`), 0 (root) when unset. */
  uid?: number;
  /** Its group (`SecurityContextRunAsGroup`), 0 when unset, as containerd gives a numeric user. */
  gid?: number;
  /**
   * What a lookup of the name answers at `atMs` (`nslookup`, `getent hosts`); unset or undefined:
   * the simulator cannot tell (no DNS server it can ask), and the command is not interpreted. A
   * connection key (`db:5432`, reach-commands.ts) is found while the host's port takes connections.
   */
  lookup?(name: string, atMs?: number): LookupAnswer | undefined;
}

export interface TimedLine {
  atMs: number;
  text: string;
  /** Written to stderr (`>&2`, error messages); stdout otherwise. */
  stderr?: true;
}

export interface ContainerRun {
  /** Lines with their time offset from the start (unscaled: the caller applies `speed`). */
  lines: TimedLine[];
  /** An endless loop's body lines, repeating from `startMs` every `periodMs`. */
  repeat?: { startMs: number; periodMs: number; lines: TimedLine[] };
  /** Undefined: runs until killed. */
  exit?: { code: number; atMs: number };
  /** The `exit` builtin ran (an interactive shell then leaves). */
  exitBuiltin?: true;
  /** A command the simulator does not interpret ran: what it would do is not known. */
  uninterpreted?: true;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);
/** `-c`, alone or among other flags (`-ec`): the next argument is the script. */
const SCRIPT_FLAG = /^-[a-z]*c[a-z]*$/;

/** A shell started with neither `-c SCRIPT` nor a script file: it reads its commands from stdin. */
export function isInteractiveShell(argv: readonly string[]): boolean {
  const [cmd = '', ...args] = argv;
  return SHELLS.has(basename(cmd)) && args.every((a) => a.startsWith('-') && !SCRIPT_FLAG.test(a));
}
/**
 * The script a shell command line runs: `sh -c SCRIPT` (`-ec` too), or `sh FILE` for a file the
 * simulator knows; undefined for anything else (an image's own script file is unknown).
 */
function shellScript(
  args: readonly string[],
  ctx: ProcessContext,
): { text: string; errexit: boolean; shell: string } | undefined {
  if (!SHELLS.has(basename(args[0] ?? ''))) return undefined;
  const flag = args.findIndex((a, i) => i > 0 && SCRIPT_FLAG.test(a));
  // `sh -ec`, `bash -e -c`: set -e from the start.
  const errexit = args.slice(1, flag > 0 ? flag + 1 : 1).some((a) => /^-[a-z]*e[a-z]*$/.test(a));
  const text = flag > 0 ? args[flag + 1] : args.length > 1 ? ctx.readFile(args[1] ?? '') : undefined;
  return text === undefined ? undefined : { text, errexit, shell: args[0] ?? '' };
}

/**
 * A script's own `sh -c SCRIPT` (`timeout 60 sh -c 'until nc -z db 5432; do sleep 1; done'`): a child
 * shell on the caller's clock and log, with its own variables and `set -e`. Its `exit N` ends only
 * itself (status N); one that never ends keeps the caller from going on.
 */
function runChildShell(
  script: { text: string; errexit: boolean; shell: string },
  st: State,
  ctx: ProcessContext,
  mode: 'container' | 'exec',
): void {
  const child = { ...st.subshell({ ...st.vars }), t: st.t, errexit: script.errexit, shell: script.shell };
  runList(parseScript(script.text), child, ctx, mode);
  // `sh -c '...' 2>/dev/null`: what the child shell wrote goes where its command's output goes.
  if (!st.discard) st.lines.push(...child.lines);
  const exited = child.exit !== undefined;
  Object.assign(st, {
    t: child.t,
    status: child.exit ?? child.status,
    ended: child.ended && !exited,
    repeat: child.repeat ?? st.repeat,
    uninterpreted: st.uninterpreted || child.uninterpreted,
  });
}

/** Passes of a `while COND` loop before it is taken for an endless one. */
const MAX_PASSES = 1000;
const SUPPORTED =
  'echo, printf, cat, env, printenv, hostname, uname, date, seq, nproc, id, whoami, pwd, ls, test, mkdir, touch, cp, sleep, timeout, true, false, exit; ' +
  "with the cluster DNS: nslookup, getent hosts, the host of nc -z, wget, curl, pg_isready and bash's /dev/tcp; " +
  `pipes into ${FILTER_NAMES}`;

export function interpret(
  argv: string[],
  ctx: ProcessContext,
  mode: 'container' | 'exec' = 'container',
  /** An interactive shell's variables, kept from one line to the next (mutated). */
  vars: Record<string, string> = { ...ctx.env },
): ContainerRun {
  const st = newState(vars, ctx, mode);
  const args = argv.map((a) => expandKubernetesRefs(a, ctx.env));
  if (args.length === 0) {
    print(st, `[simulator] started the entrypoint of image ${ctx.image} (a simulated long-running process)`);
    return { lines: st.lines, uninterpreted: true };
  }
  const script = shellScript(args, ctx);
  st.errexit = script?.errexit;
  st.shell = script?.shell;
  if (script !== undefined) runList(parseScript(script.text), st, ctx, mode);
  else runCommand(args, st, ctx, mode);
  if (!st.ended) st.exit = st.status;
  return {
    lines: st.lines,
    repeat: st.repeat,
    exit: st.exit === undefined ? undefined : { code: st.exit, atMs: st.t },
    ...(st.exitBuiltin && { exitBuiltin: true as const }),
    ...(st.uninterpreted && { uninterpreted: true as const }),
  };
}

function newState(vars: Record<string, string>, ctx: ProcessContext, mode: 'container' | 'exec'): State {
  return {
    t: 0,
    status: 0,
    lines: [],
    vars,
    discard: false,
    stderr: false,
    ended: false,
    run: (script, sub) => runList(parseScript(script), sub, ctx, mode),
    subshell: (inner) => newState(inner, ctx, mode),
  };
}

function runList(list: List, st: State, ctx: ProcessContext, mode: 'container' | 'exec'): void {
  list.forEach(({ node, connector }, i) => {
    if (st.ended) return;
    if ((connector === '&&' && st.status !== 0) || (connector === '||' && st.status === 0)) return;
    runNode(node, st, ctx, mode);
    const next = list[i + 1]?.connector ?? ';';
    if (st.errexit && !st.inCondition && !st.ended && st.status !== 0 && next === ';') {
      st.exit = st.status;
      st.ended = true;
    }
  });
}

/** A condition's list: `set -e` does not end the script on its failure. */
function runCondition(list: List, st: State, ctx: ProcessContext, mode: 'container' | 'exec'): void {
  const outer = st.inCondition;
  st.inCondition = true;
  runList(list, st, ctx, mode);
  st.inCondition = outer;
}

function runNode(node: Node, st: State, ctx: ProcessContext, mode: 'container' | 'exec'): void {
  if (node.kind === 'if') {
    for (const { condition, body } of node.branches) {
      runCondition(condition, st, ctx, mode);
      if (st.ended) return;
      if (st.status === 0) return runList(body, st, ctx, mode);
    }
    st.status = 0;
    return runList(node.otherwise, st, ctx, mode);
  }
  if (node.kind === 'for') {
    const items = node.items.flatMap((w) => fields(w, st));
    for (const item of items.slice(0, 1000)) {
      st.vars[node.variable] = item;
      runList(node.body, st, ctx, mode);
      if (st.ended) return;
    }
    return;
  }
  if (node.kind === 'while') {
    const cond = node.condition.length === 1 ? node.condition[0].node : undefined;
    const word = cond?.kind === 'command' && cond.words.length === 1 ? bare(cond.words[0]) : undefined;
    const always = word === 'true' || word === ':';
    if (word === 'false' || always) {
      // `while true` and `until false` loop for ever; `while false` and `until true` never run.
      return always === !node.until ? runForever(node.body, st, ctx, mode) : undefined;
    }
    return runWhile(node, st, ctx, mode);
  }
  if (node.netRedirect) return runRedirected(node, node.netRedirect, st, ctx, mode);
  if (node.outputFile && ctx.writeFile) return runInto(node, node.outputFile, st, ctx, mode);
  const argv = withInput(
    node.words.flatMap((w) => fields(w, st)),
    node.inputFile && expand(node.inputFile, st),
  );
  if (st.ended) return; // a `$(...)` in it ran something the simulator does not interpret
  if (node.pipeTo.length > 0) return runPipe(argv, node, st, ctx, mode);
  st.discard = node.discardOutput;
  st.stderr = node.toStderr;
  runCommand(argv, st, ctx, mode);
  st.discard = false;
  st.stderr = false;
}

/**
 * `cmd < /dev/tcp/HOST/PORT`, `cmd > /dev/tcp/...`: bash connects first (cmd runs once it has, its
 * output into the connection), BusyBox's sh finds no such file; other shells are not judged.
 */
function runRedirected(
  node: Extract<Node, { kind: 'command' }>,
  redirect: NonNullable<Extract<Node, { kind: 'command' }>['netRedirect']>,
  st: State,
  ctx: ProcessContext,
  mode: 'container' | 'exec',
): void {
  const path = expand(redirect.path, st) ?? '';
  // The shell reports a redirection it cannot make on stderr as it is then: `2>/dev/null` first hides it.
  const failWith = (outcome: ReachOutcome): void =>
    report(redirect.quiet ? { ...outcome, lines: [] } : outcome, st, mode);
  const shell = st.shell ?? '';
  const name = basename(shell);
  const target = tcpPath(path);
  if ((name === 'sh' || name === 'ash') && isBusyBox(ctx.image))
    return failWith(busyboxRedirect(shell, path, redirect.output));
  const judged =
    name === 'bash' && target !== undefined ? judgeConnection(target, ctx.lookup, st.t) : undefined;
  if (target === undefined || judged === undefined) {
    const argv = node.words.flatMap((w) => fields(w, st));
    return unknown([...argv, redirect.output ? '>' : '<', path], st, ctx, mode);
  }
  const failed = bashRedirect(shell, path, redirect.line, judged.host, judged.failure);
  if (failed !== undefined) return failWith(failed);
  const discardOutput = node.discardOutput || redirect.output;
  runNode({ ...node, netRedirect: undefined, discardOutput }, st, ctx, mode);
}

/**
 * `cat < FILE`: cat reads the file instead of a stdin that never ends (`cat < /dev/null`, empty:
 * `true`, as `cat < /dev/null > /dev/tcp/db/5432` is written to test a port). Other commands read
 * no stdin the simulator knows of.
 */
function withInput(argv: string[], input: string | undefined): string[] {
  if (input === undefined || argv.length !== 1 || basename(argv[0] ?? '') !== 'cat') return argv;
  return input === '/dev/null' ? ['true'] : [...argv, input];
}

/** A judged reach command or redirection: it waits (a container's clock only), prints, and sets the status. */
function report(outcome: ReachOutcome, st: State, mode: 'container' | 'exec'): void {
  if (mode === 'container') st.t += outcome.waitsMs ?? 0;
  outcome.lines.forEach((line) => print(st, line.text, line.stderr || undefined));
  st.status = outcome.status;
}

/**
 * `cmd > FILE`, `cmd >> FILE`: its output (errors still go to the log) written where the container
 * can write (an emptyDir volume, the container's own files), at the time the command runs.
 */
function runInto(
  node: Extract<Node, { kind: 'command' }>,
  into: { path: Word; append: boolean },
  st: State,
  ctx: ProcessContext,
  mode: 'container' | 'exec',
): void {
  const start = st.lines.length;
  runNode({ ...node, discardOutput: false, toStderr: false, outputFile: undefined }, st, ctx, mode);
  const produced = st.lines.splice(start);
  st.lines.push(...produced.filter((l) => l.stderr));
  const path = expand(into.path, st);
  const text = produced
    .filter((l) => !l.stderr)
    .map((l) => `${l.text}\n`)
    .join('');
  if (path !== undefined) ctx.writeFile?.(path, text, into.append, st.t);
}

/**
 * `cmd | filter | ...`: cmd's output lines go through the filters (filters.ts), its errors straight
 * out; the status is the last filter's. A filter the simulator does not know makes the whole pipe
 * "not interpreted", as before pipes were read; so does an unknown first command, and one that
 * does not end (`tail -f`) leaves the pipe running.
 */
function runPipe(
  argv: string[],
  node: Extract<Node, { kind: 'command' }>,
  st: State,
  ctx: ProcessContext,
  mode: 'container' | 'exec',
): void {
  const stages = node.pipeTo.map((words) => words.flatMap((w) => fields(w, st)));
  const unknownFilter = stages.find((stage) => runFilter(stage, []) === undefined);
  if (unknownFilter !== undefined)
    return unknown(unknownFilter.length ? unknownFilter : ['|'], st, ctx, mode);
  const start = st.lines.length;
  const wasUninterpreted = st.uninterpreted;
  runCommand(argv, st, ctx, mode);
  // The first command is unknown (its message is out already) or never ends: the pipe is too.
  if (st.ended || st.uninterpreted !== wasUninterpreted) return;
  const produced = st.lines.splice(start);
  st.lines.push(...produced.filter((l) => l.stderr));
  const piped = runFilters(
    stages,
    produced.filter((l) => !l.stderr).map((l) => l.text),
  );
  st.discard = node.discardOutput;
  st.stderr = node.toStderr;
  for (const line of piped?.lines ?? []) print(st, line);
  st.discard = false;
  st.stderr = false;
  st.status = piped?.status ?? 0;
}

/** The input through each filter in turn; undefined when one is not a filter the simulator knows. */
function runFilters(stages: string[][], input: string[]): Filtered | undefined {
  let out: Filtered = { lines: input, status: 0 };
  for (const stage of stages) {
    const next = runFilter(stage, out.lines);
    if (next === undefined) return undefined;
    out = next;
  }
  return out;
}

/**
 * `while COND` / `until COND`: the condition runs before each pass, as in sh. A loop still going
 * after MAX_PASSES passes is taken for an endless one (runForever).
 */
function runWhile(
  node: Extract<Node, { kind: 'while' }>,
  st: State,
  ctx: ProcessContext,
  mode: 'container' | 'exec',
): void {
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    runCondition(node.condition, st, ctx, mode);
    if (st.ended) return;
    if ((st.status === 0) === Boolean(node.until)) {
      st.status = 0;
      return;
    }
    runList(node.body, st, ctx, mode);
    if (st.ended) return;
  }
  runForever(node.body, st, ctx, mode);
}

/**
 * An endless loop: each pass's lines are written out while they differ from the next pass's (a
 * counter, `i=$((i+1))`), up to MAX_LINES; then that pass repeats for ever, once per body duration
 * (at least 1 s), generated on demand (logs.ts). A body that prints the same each time is that
 * repeat from its first pass.
 */
function runForever(body: List, st: State, ctx: ProcessContext, mode: 'container' | 'exec'): void {
  const runPass = (): State => {
    const pass: State = { ...st, t: 0, lines: [], vars: st.vars };
    runList(body, pass, ctx, mode);
    return pass;
  };
  const text = (pass: State): string => pass.lines.map((l) => l.text).join('\n');
  let pending = runPass();
  for (;;) {
    if (pending.ended || mode === 'exec') {
      st.lines.push(...pending.lines.map((l) => ({ atMs: st.t + l.atMs, text: l.text })));
      const p = pending;
      const repeat = p.repeat && { ...p.repeat, startMs: st.t + p.repeat.startMs };
      Object.assign(st, { t: st.t + p.t, status: p.status, ended: p.ended, exit: p.exit, repeat });
      return;
    }
    const periodMs = Math.max(pending.t, 1000);
    const next = runPass();
    if (!next.ended && (text(next) === text(pending) || st.lines.length + pending.lines.length > MAX_LINES)) {
      st.repeat = { startMs: st.t, periodMs, lines: pending.lines };
      st.ended = true;
      return;
    }
    st.lines.push(...pending.lines.map((l) => ({ ...l, atMs: st.t + l.atMs })));
    st.t += periodMs;
    pending = next;
  }
}

function runCommand(argv: string[], st: State, ctx: ProcessContext, mode: 'container' | 'exec'): void {
  while (argv.length > 0 && /^[A-Za-z_]\w*=/.test(argv[0])) assign(argv.shift() as string, st);
  if (argv.length === 0) return;
  const [cmd, ...rest] = argv;
  const last = st.status;
  st.status = 0;
  const name = basename(cmd);
  if (SHELLS.has(name)) {
    const script = shellScript(argv, ctx);
    return script === undefined ? unknown(argv, st, ctx, mode) : runChildShell(script, st, ctx, mode);
  }
  switch (name) {
    case 'exit':
      st.exit = rest[0] !== undefined && Number.isInteger(Number(rest[0])) ? Number(rest[0]) & 255 : last;
      st.ended = true;
      st.exitBuiltin = true;
      return;
    case 'sleep':
      if (rest[0] === 'infinity') return void (st.ended = true);
      if (!rest.every((a) => DURATION.test(a)))
        return fail(st, `sleep: invalid time interval '${rest.join(' ')}'`);
      if (mode === 'container') st.t += rest.reduce((ms, a) => ms + durationMs(a), 0);
      return;
    case 'echo': {
      const noNewline = rest[0] === '-n';
      return print(st, (noNewline || rest[0] === '-e' ? rest.slice(1) : rest).join(' '));
    }
    case 'printf':
      return print(st, printf(rest[0] ?? '', rest.slice(1)));
    case 'set':
      if (rest.includes('-e') || /^-\w*e/.test(rest[0] ?? '') || rest.join(' ').includes('-o errexit'))
        st.errexit = true;
      if (rest.includes('+e')) st.errexit = false;
      return;
    case 'seq':
      return seq(rest, st);
    case 'cp':
      return copy(rest, st, ctx);
    case 'rm':
      for (const path of rest.filter((a) => !a.startsWith('-'))) ctx.removeFile?.(path, st.t);
      return;
    case 'mv':
    case 'chmod':
    case 'chown':
    case 'ln':
      // What they change, the simulator does not keep: they succeed.
      return;
    case 'true':
    case ':':
    case 'trap':
    case 'cd':
    case 'umask':
    case 'wait':
      return;
    case 'export':
      return void rest.filter((a) => a.includes('=')).forEach((a) => assign(a, st));
    case 'false':
      return void (st.status = 1);
    case 'cat':
      if (rest.length === 0) return void (st.ended = true);
      for (const path of rest) {
        const content = ctx.readFile(path, st.t);
        // A file the image or an uninterpreted process may hold: what the container does is unknown.
        if (content === undefined && mode === 'container' && ctx.absent?.(path, st.t) === false)
          return unknown(argv, st, ctx, mode);
        if (content === undefined) fail(st, `cat: ${path}: No such file or directory`);
        else print(st, content.replace(/\n$/, ''));
      }
      return;
    case 'env':
    case 'printenv':
      if (rest[0] === undefined)
        return print(
          st,
          Object.entries(st.vars)
            .map(([k, v]) => `${k}=${v}`)
            .join('\n'),
        );
      return st.vars[rest[0]] === undefined ? void (st.status = 1) : print(st, st.vars[rest[0]]);
    case 'hostname':
      return print(st, ctx.hostname);
    case 'date': {
      const out = dateCommand(rest, (ctx.startedAt ?? 0) + st.t);
      return 'error' in out ? fail(st, out.error) : print(st, out.text);
    }
    case 'nproc':
      return print(st, String(ctx.cpus ?? 1));
    case 'id': {
      const [uid, gid] = [ctx.uid ?? 0, ctx.gid ?? 0];
      if (rest.includes('-u')) return print(st, String(uid));
      if (rest.includes('-g')) return print(st, String(gid));
      return print(st, `uid=${uid} gid=${gid} groups=${gid}`);
    }
    case 'whoami':
      return (ctx.uid ?? 0) === 0 ? print(st, 'root') : fail(st, `whoami: unknown uid ${ctx.uid}`);
    case 'mkdir':
      // Directories are known from the files under them: there is nothing to record.
      return;
    case 'touch':
      for (const path of rest.filter((a) => !a.startsWith('-'))) ctx.writeFile?.(path, '', true, st.t);
      return;
    case 'uname': {
      const out = uname(rest, ctx.hostname, ctx.machine ?? 'x86_64');
      return 'error' in out ? fail(st, out.error) : print(st, out.text);
    }
    case 'ls':
      return list(rest, st, ctx);
    case 'test':
      return void (st.status = test(rest, ctx, st.t) ? 0 : 1);
    case '[':
      return void (st.status =
        rest.at(-1) === ']' && test(rest.slice(0, -1), ctx, st.t) ? 0 : rest.at(-1) === ']' ? 1 : 2);
    case 'pwd':
      return print(st, ctx.workingDir || '/');
    case 'tail':
      if (rest.includes('-f') || rest.includes('-F')) return void (st.ended = true);
      return unknown(argv, st, ctx, mode);
    case 'exec':
      return runCommand(rest, st, ctx, mode);
    case 'timeout':
      return timeout(rest, st, (command) => runCommand(command, st, ctx, mode), isBusyBox(ctx.image));
    case 'nslookup':
    case 'getent':
      return lookup(argv, st, ctx, mode);
    case 'nc':
    case 'wget':
    case 'curl':
    case 'pg_isready':
      return reach(name, rest, argv, st, ctx, mode);
    default:
      return unknown(argv, st, ctx, mode);
  }
}

/** `nslookup NAME [SERVER]`, `getent hosts NAME`: answered when the simulator can ask a DNS server. */
function lookup(argv: string[], st: State, ctx: ProcessContext, mode: 'container' | 'exec'): void {
  const [cmd, ...rest] = argv;
  const getent = basename(cmd) === 'getent';
  const names = rest.filter((a) => !a.startsWith('-'));
  const name = getent ? (names[0] === 'hosts' ? names[1] : undefined) : names[0];
  const answer = name === undefined ? undefined : ctx.lookup?.(name, st.t);
  if (name === undefined || answer === undefined) return unknown(argv, st, ctx, mode);
  const out = getent ? getentHostsOutput(answer) : nslookupOutput(name, answer);
  out.lines.forEach((line) => print(st, line));
  st.status = out.status;
}

/** `nc -z HOST PORT`, `pg_isready -h HOST`, `wget URL`, `curl URL`: judged by whether the host resolves and its port connects (reach-commands.ts). */
function reach(
  cmd: ReachCommand,
  args: string[],
  argv: string[],
  st: State,
  ctx: ProcessContext,
  mode: 'container' | 'exec',
): void {
  const target = reachedTarget(cmd, args);
  const judged = target === undefined ? undefined : judgeConnection(target, ctx.lookup, st.t);
  const outcome = target && judged && reachOutcome(cmd, args, target.host, judged.host, judged.failure);
  if (outcome === undefined) return unknown(argv, st, ctx, mode);
  report(outcome, st, mode);
}

function unknown(argv: string[], st: State, ctx: ProcessContext, mode: 'container' | 'exec'): void {
  st.uninterpreted = true;
  if (mode === 'exec') {
    print(st, `sh: ${argv[0]}: not interpreted by the ECI simulator (it runs: ${SUPPORTED})`, true);
    st.status = 127;
    return;
  }
  print(
    st,
    `[simulator] started "${argv.join(' ')}" from image ${ctx.image} (a simulated long-running process)`,
  );
  st.ended = true;
}

function assign(pair: string, st: State): void {
  const i = pair.indexOf('=');
  st.vars[pair.slice(0, i)] = pair.slice(i + 1);
}

function printf(format: string, args: string[]): string {
  let i = 0;
  const text = format
    .replace(/%[sd]/g, () => args[i++] ?? '')
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t');
  return text.replace(/\n$/, '');
}

/** An image whose userland is BusyBox's (busybox, Alpine). */
function isBusyBox(image: string): boolean {
  return /(^|\/)(busybox|alpine)(:|@|$)/.test(image);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
