import type { Request, RequestHandler } from 'express';
import type { Duplex } from 'node:stream';
import { errorMessage, logger } from '../log.js';
import { SpdyConnection, type SpdyStream } from './spdy/connection.js';
import { closeOnShutdown, negotiate, requireUpgrade } from './handshake.js';
import type { PodDialer } from './pod-dialer.js';
import { sessionLimitReached, type StreamSession, type StreamSessions } from './stream-sessions.js';
import type { PodDirectory } from './types.js';
import { switchProtocols } from './upgrade.js';

export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';

export interface PortForwardDeps {
  pods: PodDirectory;
  dial: PodDialer;
  sessions: StreamSessions;
  shutdown: AbortSignal;
}

/** The pod a request names, as the kubelet words it in errors (`name_namespace`), and its address; or why not. */
function forwardTarget(req: Request, pods: PodDirectory): { pod: string; uid: string; ip: string } | string {
  const { namespace = '', pod = '', uid } = req.params as Record<string, string | undefined>;
  const entry = pods.lookup(namespace, pod);
  if (entry === undefined || (uid !== undefined && uid !== entry.pod.metadata?.uid))
    return `pod ${namespace}/${pod} is not on this virtual node`;
  const ip = entry.pod.status?.podIP;
  if (!ip) return `pod ${namespace}/${pod} has no IP address yet: wait until it is Running`;
  return { pod: `${pod}_${namespace}`, uid: entry.pod.metadata?.uid ?? '', ip };
}

/** One forwarded connection's two streams, paired by the client's `requestID`. */
interface Pair {
  error?: SpdyStream;
  data?: SpdyStream;
}

/**
 * /portForward/{namespace}/{pod}[/{uid}]: the kubelet's SPDY port-forward protocol
 * (portforward.k8s.io: an error and a data stream per forwarded connection, paired by `requestID`).
 * Where the kubelet dials the port inside the pod's network namespace, this node dials the pod's
 * address (pod-dialer.ts): an ECI pod has its own VPC address. A failure goes on the connection's
 * error stream in the kubelet's words, which kubectl prints ("error forwarding port 80 to pod ...").
 */
export function portForwardHandler(deps: PortForwardDeps): RequestHandler {
  return (req, res) => {
    requireUpgrade(req);
    const protocol = negotiate(req, res, [PORT_FORWARD_PROTOCOL]);
    if (protocol === undefined) return;
    const target = forwardTarget(req, deps.pods);
    const socket = switchProtocols(req, res, {
      Connection: 'Upgrade',
      Upgrade: 'SPDY/3.1',
      'X-Stream-Protocol-Version': protocol,
    });
    const pairs = new Map<string, Pair>();
    let conn: SpdyConnection | undefined = undefined;
    const session = deps.sessions.begin(() => {
      logger.info('kubelet API: closing an idle port-forward session', { path: req.path });
      conn?.close();
    });
    conn = new SpdyConnection(socket, (stream) => {
      const id = stream.headers.get('requestid') ?? '';
      const pair = pairs.get(id) ?? {};
      pairs.set(id, pair);
      if (stream.headers.get('streamtype') === 'error') pair.error = stream;
      else pair.data = stream;
      if (!pair.error || !pair.data || !conn) return;
      pairs.delete(id);
      const { error, data } = pair;
      const fail = (why: string): void => {
        error.write(Buffer.from(why));
        error.end();
        data.end();
      };
      if (typeof target === 'string') return fail(target);
      if (!session) return fail(sessionLimitReached(deps.sessions.max));
      const port = Number(stream.headers.get('port'));
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        return fail(`invalid port: ${JSON.stringify(stream.headers.get('port') ?? '')}`);
      const open = conn;
      void deps.dial(target.ip, port).then(
        (tcp) => pipe(open, tcp, error, data, session),
        (err: unknown) =>
          fail(`error forwarding port ${port} to pod ${target.pod}, uid ${target.uid}: ${errorMessage(err)}`),
      );
    });
    if (session) conn.onClose(() => session.end());
    // kubectl keeps the connection while it listens locally; each forwarded connection is a pair.
    closeOnShutdown(conn, deps.shutdown);
    conn.onClose(() => socket.destroy());
  };
}

/** Bytes both ways until either side ends; the pod's side is closed with the connection. */
function pipe(
  conn: SpdyConnection,
  tcp: Duplex,
  error: SpdyStream,
  data: SpdyStream,
  session: StreamSession,
): void {
  if (conn.isClosed) {
    tcp.destroy();
    return;
  }
  data.onData((chunk) => {
    session.touch();
    tcp.write(chunk);
  });
  data.onEnd(() => tcp.end());
  tcp.on('data', (chunk: Buffer) => {
    session.touch();
    data.write(chunk);
  });
  tcp.once('close', () => {
    data.end();
    error.end();
  });
  tcp.on('error', (err) => error.write(Buffer.from(`error forwarding the connection: ${errorMessage(err)}`)));
  conn.onClose(() => tcp.destroy());
}
