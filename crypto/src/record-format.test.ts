import { describe, expect, it } from 'vitest';
import {
  deriveSegmentKeys,
  encodeRecordHeader,
  parseRecordHeader,
  RECORD_HEADER_LENGTH,
  segmentAad,
  segmentNonce,
} from './record-format.ts';

describe('record header', () => {
  const salt = Uint8Array.from({ length: 16 }, (_, i) => i);
  const key = new Uint8Array(32).fill(7);

  it('lays out magic, version, segment size, salt and commitment in 57 bytes', () => {
    const { commitment } = deriveSegmentKeys(key, 65_536, salt);
    const header = encodeRecordHeader(65_536, salt, commitment);
    expect(header.length).toBe(RECORD_HEADER_LENGTH);
    expect(new TextDecoder().decode(header.subarray(0, 4))).toBe('MDCR');
    expect(header[4]).toBe(1);
    expect(Array.from(header.subarray(5, 9))).toEqual([0, 1, 0, 0]);
    expect(header.subarray(9, 25)).toEqual(salt);
    expect(header.subarray(25)).toEqual(commitment);
    expect(parseRecordHeader(header)).toEqual({ version: 1, segmentSize: 65_536, salt, commitment });
  });

  it('derives different keys for another salt, segment size or record key', () => {
    const base = deriveSegmentKeys(key, 1024, salt);
    expect(deriveSegmentKeys(key, 1024, salt)).toEqual(base);
    const others = [
      deriveSegmentKeys(key, 2048, salt),
      deriveSegmentKeys(
        key,
        1024,
        salt.map((b) => b ^ 1),
      ),
      deriveSegmentKeys(new Uint8Array(32).fill(8), 1024, salt),
    ];
    for (const other of others) {
      expect(other.segmentKey).not.toEqual(base.segmentKey);
      expect(other.noncePrefix).not.toEqual(base.noncePrefix);
      expect(other.commitment).not.toEqual(base.commitment);
    }
  });

  it('builds nonces from the prefix and a big-endian counter, and the AAD from the digest and final flag', () => {
    const prefix = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    expect(Array.from(segmentNonce(prefix, 0x01020304))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4]);
    const digest = new Uint8Array(32).fill(9);
    expect(segmentAad(digest, true).at(-1)).toBe(1);
    expect(segmentAad(digest, false).at(-1)).toBe(0);
    expect(segmentAad(digest, false).length).toBe(33);
  });

  it.each<[string, Uint8Array, string]>([
    ['other magic bytes', Uint8Array.of(0x25, 0x50, 0x44, 0x46, 1), 'MALFORMED_CIPHERTEXT'],
    ['version 2', Uint8Array.of(0x4d, 0x44, 0x43, 0x52, 2), 'UNSUPPORTED_VERSION'],
    ['a header cut short', Uint8Array.of(0x4d, 0x44, 0x43, 0x52, 1, 0, 0), 'CIPHERTEXT_TRUNCATED'],
    [
      'a segment size of zero',
      Uint8Array.from({ length: 57 }, (_, i) => [0x4d, 0x44, 0x43, 0x52, 1][i] ?? 0),
      'MALFORMED_CIPHERTEXT',
    ],
  ])('rejects %s', (_case, bytes, code) => {
    expect(() => parseRecordHeader(bytes)).toThrow(expect.objectContaining({ code }));
  });
});
