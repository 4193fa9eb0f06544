import zlib from 'node:zlib';
import { adler32 } from '../../../src/kubelet/spdy/adler32.js';
import { SPDY3_DICTIONARY } from '../../../src/kubelet/spdy/dictionary.js';
import {
  controlFrame,
  dataFrame,
  decodeHeaderBlock,
  encodeHeaderBlock,
  FLAG_FIN,
  HeaderDeflater,
  readFrames,
} from '../../../src/kubelet/spdy/frames.js';

describe('SPDY/3.1 framing', () => {
  it('uses the SPDY/3 dictionary zlib peers expect (1423 bytes, the DICTID Go computes)', () => {
    expect(SPDY3_DICTIONARY.length).toBe(1423);
    // zlib writes the dictionary's Adler-32 after its 2-byte header: ours must be the same.
    const reference = zlib.deflateSync(Buffer.from('x'), { dictionary: SPDY3_DICTIONARY });
    expect(adler32(SPDY3_DICTIONARY)).toBe(reference.readUInt32BE(2));
  });

  it('header blocks deflated as stored blocks inflate with zlib, block after block, each ending in a sync flush', async () => {
    const d = new HeaderDeflater();
    const inflate = zlib.createInflate({ dictionary: SPDY3_DICTIONARY });
    const out: Buffer[] = [];
    inflate.on('data', (c: Buffer) => out.push(c));
    const blocks: Record<string, string>[] = [{}, { streamtype: 'error' }, { 'x-long': 'v'.repeat(70_000) }];
    for (const h of blocks) {
      const z = d.deflate(encodeHeaderBlock(h));
      expect([...z.subarray(-5)]).toEqual([0, 0, 0, 0xff, 0xff]);
      await new Promise<void>((r) => {
        inflate.write(z);
        inflate.flush(zlib.constants.Z_SYNC_FLUSH, () => r());
      });
      expect(Object.fromEntries(decodeHeaderBlock(Buffer.concat(out.splice(0))))).toEqual(h);
    }
  });

  it('splits a byte stream into whole frames and keeps a partial one for later', () => {
    const bytes = Buffer.concat([
      controlFrame(6, 0, Buffer.from([0, 0, 0, 1])),
      dataFrame(3, FLAG_FIN, Buffer.from('hi')),
    ]);
    const first = readFrames(bytes.subarray(0, 15));
    expect(first.frames).toEqual([{ kind: 'control', type: 6, flags: 0, body: Buffer.from([0, 0, 0, 1]) }]);
    const second = readFrames(Buffer.concat([first.rest, bytes.subarray(15)]));
    expect(second.frames).toEqual([{ kind: 'data', streamId: 3, flags: FLAG_FIN, data: Buffer.from('hi') }]);
    expect(second.rest.length).toBe(0);
  });

  it('header names are lower case; several values keep the first', () => {
    const block = encodeHeaderBlock({ StreamType: 'stdout', port: '80\u000081' });
    expect([...decodeHeaderBlock(block)]).toEqual([
      ['streamtype', 'stdout'],
      ['port', '80'],
    ]);
  });
});
