import WebSocket from 'ws';
import type { ExecChannel, ExecSink } from '../backend.js';
import { Channel, decodeMessage, encodeMessage, EXEC_SUBPROTOCOL } from '../eci-api/index.js';

/**
 * Connects to an ExecContainerCommand WebSocketUri and bridges it to a sink (see exec-channel.ts
 * for the framing). Resolves once the socket is open; a refused or dropped connection before the
 * exit status reaches the sink as an error, never as a made-up exit code.
 */
export function connectExecSocket(uri: string, sink: ExecSink): Promise<ExecChannel> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(uri, [EXEC_SUBPROTOCOL], { handshakeTimeout: 30_000 });
    let done = false;
    let opened = false;
    const finish = (exit: Parameters<ExecSink['exit']>[0]): void => {
      if (done) return;
      done = true;
      sink.exit(exit);
      ws.close();
    };
    ws.on('message', (raw: Buffer, isBinary: boolean) => {
      const m = decodeMessage(isBinary ? raw : Buffer.from(raw));
      if (!m || done) return;
      if (m.channel === Channel.Stdout) sink.stdout(m.data);
      else if (m.channel === Channel.Stderr) sink.stderr(m.data);
      else if (m.channel === Channel.Error) finish(m.exit);
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () =>
        reject(
          new Error(`ECI refused the exec WebSocket (HTTP ${res.statusCode ?? 0}): ${body.slice(0, 300)}`),
        ),
      );
    });
    ws.on('error', (err) => {
      if (!opened) reject(err);
      else finish({ error: `the ECI exec WebSocket failed: ${err.message}` });
    });
    ws.on('close', () => finish({ error: 'the ECI exec WebSocket closed before the command ended' }));
    ws.on('open', () => {
      opened = true;
      const send = (buf: Buffer): void => {
        if (ws.readyState === WebSocket.OPEN) ws.send(buf);
      };
      resolve({
        stdin: (data) => send(encodeMessage({ channel: Channel.Stdin, data })),
        endStdin: () => send(encodeMessage({ channel: Channel.Close, closed: Channel.Stdin })),
        resize: (size) => send(encodeMessage({ channel: Channel.Resize, size })),
        close: () => {
          done = true;
          ws.close();
        },
      });
    });
  });
}
