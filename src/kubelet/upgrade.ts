import { ServerResponse, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Request, RequestHandler, Response } from 'express';

const HEAD = Symbol('upgradeHead');
type UpgradeRequest = IncomingMessage & { [HEAD]?: { socket: Duplex; head: Buffer } };

/**
 * Upgrade requests (SPDY/3.1, WebSocket) go through the same express app as every other request, so
 * they are authenticated and authorized by the same middleware before any protocol is spoken: Node
 * hands them to 'upgrade' with the raw socket, and a ServerResponse on that socket lets the app
 * answer an ordinary HTTP error (401, 403, 404) when it refuses.
 */
export function routeUpgrades(server: Server, app: RequestHandler): void {
  server.on('upgrade', (req: UpgradeRequest, socket: Duplex, head: Buffer) => {
    req[HEAD] = { socket, head };
    socket.on('error', () => socket.destroy());
    const res = new ServerResponse(req);
    res.assignSocket(socket as Parameters<ServerResponse['assignSocket']>[0]);
    res.shouldKeepAlive = false;
    res.on('finish', () => socket.end());
    app(req as Request, res as unknown as Response, () => socket.destroy());
  });
}

/** True when the request came through `routeUpgrades` (an HTTP Upgrade). */
export function isUpgrade(req: Request): boolean {
  return (req as UpgradeRequest)[HEAD] !== undefined;
}

/**
 * Answers 101 Switching Protocols with `headers` and hands over the raw socket; the response object
 * is no longer used. Bytes the client sent after its request head are put back first.
 */
export function switchProtocols(req: Request, res: Response, headers: Record<string, string>): Duplex {
  const taken = (req as UpgradeRequest)[HEAD];
  if (!taken) throw new Error('switchProtocols: not an upgrade request');
  const { socket, head } = taken;
  res.detachSocket(socket as Parameters<ServerResponse['detachSocket']>[0]);
  const lines = [
    'HTTP/1.1 101 Switching Protocols',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  if (head.length > 0) socket.unshift(head);
  return socket;
}
