import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addressBytes,
  fromBase64Url,
  fromHex,
  lengthPrefixed,
  normalizeAddress,
  toBase64Url,
  toHex,
  uint32BE,
} from './encoding.ts';

describe('base64url', () => {
  it('matches Node for every length and round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), (bytes) => {
        const text = toBase64Url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(fromBase64Url(text)).toEqual(bytes);
      }),
    );
  });

  it.each(['A', 'AB=', 'AB+/', 'ab cd', 'AB==', 'AR', 'AAB'])(
    'rejects %j (padding, other alphabets, non-canonical)',
    (text) => {
      expect(() => fromBase64Url(text)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    },
  );
});

describe('hex', () => {
  it('round-trips lowercase 0x-hex and accepts either case', () => {
    expect(toHex(Uint8Array.of(0, 0xab, 0xff))).toBe('0x00abff');
    expect(fromHex('0x00ABff')).toEqual(Uint8Array.of(0, 0xab, 0xff));
    expect(fromHex('0x')).toEqual(new Uint8Array());
  });

  it.each(['00ab', '0xabc', '0xzz'])('rejects %j', (hex) => {
    expect(() => fromHex(hex)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('lengthPrefixed', () => {
  it('keeps field boundaries: moving a byte between fields changes the encoding', () => {
    const a = lengthPrefixed([Uint8Array.of(1, 2), Uint8Array.of(3)]);
    const b = lengthPrefixed([Uint8Array.of(1), Uint8Array.of(2, 3)]);
    expect(a).toEqual(Uint8Array.of(0, 0, 0, 2, 1, 2, 0, 0, 0, 1, 3));
    expect(a).not.toEqual(b);
  });

  it('writes 32-bit big-endian integers and refuses others', () => {
    expect(uint32BE(0x01020304)).toEqual(Uint8Array.of(1, 2, 3, 4));
    for (const bad of [-1, 2 ** 32, 1.5, Number.NaN]) {
      expect(() => uint32BE(bad)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
  });
});

describe('addresses', () => {
  it('normalises any case to the checksummed form and 20 bytes', () => {
    const address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
    expect(normalizeAddress(address.toLowerCase())).toBe(address);
    expect(addressBytes(address)).toEqual(fromHex(address));
  });

  it('refuses what is not an address', () => {
    expect(() => normalizeAddress('0x1234', 'patient')).toThrow(/patient is not an Ethereum address/);
  });
});
