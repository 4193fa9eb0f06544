import type { ExecChannel, ExecSink } from '../backend.js';
import {
  basename,
  interpret,
  isInteractiveShell,
  type ProcessContext,
  type TimedLine,
} from './interpreter.js';
import { LineDiscipline } from './line-discipline.js';
import { namesLookedUp } from './name-lookup.js';
import { FS_CAPACITY_BYTES, normalizePath, type SimFs } from './sim-fs.js';
import { tarCreate, tarExtract, tarCommand } from './tar-command.js';

/** What an interactive exec runs against: the container's environment and files. */
export interface ExecProcessEnv {
  ctx: ProcessContext;
  fs: SimFs;
  nowMs: () => number;
  /** Asks the names a command line looks up (lookupsNow), before it runs. */
  lookups?: (names: string[]) => Promise<Pick<ProcessContext, 'lookup'>>;
}

export interface ExecProcessQuery {
  Command: string[];
  TTY: boolean;
  Stdin: boolean;
}

/**
 * Runs one interactive exec in a simulated container, as ECI's exec would:
 * - `sh` (any shell) without `-c` or a script file: an interactive shell, each line run by the
 *   interpreter, with a `/ # ` prompt and a terminal's echo and line editing when TTY is set; EOF
 *   (Ctrl-D) or `exit N` leaves;
 * - `cat` without a file: stdin back on stdout until EOF;
 * - `tar cf - PATH` / `tar xf - -C DIR`: the archives `kubectl cp` sends and reads;
 * - anything else: the interpreter runs it once (`sh -c ...`, `ls`, `env`, `exit 3`, ...).
 * Output with TTY goes to stdout with CRLF line ends, as a pseudo-terminal writes it; a resize sets
 * the shell's COLUMNS and LINES.
 */
export function startExecProcess(query: ExecProcessQuery, env: ExecProcessEnv, sink: ExecSink): ExecChannel {
  const [cmd = '', ...args] = query.Command;
  const name = basename(cmd);
  let ended = false;
  const out = (lines: TimedLine[]): void => {
    for (const l of lines) {
      const text = Buffer.from(`${l.text}${query.TTY ? '\r\n' : '\n'}`);
      if (l.stderr && !query.TTY) sink.stderr(text);
      else sink.stdout(text);
    }
  };
  const exit = (code: number): void => {
    if (ended) return;
    ended = true;
    sink.exit({ code });
  };

  const tar = name === 'tar' ? tarCommand(args) : undefined;
  if (tar?.mode === 'create') {
    const { archive, errors, code } = tarCreate(env.fs, tar, env.ctx.workingDir ?? '/', env.nowMs());
    queueMicrotask(() => {
      sink.stdout(archive);
      for (const e of errors) sink.stderr(Buffer.from(`${e}\n`));
      exit(code);
    });
    return idleChannel(() => (ended = true));
  }

  const received: Buffer[] = [];
  let onLine: (line: string) => void = () => undefined;
  let onEof: () => void = () => exit(0);
  let onInterrupt: () => void = () => exit(130);
  let raw: ((data: Buffer) => void) | undefined;
  let onResize: (size: { Width: number; Height: number }) => void = () => undefined;

  if (tar?.mode === 'extract') {
    let size = 0;
    raw = (data) => {
      size += data.length;
      // Past the container's disk, the archive is not kept: tar fails at its end, as on a full disk.
      if (size <= FS_CAPACITY_BYTES) received.push(data);
    };
    onEof = () => {
      if (size > FS_CAPACITY_BYTES) {
        sink.stderr(Buffer.from('tar: write error: No space left on device\n'));
        return exit(2);
      }
      const { errors, code } = tarExtract(env.fs, tar, Buffer.concat(received), env.ctx.workingDir ?? '/');
      for (const e of errors) sink.stderr(Buffer.from(`${e}\n`));
      exit(code);
    };
  } else if (name === 'cat' && args.length === 0) {
    if (query.TTY) onLine = (line) => sink.stdout(Buffer.from(`${line}\r\n`));
    else raw = (data) => sink.stdout(data);
  } else if (isInteractiveShell(query.Command)) {
    const shell = new InteractiveShell(
      env.ctx,
      query.TTY,
      out,
      exit,
      (text) => sink.stdout(Buffer.from(text)),
      env.lookups,
    );
    onLine = (line) => shell.line(line);
    onEof = () => shell.eof();
    onInterrupt = () => shell.interrupt();
    onResize = (size) => shell.resize(size.Width, size.Height);
    shell.prompt();
  } else {
    void (async () => {
      const lookups = await env.lookups?.(namesLookedUp(query.Command.join(' ')));
      const run = interpret(query.Command, { ...env.ctx, ...lookups }, 'exec');
      out([...run.lines, ...(run.repeat?.lines ?? [])]);
      exit(run.exit?.code ?? 0);
    })();
    return idleChannel(() => (ended = true));
  }

  const tty = query.TTY
    ? new LineDiscipline({
        echo: (text) => sink.stdout(Buffer.from(text)),
        line: (l) => onLine(l),
        eof: () => onEof(),
        interrupt: () => onInterrupt(),
      })
    : undefined;
  let pending = '';
  return {
    stdin: (data) => {
      if (ended) return;
      if (tty) return tty.input(data);
      if (raw) return raw(data);
      pending += data.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) if (!ended) onLine(l);
    },
    endStdin: () => {
      if (ended) return;
      if (pending !== '') onLine(pending);
      pending = '';
      if (!ended) onEof();
    },
    resize: (size) => onResize(size),
    close: () => {
      ended = true;
    },
  };
}

function idleChannel(close: () => void): ExecChannel {
  return { stdin: () => undefined, endStdin: () => undefined, resize: () => undefined, close };
}

/** `sh` read line by line: variables and the working directory persist between lines. */
class InteractiveShell {
  private readonly vars: Record<string, string>;
  private status = 0;
  private cwd: string;
  /** Lines waiting for a line's name lookups: they run in order once it has. */
  private queue?: Promise<void>;

  constructor(
    private readonly ctx: ProcessContext,
    private readonly tty: boolean,
    private readonly out: (lines: TimedLine[]) => void,
    private readonly exit: (code: number) => void,
    private readonly write: (text: string) => void,
    private readonly lookups?: ExecProcessEnv['lookups'],
  ) {
    this.vars = { ...ctx.env };
    this.cwd = ctx.workingDir || '/';
  }

  prompt(): void {
    if (this.tty) this.write(`${this.cwd} # `);
  }

  line(text: string): void {
    const names = this.lookups ? namesLookedUp(text) : [];
    if (this.queue === undefined && names.length === 0) return this.runLine(text);
    this.enqueue(async () => this.runLine(text, names.length > 0 ? await this.lookups?.(names) : undefined));
  }

  private enqueue(step: () => void | Promise<void>): void {
    const next = (this.queue ?? Promise.resolve()).then(step);
    this.queue = next;
    void next.finally(() => {
      if (this.queue === next) this.queue = undefined;
    });
  }

  private runLine(text: string, lookups?: Pick<ProcessContext, 'lookup'>): void {
    const cd = /^\s*cd(?:\s+(\S+))?\s*$/.exec(text);
    if (cd) {
      const target = normalizePath(cd[1] ?? this.vars.HOME ?? '/', this.cwd);
      if (this.ctx.stat?.(target) === 'dir') {
        this.cwd = target;
        this.status = 0;
      } else {
        this.out([
          { atMs: 0, text: `sh: cd: can't cd to ${cd[1]}: No such file or directory`, stderr: true },
        ]);
        this.status = 2;
      }
      return this.prompt();
    }
    if (text.trim() !== '') {
      const run = interpret(
        ['sh', '-c', text],
        { ...this.ctx, ...lookups, workingDir: this.cwd },
        'exec',
        this.vars,
      );
      this.out(run.lines);
      this.status = run.exit?.code ?? 0;
      if (run.exitBuiltin) return this.exit(this.status);
    }
    this.prompt();
  }

  /** The terminal's size, as bash's checkwinsize keeps it: `echo $COLUMNS $LINES` shows it. */
  resize(width: number, height: number): void {
    this.vars.COLUMNS = String(width);
    this.vars.LINES = String(height);
  }

  eof(): void {
    const leave = (): void => {
      if (this.tty) this.write('exit\r\n');
      this.exit(this.status);
    };
    if (this.queue === undefined) leave();
    else this.enqueue(leave);
  }

  interrupt(): void {
    this.status = 130;
    this.prompt();
  }
}
