import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import express, { type Request, type Response } from 'express';
import WebSocket, { WebSocketServer } from 'ws';
import type { ExecChannel } from '../../backend.js';
import { Channel, decodeMessage, encodeMessage, EXEC_SUBPROTOCOL } from '../../eci-api/index.js';
import type { ServedBackend } from './types.js';

const GONE =
  'no such exec session: the URL is valid once, for 30 s after ExecContainerCommand; call it again';

function token(url: string): string {
  const q = new URL(url, 'http://simulator.invalid').searchParams;
  return q.get('s') ?? q.get('param') ?? '';
}

/**
 * `/exec/?s=` (WebSocketUri) without a WebSocket upgrade, and `/terminal?param=` (HttpUrl, the
 * console's page): a plain request cannot run a session, the answer says how to use the URL.
 */
export function execRouter(backend: ServedBackend): express.Router {
  const router = express.Router();
  const answer = (req: Request, res: Response): void => {
    const session = backend.execSessions?.get(token(req.originalUrl));
    if (!session) {
      res.status(404).json({ error: GONE });
      return;
    }
    res.status(400).json({
      error:
        `exec into ${session.ContainerGroupId}/${session.ContainerName}: connect to the WebSocketUri with a ` +
        `WebSocket client (subprotocol ${EXEC_SUBPROTOCOL}); the simulator has no console page`,
    });
  };
  router.all(['/exec', '/exec/', '/terminal'], answer);
  return router;
}

/**
 * Serves ExecContainerCommand's WebSocketUri on `server`: the session's process runs in the
 * simulated container, its streams framed as providers/eci-api/exec-channel.ts describes.
 */
export function serveExecSockets(server: Server, backend: ServedBackend): void {
  const wss = new WebSocketServer({ noServer: true, handleProtocols: () => EXEC_SUBPROTOCOL });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://simulator.invalid').pathname;
    const sessions = backend.execSessions;
    if (path !== '/exec' && path !== '/exec/') return refuse(socket, 404, 'not an exec URL');
    if (!sessions?.get(token(req.url ?? ''))) return refuse(socket, 404, GONE);
    wss.handleUpgrade(req, socket, head, (ws) => run(ws, token(req.url ?? ''), backend));
  });
  server.on('close', () => wss.close());
}

function refuse(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: message });
  socket.end(
    `HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : 'Bad Request'}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function run(ws: WebSocket, sessionToken: string, backend: ServedBackend): void {
  const send = (buf: Buffer): void => {
    if (ws.readyState === WebSocket.OPEN) ws.send(buf);
  };
  let channel: ExecChannel;
  try {
    channel = (backend.execSessions as NonNullable<ServedBackend['execSessions']>).attach(sessionToken, {
      stdout: (data) => send(encodeMessage({ channel: Channel.Stdout, data })),
      stderr: (data) => send(encodeMessage({ channel: Channel.Stderr, data })),
      exit: (exit) => {
        send(encodeMessage({ channel: Channel.Error, exit }));
        ws.close(1000);
      },
    });
  } catch (err) {
    send(
      encodeMessage({
        channel: Channel.Error,
        exit: { error: err instanceof Error ? err.message : String(err) },
      }),
    );
    ws.close(1000);
    return;
  }
  ws.on('message', (raw: Buffer) => {
    const m = decodeMessage(raw);
    if (!m) return;
    if (m.channel === Channel.Stdin) channel.stdin(m.data);
    else if (m.channel === Channel.Resize) channel.resize(m.size);
    else if (m.channel === Channel.Close && m.closed === Channel.Stdin) channel.endStdin();
  });
  ws.on('close', () => channel.close());
}
