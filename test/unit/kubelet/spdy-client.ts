import * as tls from 'node:tls';
import zlib from 'node:zlib';
import { SPDY3_DICTIONARY } from '../../../src/kubelet/spdy/dictionary.js';
import {
  controlFrame,
  dataFrame,
  decodeHeaderBlock,
  encodeHeaderBlock,
  FLAG_FIN,
  FrameType,
  readFrames,
  u32,
} from '../../../src/kubelet/spdy/frames.js';

/**
 * A SPDY/3.1 client as client-go's remotecommand drives one (it opens the streams, the kubelet
 * replies), compressing its headers with a real zlib stream as Go's framer does, so the server's
 * inflater and its own stored-block deflater are both checked against zlib proper.
 */
export interface SpdyClient {
  status: number;
  /** Response headers (lower case) and, for a refusal, the body. */
  headers: Record<string, string>;
  body: string;
  open(streamType: string, extra?: Record<string, string>): Promise<number>;
  send(streamId: number, data: Buffer | string, fin?: boolean): void;
  /** Everything received on a stream until the server's FIN (or the connection's end). */
  received(streamId: number): Promise<string>;
  closed: Promise<void>;
  close(): void;
}

export function spdyConnect(
  port: number,
  path: string,
  opts: { ca: string; cert?: { certPem: string; keyPem: string }; protocols?: string[] },
): Promise<SpdyClient> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: '127.0.0.1',
      port,
      ca: opts.ca,
      cert: opts.cert?.certPem,
      key: opts.cert?.keyPem,
      servername: 'localhost',
      checkServerIdentity: () => undefined,
    });
    const protocols = (opts.protocols ?? ['v4.channel.k8s.io']).map(
      (p) => `X-Stream-Protocol-Version: ${p}\r\n`,
    );
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: kubelet\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n${protocols.join('')}Content-Length: 0\r\n\r\n`,
    );
    const deflate = zlib.createDeflate({ dictionary: SPDY3_DICTIONARY });
    const inflate = zlib.createInflate({ dictionary: SPDY3_DICTIONARY });
    const compressed: Buffer[] = [];
    deflate.on('data', (d: Buffer) => compressed.push(d));
    const compress = (h: Record<string, string>): Promise<Buffer> =>
      new Promise((done) => {
        deflate.write(encodeHeaderBlock(h));
        deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => done(Buffer.concat(compressed.splice(0))));
      });
    const inflated: Buffer[] = [];
    inflate.on('data', (d: Buffer) => inflated.push(d));
    const replies = new Map<number, () => void>();
    const data = new Map<number, Buffer[]>();
    const fins = new Map<number, () => void>();
    const finished = new Set<number>();
    let nextId = 1;
    let head = Buffer.alloc(0);
    let upgraded = false;
    let pending: Buffer = Buffer.alloc(0);
    let closedResolve: () => void = () => undefined;
    const closed = new Promise<void>((r) => (closedResolve = r));
    const finish = (id: number): void => {
      finished.add(id);
      fins.get(id)?.();
    };
    socket.on('close', () => {
      for (const id of data.keys()) finish(id);
      closedResolve();
    });
    socket.on('error', reject);
    const client: SpdyClient = {
      status: 0,
      headers: {},
      body: '',
      closed,
      async open(streamType, extra = {}) {
        const id = nextId;
        nextId += 2;
        data.set(id, []);
        const block = await compress({ streamtype: streamType, ...extra });
        const replied = new Promise<void>((r) => replies.set(id, r));
        socket.write(
          controlFrame(FrameType.SynStream, 0, Buffer.concat([u32(id, 0), Buffer.from([0, 0]), block])),
        );
        await replied;
        return id;
      },
      send(id, payload, fin = false) {
        socket.write(dataFrame(id, fin ? FLAG_FIN : 0, Buffer.from(payload)));
      },
      received(id) {
        const text = () => Buffer.concat(data.get(id) ?? []).toString('utf8');
        if (finished.has(id)) return Promise.resolve(text());
        return new Promise((r) => fins.set(id, () => r(text())));
      },
      close: () => socket.destroy(),
    };
    socket.on('data', (chunk: Buffer) => {
      if (!upgraded) {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        const lines = head.subarray(0, end).toString('utf8').split('\r\n');
        client.status = Number(lines[0].split(' ')[1]);
        for (const l of lines.slice(1)) {
          const i = l.indexOf(':');
          client.headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
        }
        upgraded = true;
        chunk = head.subarray(end + 4);
        if (client.status !== 101) {
          // A refusal: a plain HTTP answer, read to its end (the server closes the connection).
          client.body = chunk.toString('utf8');
          socket.removeAllListeners('data');
          socket.on('data', (more: Buffer) => (client.body += more.toString('utf8')));
          socket.on('close', () => resolve(client));
          return;
        }
        resolve(client);
      }
      const { frames, rest } = readFrames(Buffer.concat([pending, chunk]));
      pending = rest;
      for (const f of frames) {
        if (f.kind === 'data') {
          data.get(f.streamId)?.push(f.data);
          if (f.flags & FLAG_FIN) finish(f.streamId);
        } else if (f.type === FrameType.SynReply) {
          const id = f.body.readUInt32BE(0);
          inflate.write(f.body.subarray(4));
          inflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
            decodeHeaderBlock(Buffer.concat(inflated.splice(0)));
            replies.get(id)?.();
          });
        }
      }
    });
  });
}
