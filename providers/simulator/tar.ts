/**
 * The ustar subset `kubectl cp` exchanges with `tar cf -` / `tar xf -`: regular files and
 * directories, names up to 255 bytes (prefix + name), no links. Tar is simple enough that a
 * dependency would add more surface than the 100 lines it saves.
 */
export interface TarEntry {
  /** Relative, `/`-separated; directories without the trailing slash. */
  name: string;
  type: 'file' | 'dir';
  mode: number;
  data: Buffer;
  mtimeSec: number;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function headerFor(e: TarEntry): Buffer {
  const h = Buffer.alloc(BLOCK);
  let name = e.type === 'dir' ? `${e.name}/` : e.name;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', name.length - 2);
    prefix = name.slice(0, cut);
    name = name.slice(cut + 1);
  }
  h.write(name, 0, 100);
  h.write(octal(e.mode & 0o7777, 8), 100);
  h.write(octal(0, 8), 108);
  h.write(octal(0, 8), 116);
  h.write(octal(e.type === 'file' ? e.data.length : 0, 12), 124);
  h.write(octal(e.mtimeSec, 12), 136);
  h.write('        ', 148);
  h.write(e.type === 'dir' ? '5' : '0', 156);
  h.write('ustar\x0000', 257);
  h.write('root', 265);
  h.write('root', 297);
  h.write(prefix, 345, 155);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

export function writeTar(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    parts.push(headerFor(e));
    if (e.type === 'file') {
      parts.push(e.data, Buffer.alloc((BLOCK - (e.data.length % BLOCK)) % BLOCK));
    }
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}

function field(h: Buffer, at: number, len: number): string {
  const raw = h.subarray(at, at + len);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? len : end).toString('utf8');
}

/** Regular files and directories; other entry types (links, devices, PAX headers) are skipped. */
export function readTar(buffer: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let at = 0;
  while (at + BLOCK <= buffer.length) {
    const h = buffer.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) break;
    const size = parseInt(field(h, 124, 12).trim() || '0', 8);
    const typeflag = String.fromCharCode(h[156] || 0x30);
    const prefix = field(h, 345, 155);
    const name = (prefix ? `${prefix}/` : '') + field(h, 0, 100);
    const data = buffer.subarray(at + BLOCK, at + BLOCK + size);
    const mode = parseInt(field(h, 100, 8).trim() || '644', 8);
    const mtimeSec = parseInt(field(h, 136, 12).trim() || '0', 8);
    const clean = name.replace(/\/+$/, '');
    if (typeflag === '5') entries.push({ name: clean, type: 'dir', mode, data: Buffer.alloc(0), mtimeSec });
    else if (typeflag === '0' || typeflag === '\0')
      entries.push({ name: clean, type: 'file', mode, data: Buffer.from(data), mtimeSec });
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}
