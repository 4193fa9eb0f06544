import { adler32 } from './adler32.js';
import { SPDY3_DICTIONARY } from './dictionary.js';

/**
 * SPDY/3.1 framing (draft-mbelshe-httpbis-spdy-00 + the 3.1 flow-control note), the part
 * github.com/moby/spdystream speaks: what the kube-apiserver and kubectl use toward a kubelet.
 */
export const FrameType = {
  SynStream: 1,
  SynReply: 2,
  RstStream: 3,
  Settings: 4,
  Ping: 6,
  GoAway: 7,
  Headers: 8,
  WindowUpdate: 9,
} as const;
export type FrameType = (typeof FrameType)[keyof typeof FrameType];

export const FLAG_FIN = 0x01;
const VERSION = 3;
/** Length is 24 bits; spdystream reads any size, this keeps frames small enough to interleave. */
export const MAX_DATA = 32 * 1024;

export type Frame =
  | { kind: 'control'; type: number; flags: number; body: Buffer }
  | { kind: 'data'; streamId: number; flags: number; data: Buffer };

/** Splits the bytes received so far into whole frames; the rest waits for more bytes. */
export function readFrames(buffer: Buffer): { frames: Frame[]; rest: Buffer } {
  const frames: Frame[] = [];
  let at = 0;
  while (buffer.length - at >= 8) {
    const length = buffer.readUIntBE(at + 5, 3);
    if (buffer.length - at < 8 + length) break;
    const flags = buffer[at + 4];
    const body = buffer.subarray(at + 8, at + 8 + length);
    if (buffer[at] & 0x80) {
      frames.push({ kind: 'control', type: buffer.readUInt16BE(at + 2), flags, body });
    } else {
      frames.push({ kind: 'data', streamId: buffer.readUInt32BE(at) & 0x7fffffff, flags, data: body });
    }
    at += 8 + length;
  }
  return { frames, rest: buffer.subarray(at) };
}

function header(first: number, second: number, flags: number, length: number): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(first, 0);
  h.writeUInt16BE(second, 2);
  h.writeUInt32BE(length, 4);
  h[4] = flags;
  return h;
}

export function controlFrame(type: FrameType, flags: number, body: Buffer): Buffer {
  return Buffer.concat([header(0x8000 | VERSION, type, flags, body.length), body]);
}

export function dataFrame(streamId: number, flags: number, data: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt32BE(streamId & 0x7fffffff, 0);
  h.writeUInt32BE(data.length, 4);
  h[4] = flags;
  return Buffer.concat([h, data]);
}

export function u32(...values: number[]): Buffer {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, 4 * i));
  return b;
}

/** A name/value block, uncompressed: count, then length-prefixed names and values (names lower case). */
export function encodeHeaderBlock(headers: Record<string, string>): Buffer {
  const parts: Buffer[] = [u32(Object.keys(headers).length)];
  for (const [name, value] of Object.entries(headers)) {
    const n = Buffer.from(name.toLowerCase());
    const v = Buffer.from(value);
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

/** Names lower case; a value holding several (NUL-separated) keeps the first, as Header.Get does. */
export function decodeHeaderBlock(block: Buffer): Map<string, string> {
  const headers = new Map<string, string>();
  let at = 4;
  const count = block.length >= 4 ? block.readUInt32BE(0) : 0;
  const take = (): string => {
    const len = block.readUInt32BE(at);
    const s = block.subarray(at + 4, at + 4 + len).toString('utf8');
    at += 4 + len;
    return s;
  };
  for (let i = 0; i < count && at < block.length; i++) {
    const name = take().toLowerCase();
    const value = take().split('\0')[0];
    if (!headers.has(name)) headers.set(name, value);
  }
  return headers;
}

/**
 * The sending side of the connection's header compression. Every block goes out as a zlib stored
 * (uncompressed) block: a valid continuation of one zlib stream primed with the SPDY dictionary,
 * which any SPDY peer inflates, with no compressor state to keep. Headers here are a few bytes.
 */
export class HeaderDeflater {
  private started = false;

  deflate(block: Buffer): Buffer {
    const parts: Buffer[] = [];
    if (!this.started) {
      // CMF 0x78 (deflate, 32K window), FLG 0x20 (FDICT; 0x7820 is a multiple of 31), then DICTID.
      parts.push(Buffer.from([0x78, 0x20]), u32(adler32(SPDY3_DICTIONARY)));
      this.started = true;
    }
    const stored = (chunk: Buffer): void => {
      const len = Buffer.alloc(5);
      len[0] = 0; // BFINAL 0, BTYPE 00 (stored), padded to the byte
      len.writeUInt16LE(chunk.length, 1);
      len.writeUInt16LE(~chunk.length & 0xffff, 3);
      parts.push(len, chunk);
    };
    for (let at = 0; at < block.length; at += 0xffff) stored(block.subarray(at, at + 0xffff));
    // The empty stored block of a sync flush: Go's inflater hands out what it holds only on reaching
    // it, without reading past the frame (which would poison the connection's one zlib stream).
    stored(Buffer.alloc(0));
    return Buffer.concat(parts);
  }
}
