import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { encodeRecordContext, type RecordContext, recordContextDigest } from './record-context.ts';

const context: RecordContext = {
  patient: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  recordId: 'r-1',
  version: 1,
  contentType: 'text/plain',
};

describe('record context', () => {
  it('encodes a label and each field length-prefixed', () => {
    const encoded = encodeRecordContext(context);
    const text = new TextDecoder().decode(encoded);
    expect(text).toContain('MediCrypt record context v1');
    // label (4+27) + patient (4+20) + record id (4+3) + version (4+4) + content type (4+10)
    expect(encoded.length).toBe(31 + 24 + 7 + 8 + 14);
    expect(recordContextDigest(context)).toEqual(sha256(encoded));
  });

  it('changes with every field, and not with the case of the address', () => {
    const digest = recordContextDigest(context);
    for (const change of [
      { patient: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' as const },
      { recordId: 'r-2' },
      { version: 2 },
      { contentType: 'text/plain;charset=utf-8' },
    ]) {
      expect(recordContextDigest({ ...context, ...change })).not.toEqual(digest);
    }
    const lower = { ...context, patient: context.patient.toLowerCase() as RecordContext['patient'] };
    expect(recordContextDigest(lower)).toEqual(digest);
  });

  it.each<[string, Partial<RecordContext>]>([
    ['an empty record id', { recordId: '' }],
    ['a record id over 256 bytes', { recordId: 'x'.repeat(257) }],
    ['a negative version', { version: -1 }],
    ['a version over 32 bits', { version: 2 ** 32 }],
    ['an empty content type', { contentType: '' }],
    ['a patient that is not an address', { patient: '0x1234' }],
  ])('refuses %s', (_case, change) => {
    expect(() => encodeRecordContext({ ...context, ...change })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
