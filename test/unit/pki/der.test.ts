import {
  children,
  ipBytes,
  namedBits,
  oid,
  readElement,
  sequence,
  time,
  tlv,
  unsignedInteger,
} from '../../../src/pki/der.js';

const hex = (b: Buffer): string => b.toString('hex');

describe('DER', () => {
  it('writes lengths in short form below 128 bytes and in long form from 128', () => {
    expect(hex(tlv(0x04, Buffer.alloc(3)))).toBe('0403000000');
    expect(hex(tlv(0x04, Buffer.alloc(127))).slice(0, 4)).toBe('047f');
    expect(hex(tlv(0x04, Buffer.alloc(128))).slice(0, 6)).toBe('048180');
    expect(hex(tlv(0x04, Buffer.alloc(300))).slice(0, 8)).toBe('0482012c');
  });

  it('encodes object identifiers as X.690 does (first two arcs together, base 128 after)', () => {
    expect(hex(oid('2.5.4.3'))).toBe('0603550403');
    expect(hex(oid('1.2.840.10045.4.3.2'))).toBe('06082a8648ce3d040302');
    expect(hex(oid('1.3.6.1.5.5.7.3.1'))).toBe('06082b06010505070301');
  });

  it('keeps integers positive and minimal', () => {
    expect(hex(unsignedInteger(Buffer.from([2])))).toBe('020102');
    expect(hex(unsignedInteger(Buffer.from([0x80])))).toBe('02020080');
    expect(hex(unsignedInteger(Buffer.from([0, 0, 0x7f])))).toBe('02017f');
    expect(hex(unsignedInteger(Buffer.from([0, 0x80])))).toBe('02020080');
  });

  it('drops the trailing zero bits of a named-bit string and counts them as unused', () => {
    // digitalSignature, keyCertSign, cRLSign: the CA's KeyUsage (1 unused bit).
    expect(hex(namedBits([0, 5, 6]))).toBe('03020186');
    // digitalSignature, keyEncipherment: a leaf's (5 unused bits).
    expect(hex(namedBits([0, 2]))).toBe('030205a0');
  });

  it('writes UTCTime through 2049 and GeneralizedTime from 2050', () => {
    expect(time(new Date('2036-12-04T10:20:30.456Z')).toString('latin1')).toBe('\x17\x0d361204102030Z');
    expect(time(new Date('2050-01-01T00:00:00Z')).toString('latin1')).toBe('\x18\x0f20500101000000Z');
  });

  it.each([
    ['127.0.0.1', '7f000001'],
    ['10.96.0.10', '0a60000a'],
    ['::1', '00000000000000000000000000000001'],
    ['fd00:10:96::a', 'fd00001000960000000000000000000a'],
    ['2001:db8::ffff:1.2.3.4', '20010db8000000000000ffff01020304'],
    ['1:2:3:4:5:6:7:8', '00010002000300040005000600070008'],
  ])('gives the bytes of %s', (ip, bytes) => {
    expect(hex(ipBytes(ip))).toBe(bytes);
  });

  it('reads back what it wrote, through nested long-form lengths', () => {
    const inner = tlv(0x04, Buffer.alloc(200, 7));
    const der = sequence(inner, oid('2.5.4.3'));
    const [a, b] = children(der, readElement(der, 0));
    expect(a.end - a.start).toBe(200);
    expect(der.subarray(b.offset, b.end)).toEqual(oid('2.5.4.3'));
    expect(() => readElement(Buffer.from([0x30, 0x05, 0x00]), 0)).toThrow(/runs past the end/);
  });
});
