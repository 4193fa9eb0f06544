import type { RequestHandler } from 'express';
import { SpdyConnection } from './spdy/connection.js';
import { closeOnShutdown, negotiate, requireUpgrade } from './handshake.js';
import { switchProtocols } from './upgrade.js';

export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';

export const PORT_FORWARD_UNSUPPORTED =
  'kubectl port-forward is not supported on this virtual node: ECI container groups have no tunnel ' +
  'through the node. Reach the pod by its IP from inside the VPC, or through a Service ' +
  '(kubectl expose pod <pod> --port=<port>) from another pod.';

/**
 * /portForward/{namespace}/{pod}[/{uid}]: the SPDY port-forward protocol (portforward.k8s.io: an
 * error and a data stream per forwarded connection, paired by `requestID`). There is nothing to
 * forward to, so every connection's error stream carries the reason, which kubectl prints
 * ("error forwarding port 80 to pod ...: <reason>"), and its data stream is closed.
 */
export function portForwardHandler(shutdown: AbortSignal): RequestHandler {
  return (req, res) => {
    requireUpgrade(req);
    const protocol = negotiate(req, res, [PORT_FORWARD_PROTOCOL]);
    if (protocol === undefined) return;
    const socket = switchProtocols(req, res, {
      Connection: 'Upgrade',
      Upgrade: 'SPDY/3.1',
      'X-Stream-Protocol-Version': protocol,
    });
    const conn = new SpdyConnection(socket, (stream) => {
      if (stream.headers.get('streamtype') === 'error') stream.write(Buffer.from(PORT_FORWARD_UNSUPPORTED));
      stream.end();
    });
    // kubectl keeps the connection while it listens locally; nothing is kept open on this side.
    closeOnShutdown(conn, shutdown);
    conn.onClose(() => socket.destroy());
  };
}
