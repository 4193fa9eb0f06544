// The few DER (X.690) encodings an X.509 v3 certificate needs, and a reader for the parts of one
// that a certificate issued from it copies. Pure functions over Buffers.
import { isIPv4 } from 'node:net';

/** Tag, length and content: the length in short form below 128 bytes, else long form. */
export function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  if (n < 0x80) return Buffer.concat([Buffer.from([tag, n]), content]);
  const length: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) length.unshift(rest % 256);
  return Buffer.concat([Buffer.from([tag, 0x80 | length.length, ...length]), content]);
}

export const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
export const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
export const octetString = (bytes: Buffer): Buffer => tlv(0x04, bytes);
export const utf8String = (text: string): Buffer => tlv(0x0c, Buffer.from(text, 'utf8'));
export const boolean = (value: boolean): Buffer => tlv(0x01, Buffer.from([value ? 0xff : 0]));
/** [n] EXPLICIT: a constructed context-specific tag around one encoding. */
export const explicit = (n: number, inner: Buffer): Buffer => tlv(0xa0 | n, inner);
/** [n] IMPLICIT over a primitive value: the context-specific tag replaces the value's own. */
export const implicit = (n: number, bytes: Buffer): Buffer => tlv(0x80 | n, bytes);

/** A non-negative INTEGER from its big-endian bytes, in the fewest bytes that keep it positive. */
export function unsignedInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0 && bytes[start + 1] < 0x80) start++;
  const body = bytes.subarray(start);
  return tlv(0x02, body[0] >= 0x80 ? Buffer.concat([Buffer.from([0]), body]) : body);
}

/** An OBJECT IDENTIFIER from its dotted form ("2.5.4.3"). */
export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const bytes = [40 * arcs[0] + arcs[1]];
  for (const arc of arcs.slice(2)) {
    const base128 = [arc & 0x7f];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128))
      base128.unshift(0x80 | (rest & 0x7f));
    bytes.push(...base128);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** A BIT STRING of whole bytes (a key, a signature). */
export const bitString = (bytes: Buffer): Buffer => tlv(0x03, Buffer.concat([Buffer.from([0]), bytes]));

/**
 * A named-bit BIT STRING (KeyUsage) from the numbers of its set bits, bit 0 the first byte's
 * highest: DER drops the trailing zero bits and says how many of the last byte are unused.
 */
export function namedBits(bits: readonly number[]): Buffer {
  const last = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(last / 8) + 1);
  for (const bit of bits) bytes[Math.floor(bit / 8)] |= 0x80 >> (bit % 8);
  return tlv(0x03, Buffer.concat([Buffer.from([7 - (last % 8)]), bytes]));
}

/** UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5), to the second, in UTC. */
export function time(at: Date): Buffer {
  const digits = at
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:T]/g, '');
  const year = at.getUTCFullYear();
  return year < 2050
    ? tlv(0x17, Buffer.from(digits.slice(2), 'ascii'))
    : tlv(0x18, Buffer.from(digits, 'ascii'));
}

/** The 4 or 16 bytes of an IP address (validated as one before). */
export function ipBytes(ip: string): Buffer {
  if (isIPv4(ip)) return Buffer.from(ip.split('.').map(Number));
  const [head, tail = ''] = ip.includes('::') ? ip.split('::') : [ip];
  const groups = (part: string): number[] => {
    if (part === '') return [];
    const words = part.split(':');
    const v4 = words.at(-1)?.includes('.') ? ipBytes(words.pop() ?? '') : undefined;
    const values = words.map((w) => parseInt(w, 16));
    if (v4 !== undefined) values.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
    return values;
  };
  const front = groups(head);
  const back = ip.includes('::') ? groups(tail) : [];
  const words = [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
  const out = Buffer.alloc(16);
  words.forEach((w, i) => out.writeUInt16BE(w, 2 * i));
  return out;
}

/** Where one encoding sits in a buffer: its tag, where it begins, and its content's start and end. */
export interface Element {
  tag: number;
  offset: number;
  start: number;
  end: number;
}

/** The encoding at `offset`; throws on a length that runs past the buffer. */
export function readElement(der: Buffer, offset: number): Element {
  const tag = der[offset];
  let length = der[offset + 1];
  let start = offset + 2;
  if (length >= 0x80) {
    const count = length & 0x7f;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[start + i];
    start += count;
  }
  const end = start + length;
  if (tag === undefined || end > der.length) throw new Error('malformed DER: an element runs past the end');
  return { tag, offset, start, end };
}

/** The encodings directly inside a constructed one. */
export function children(der: Buffer, parent: Element): Element[] {
  const out: Element[] = [];
  for (let at = parent.start; at < parent.end;) {
    const child = readElement(der, at);
    out.push(child);
    at = child.end;
  }
  return out;
}

/** An element with its tag and length, as bytes to copy into another encoding. */
export function encodingOf(der: Buffer, el: Element): Buffer {
  return der.subarray(el.offset, el.end);
}
