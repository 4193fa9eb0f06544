import type { Duplex } from 'node:stream';
import zlib from 'node:zlib';
import { SPDY3_DICTIONARY } from './dictionary.js';
import {
  controlFrame,
  dataFrame,
  decodeHeaderBlock,
  encodeHeaderBlock,
  FLAG_FIN,
  FrameType,
  HeaderDeflater,
  MAX_DATA,
  readFrames,
  u32,
  type Frame,
} from './frames.js';

/** The receiving side of header compression: one zlib stream for the whole connection. */
class HeaderInflater {
  private readonly inflate = zlib.createInflate({ dictionary: SPDY3_DICTIONARY });
  private out: Buffer[] = [];

  constructor(onError: (err: Error) => void) {
    this.inflate.on('data', (chunk: Buffer) => this.out.push(chunk));
    this.inflate.on('error', onError);
  }

  block(compressed: Buffer): Promise<Buffer> {
    return new Promise((resolve) => {
      this.inflate.write(compressed);
      this.inflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
        const block = Buffer.concat(this.out);
        this.out = [];
        resolve(block);
      });
    });
  }

  close(): void {
    this.inflate.destroy();
  }
}

/** One SPDY stream the client opened: its headers, the bytes it sends, and a way to answer. */
export class SpdyStream {
  private readonly dataListeners: ((data: Buffer) => void)[] = [];
  private readonly endListeners: (() => void)[] = [];
  private received: Buffer[] = [];
  private remoteEnded = false;
  private finished = false;

  constructor(
    readonly id: number,
    readonly headers: Map<string, string>,
    private readonly conn: SpdyConnection,
  ) {}

  onData(listener: (data: Buffer) => void): void {
    this.dataListeners.push(listener);
    for (const b of this.received) listener(b);
    this.received = [];
  }

  /** The client half-closed (FIN) or reset the stream, or the connection ended. */
  onEnd(listener: () => void): void {
    if (this.remoteEnded) listener();
    else this.endListeners.push(listener);
  }

  write(data: Buffer): void {
    if (this.finished) return;
    for (let at = 0; at < data.length; at += MAX_DATA)
      this.conn.send(dataFrame(this.id, 0, data.subarray(at, at + MAX_DATA)));
  }

  /** Half-closes our side (FIN): the client reads EOF. */
  end(): void {
    if (this.finished) return;
    this.finished = true;
    this.conn.send(dataFrame(this.id, FLAG_FIN, Buffer.alloc(0)));
  }

  /** @internal */
  receive(data: Buffer, fin: boolean): void {
    if (data.length > 0) {
      if (this.dataListeners.length === 0) this.received.push(data);
      for (const l of this.dataListeners) l(data);
    }
    if (fin) this.remoteEnd();
  }

  /** @internal */
  remoteEnd(): void {
    if (this.remoteEnded) return;
    this.remoteEnded = true;
    for (const l of this.endListeners.splice(0)) l();
  }
}

/**
 * The server side of a SPDY/3.1 connection after an HTTP upgrade, as far as the kubelet's streaming
 * protocols need it: the client opens every stream, the server replies to each at once, then both
 * send data frames; pings are answered; flow control is not enforced (spdystream neither sends nor
 * honours WINDOW_UPDATE). Frames are handled in order, header blocks being inflated asynchronously.
 */
export class SpdyConnection {
  private readonly streams = new Map<number, SpdyStream>();
  private readonly deflater = new HeaderDeflater();
  private readonly inflater: HeaderInflater;
  private buffer: Buffer = Buffer.alloc(0);
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly closeListeners: (() => void)[] = [];

  constructor(
    private readonly socket: Duplex,
    private readonly onStream: (stream: SpdyStream) => void,
  ) {
    this.inflater = new HeaderInflater(() => this.close());
    socket.on('data', (chunk: Buffer) => {
      const { frames, rest } = readFrames(Buffer.concat([this.buffer, chunk]));
      this.buffer = rest;
      for (const frame of frames) this.queue = this.queue.then(() => this.handle(frame));
    });
    socket.on('close', () => this.close());
    socket.on('end', () => this.close());
    socket.on('error', () => this.close());
    socket.resume();
  }

  /** Called once when the connection is gone, whoever ended it. */
  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** @internal */
  send(frame: Buffer): void {
    if (!this.closed) this.socket.write(frame);
  }

  /** Ends every stream, says GOAWAY and closes the socket once written. */
  close(): void {
    if (this.closed) return;
    for (const s of this.streams.values()) s.end();
    this.send(controlFrame(FrameType.GoAway, 0, u32(0, 0)));
    this.closed = true;
    this.socket.end();
    this.inflater.close();
    for (const s of this.streams.values()) s.remoteEnd();
    for (const l of this.closeListeners.splice(0)) l();
  }

  private async handle(frame: Frame): Promise<void> {
    if (this.closed) return;
    if (frame.kind === 'data') {
      this.streams.get(frame.streamId)?.receive(frame.data, (frame.flags & FLAG_FIN) !== 0);
      return;
    }
    const { body } = frame;
    switch (frame.type) {
      case FrameType.SynStream: {
        const id = body.readUInt32BE(0) & 0x7fffffff;
        const headers = decodeHeaderBlock(await this.inflater.block(body.subarray(10)));
        const stream = new SpdyStream(id, headers, this);
        this.streams.set(id, stream);
        this.send(
          controlFrame(
            FrameType.SynReply,
            0,
            Buffer.concat([u32(id), this.deflater.deflate(encodeHeaderBlock({}))]),
          ),
        );
        if (frame.flags & FLAG_FIN) stream.remoteEnd();
        this.onStream(stream);
        return;
      }
      case FrameType.Headers:
        // Header blocks share the zlib stream: inflate to stay in step, even if unused.
        await this.inflater.block(body.subarray(4));
        return;
      case FrameType.RstStream:
        this.streams.get(body.readUInt32BE(0) & 0x7fffffff)?.remoteEnd();
        return;
      case FrameType.Ping:
        this.send(controlFrame(FrameType.Ping, 0, body));
        return;
      case FrameType.GoAway:
        this.close();
        return;
      default:
        // SETTINGS, WINDOW_UPDATE and the rest need no answer.
        return;
    }
  }
}
