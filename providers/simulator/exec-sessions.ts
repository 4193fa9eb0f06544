import { BackendError, type ExecChannel, type ExecSink } from '../backend.js';
import type { SimContext } from './context.js';
import { checkExecCommand, groupNotFound, incorrectStatus } from './errors.js';
import type { ProcessContext } from './interpreter.js';
import { lookupsNow } from './lookups.js';
import { startExecProcess } from './exec-run.js';
import type { RequestGate } from './faults.js';
import { findContainer, type SimContainer, type SimGroup } from './model.js';
import { containerFs, processContext, writeFile } from './process.js';
import { newContainerGroupId } from './random.js';
import { filesChanged } from './process-run.js';

/** What an interactive ExecContainerCommand (Sync false) asks for. */
export interface ExecSessionQuery {
  ContainerGroupId: string;
  ContainerName: string;
  Command: string[];
  TTY: boolean;
  Stdin: boolean;
}

export interface ExecSession extends ExecSessionQuery {
  token: string;
  /** Clock ms after which the URL no longer opens the session. */
  expiresAt: number;
}

/** The reference: the returned URL enters the container within 30 seconds of the call. */
const SESSION_MS = 30_000;

/**
 * Interactive exec sessions: ExecContainerCommand without Sync checks the container as ECI does
 * and hands back a token for a WebSocket URL (served by openapi/exec-route.ts); the in-process
 * backend starts the same process directly. Each container keeps the files exec wrote.
 */
export class SimExecSessions {
  private readonly sessions = new Map<string, ExecSession>();

  constructor(
    private readonly ctx: SimContext,
    private readonly gate: RequestGate,
  ) {}

  open(query: ExecSessionQuery): Promise<ExecSession> {
    return this.gate.run('ExecContainerCommand', () => {
      this.check(query);
      this.expire();
      const session = {
        ...query,
        token: newContainerGroupId().slice(4),
        expiresAt: this.ctx.now() + SESSION_MS,
      };
      this.sessions.set(session.token, session);
      return { ...session };
    });
  }

  /** The session a URL names, while it is valid. */
  get(token: string): ExecSession | undefined {
    this.expire();
    const s = this.sessions.get(token);
    return s && { ...s };
  }

  /** Runs the session a URL names; the URL is then spent (one connection per call, as on ECI). */
  attach(token: string, sink: ExecSink): ExecChannel {
    const session = this.get(token);
    if (!session) throw new BackendError('NotFound', 'InvalidParameter.NotFound', 'no such exec session');
    this.sessions.delete(token);
    return this.start(session, sink);
  }

  /** The in-process backend's interactive exec: the checks of `open`, then the process at once. */
  run(query: ExecSessionQuery, sink: ExecSink): Promise<ExecChannel> {
    return this.gate.run('ExecContainerCommand', () => this.start(query, sink));
  }

  private start(query: ExecSessionQuery, sink: ExecSink): ExecChannel {
    const { g, c } = this.check(query);
    const fs = containerFs(g, c);
    const lookups = (names: string[]) => lookupsNow(this.ctx, g, names);
    return startExecProcess(
      query,
      { ctx: this.processIn(g, c), fs, nowMs: () => this.ctx.now(), lookups },
      sink,
    );
  }

  /**
   * What a process exec starts in the container sees: its environment and the container's files,
   * the mounted ones and those earlier exec sessions wrote. A Sync exec sees the same files.
   */
  processIn(g: SimGroup, c: SimContainer): ProcessContext {
    const fs = containerFs(g, c);
    return {
      ...processContext(g, c),
      startedAt: this.ctx.now(),
      stat: (path: string) => fs.stat(path)?.type,
      listDir: (path: string) => fs.list(path),
      // What exec changes, the container's probes see (`rm /tmp/healthy` fails a liveness probe).
      writeFile: (path: string, data: string, append: boolean) => {
        const written = writeFile(fs, path, data, append);
        filesChanged(this.ctx, g);
        return written;
      },
      removeFile: (path: string) => {
        fs.remove(path);
        filesChanged(this.ctx, g);
      },
    };
  }

  private check(query: ExecSessionQuery): { g: SimGroup; c: SimContainer } {
    const g = this.ctx.store.get(query.ContainerGroupId);
    if (!g) throw groupNotFound(query.ContainerGroupId);
    const c = findContainer(g, query.ContainerName);
    if (!c) {
      throw new BackendError(
        'NotFound',
        'InvalidParameter.NotFound',
        `ContainerName: "${query.ContainerName}" is not a container of container group ${g.id}.`,
      );
    }
    if (c.state.State !== 'Running') throw incorrectStatus(`${g.id}/${c.name}`, c.state.State, 'Running');
    checkExecCommand(query.Command);
    return { g, c };
  }

  private expire(): void {
    const now = this.ctx.now();
    for (const [token, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(token);
  }
}
