import type { Request, RequestHandler, Response } from 'express';
import type { Backend, ExecChannel, ExecExit } from '../../providers/backend.js';
import { exitStatus } from '../../providers/eci-api/index.js';
import { errorMessage, logger } from '../log.js';
import { commandRefusal, execTarget } from './exec-route.js';
import { SpdyConnection, type SpdyStream } from './spdy/connection.js';
import { sessionLimitReached, type StreamSession, type StreamSessions } from './stream-sessions.js';
import type { PodDirectory } from './types.js';
import { closeOnShutdown, negotiate, requireUpgrade } from './handshake.js';
import { switchProtocols } from './upgrade.js';

/** What the kubelet accepts, newest first (k8s.io/apimachinery/pkg/util/remotecommand). */
export const REMOTE_COMMAND_PROTOCOLS = [
  'v4.channel.k8s.io',
  'v3.channel.k8s.io',
  'v2.channel.k8s.io',
  'channel.k8s.io',
];
/** The kubelet's streamCreationTimeout. */
const STREAM_CREATION_TIMEOUT_MS = 30_000;

export const ATTACH_UNSUPPORTED =
  "kubectl attach is not supported on this virtual node: ECI does not expose a running container's " +
  'stdin, stdout or terminal. Read its output with "kubectl logs -f <pod>", or start a new process in it ' +
  'with "kubectl exec -it <pod> -- sh".';

export interface StreamDeps {
  backend: Backend;
  pods: PodDirectory;
  sessions: StreamSessions;
  /** The server is closing: open streaming connections end (upgraded sockets are no longer its own). */
  shutdown: AbortSignal;
}

function flag(req: Request, name: string): boolean {
  const v = new URL(req.originalUrl, 'https://kubelet.invalid').searchParams.get(name);
  return v === '1' || v === 'true';
}

interface Wanted {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

function wanted(req: Request): Wanted {
  const tty = flag(req, 'tty');
  // The kubelet drops stderr under a TTY: a terminal has one output.
  return {
    stdin: flag(req, 'input') || flag(req, 'stdin'),
    stdout: flag(req, 'output') || flag(req, 'stdout'),
    stderr: !tty && (flag(req, 'error') || flag(req, 'stderr')),
    tty,
  };
}

/** The client's streams, by the `streamType` header, once all it announced have arrived. */
class RemoteStreams {
  readonly byType = new Map<string, SpdyStream>();

  constructor(
    readonly conn: SpdyConnection,
    readonly protocol: string,
  ) {}

  /** The exit or failure, as this protocol version carries it, then the connection ends. */
  finish(exit: ExecExit): void {
    const error = this.byType.get('error');
    const status = exitStatus(exit);
    if (error && this.protocol === 'v4.channel.k8s.io') error.write(Buffer.from(JSON.stringify(status)));
    else if (error && status.status === 'Failure') error.write(Buffer.from(status.message ?? ''));
    this.conn.close();
  }
}

function expectedStreams(w: Wanted, protocol: string): number {
  const resize = w.tty && (protocol === 'v4.channel.k8s.io' || protocol === 'v3.channel.k8s.io');
  return 1 + Number(w.stdin) + Number(w.stdout) + Number(w.stderr) + Number(resize);
}

/** Upgrades to SPDY and waits for the client's streams (or gives up after 30 s, as the kubelet). */
function acceptStreams(
  req: Request,
  res: Response,
  protocol: string,
  w: Wanted,
  shutdown: AbortSignal,
): Promise<RemoteStreams | undefined> {
  const socket = switchProtocols(req, res, {
    Connection: 'Upgrade',
    Upgrade: 'SPDY/3.1',
    'X-Stream-Protocol-Version': protocol,
  });
  return new Promise((resolve) => {
    const want = expectedStreams(w, protocol);
    let streams: RemoteStreams | undefined = undefined;
    const timer = setTimeout(() => {
      logger.warn('kubelet API: the client did not open its streams in time', { path: req.path });
      conn.close();
      resolve(undefined);
    }, STREAM_CREATION_TIMEOUT_MS);
    const conn = new SpdyConnection(socket, (stream) => {
      const type = stream.headers.get('streamtype') ?? '';
      if (!streams) return;
      streams.byType.set(type, stream);
      if (streams.byType.size === want) {
        clearTimeout(timer);
        resolve(streams);
      }
    });
    streams = new RemoteStreams(conn, protocol);
    closeOnShutdown(conn, shutdown);
    conn.onClose(() => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
}

function command(req: Request): string[] {
  return new URL(req.originalUrl, 'https://kubelet.invalid').searchParams.getAll('command');
}

/** Wires the client's streams to a backend session; resolves when the connection is gone. */
function bridge(streams: RemoteStreams, channel: ExecChannel, session: StreamSession): void {
  const { byType } = streams;
  const stdin = byType.get('stdin');
  stdin?.onData((data) => {
    session.touch();
    channel.stdin(data);
  });
  stdin?.onEnd(() => channel.endStdin());
  let pending = '';
  byType.get('resize')?.onData((data) => {
    session.touch();
    // A stream of JSON objects, one per resize: {"Width":80,"Height":24}.
    pending += data.toString('utf8');
    for (const m of pending.matchAll(/\{[^{}]*\}/g)) {
      try {
        const size = JSON.parse(m[0]) as { Width?: number; Height?: number };
        if (typeof size.Width === 'number' && typeof size.Height === 'number')
          channel.resize({ Width: size.Width, Height: size.Height });
      } catch {
        // Not a size: ignored, as the kubelet's decoder would stop on it.
      }
    }
    pending = pending.slice(pending.lastIndexOf('}') + 1);
  });
  streams.conn.onClose(() => channel.close());
}

/**
 * /exec/{namespace}/{pod}[/{uid}]/{container}?command=...&input=1&output=1&error=1&tty=1: the
 * kubelet's remote command over SPDY/3.1 (v4.channel.k8s.io ... channel.k8s.io), which the API
 * server speaks to a kubelet for `kubectl exec` (it translates kubectl's WebSocket to it). The
 * command runs through ECI's interactive ExecContainerCommand; its exit code comes back in the v4
 * error stream as the kubelet writes it, so kubectl exits with it.
 */
export function execHandler(deps: StreamDeps): RequestHandler {
  return async (req, res) => {
    requireUpgrade(req);
    const protocol = negotiate(req, res, REMOTE_COMMAND_PROTOCOLS);
    if (protocol === undefined) return;
    const w = wanted(req);
    let refusal: string | undefined;
    let where: ReturnType<typeof execTarget> | undefined;
    try {
      where = execTarget(req, deps.pods);
    } catch (err) {
      refusal = errorMessage(err);
    }
    const argv = command(req);
    if (refusal === undefined && argv.length === 0)
      refusal = 'you must specify a command to run (kubectl exec POD -- COMMAND)';
    if (refusal === undefined && where !== undefined)
      refusal = commandRefusal(argv, where.pod, where.container);
    const streams = await acceptStreams(req, res, protocol, w, deps.shutdown);
    if (!streams) return;
    if (refusal !== undefined || where === undefined)
      return streams.finish({ error: refusal ?? 'no target' });
    const session = deps.sessions.begin(() => {
      logger.info('kubelet API: closing an idle exec session', {
        pod: where.pod,
        container: where.container,
      });
      streams.conn.close();
    });
    if (!session) {
      return streams.finish({ error: sessionLimitReached(deps.sessions.max) });
    }
    // Registered before the session starts: a command may end (and close the connection) before
    // openExec has even returned.
    streams.conn.onClose(() => session.end());
    const { byType } = streams;
    try {
      const channel = await deps.backend.openExec(
        {
          ContainerGroupId: where.containerGroupId,
          ContainerName: where.container,
          Command: argv,
          TTY: w.tty,
          Stdin: w.stdin,
        },
        {
          stdout: (data) => {
            session.touch();
            byType.get('stdout')?.write(data);
          },
          stderr: (data) => {
            session.touch();
            byType.get('stderr')?.write(data);
          },
          exit: (exit) => streams.finish(exit),
        },
      );
      if (streams.conn.isClosed) channel.close();
      else bridge(streams, channel, session);
    } catch (err) {
      session.end();
      streams.finish({
        error: `error executing command in container "${where.container}" of pod "${where.pod}": ${errorMessage(err)}`,
      });
    }
  };
}

/**
 * /attach/...: ECI has no way to join a running container's own stdio, so the upgrade is completed
 * and the reason is written to the error stream: kubectl prints it as is (an HTTP error body on an
 * upgrade reaches the user as "unknown error" through the API server's translation).
 */
export function attachHandler(shutdown: AbortSignal): RequestHandler {
  return async (req, res) => {
    requireUpgrade(req);
    const protocol = negotiate(req, res, REMOTE_COMMAND_PROTOCOLS);
    if (protocol === undefined) return;
    const streams = await acceptStreams(req, res, protocol, wanted(req), shutdown);
    streams?.finish({ error: ATTACH_UNSUPPORTED });
  };
}
