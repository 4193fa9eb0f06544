import type { Request, Response } from 'express';
import { HttpError } from './http-error.js';
import type { SpdyConnection } from './spdy/connection.js';
import { isUpgrade } from './upgrade.js';

// The httpstream handshake every streaming endpoint (exec, attach, port-forward) starts with.

/** Ends `conn` when the server shuts down. */
export function closeOnShutdown(conn: SpdyConnection, shutdown: AbortSignal): void {
  const close = (): void => conn.close();
  if (shutdown.aborted) return close();
  shutdown.addEventListener('abort', close, { once: true });
  conn.onClose(() => shutdown.removeEventListener('abort', close));
}

function header(req: Request, name: string): string[] {
  const v = req.headers[name.toLowerCase()];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((s) =>
    s.split(',').map((p) => p.trim()),
  );
}

/**
 * The first protocol the client lists that the server speaks (httpstream.Handshake). Errors are the
 * kubelet's: 400 without the header, 403 listing what is accepted when nothing matches.
 */
export function negotiate(req: Request, res: Response, server: string[]): string | undefined {
  const client = header(req, 'x-stream-protocol-version').filter((p) => p !== '');
  if (client.length === 0) {
    res
      .status(400)
      .type('text/plain; charset=utf-8')
      .send('unable to upgrade: header X-Stream-Protocol-Version does not exist in the request');
    return undefined;
  }
  const chosen = client.find((p) => server.includes(p));
  if (chosen === undefined) {
    res.setHeader('X-Accepted-Stream-Protocol-Versions', server.join(', '));
    res
      .status(403)
      .type('text/plain; charset=utf-8')
      .send(
        `unable to upgrade: unable to negotiate protocol: client supports [${client.join(' ')}], server accepts [${server.join(' ')}]`,
      );
    return undefined;
  }
  return chosen;
}

/** Refuses a plain (non-Upgrade) request to a streaming endpoint, as the kubelet's upgrader does. */
export function requireUpgrade(req: Request): void {
  if (!isUpgrade(req) || !/spdy\/3\.1/i.test(req.headers.upgrade ?? '')) {
    throw new HttpError(
      400,
      'unable to upgrade: missing upgrade headers in request: this endpoint speaks SPDY/3.1 (use kubectl exec/attach/port-forward)',
    );
  }
}
