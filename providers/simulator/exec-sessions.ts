import { BackendError } from '../backend.js';
import type { SimContext } from './context.js';
import { groupNotFound, incorrectStatus, invalidParameter } from './errors.js';
import type { RequestGate } from './faults.js';
import { findContainer } from './model.js';
import { newContainerGroupId } from './random.js';

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
 * and hands back a token for a WebSocket URL. The streaming side is issue 12: the URL's path
 * answers 501 for now, naming the session.
 */
export class SimExecSessions {
  private readonly sessions = new Map<string, ExecSession>();

  constructor(
    private readonly ctx: SimContext,
    private readonly gate: RequestGate,
  ) {}

  open(query: ExecSessionQuery): Promise<ExecSession> {
    return this.gate.run('ExecContainerCommand', () => {
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
      if (query.Command.length === 0)
        throw invalidParameter('Command', 'is empty: give the command as a list, e.g. ["/bin/sh"].');
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

  private expire(): void {
    const now = this.ctx.now();
    for (const [token, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(token);
  }
}
