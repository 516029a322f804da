import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CryptoErrorCode, isCryptoError } from './errors.ts';
import { decryptRecord, encryptRecord, generateRecordKey, readRecordHeader } from './record-cipher.ts';
import type { RecordContext } from './record-context.ts';
import { RECORD_HEADER_LENGTH, recordCiphertextLength, TAG_LENGTH } from './record-format.ts';

const context: RecordContext = {
  patient: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  recordId: '7f1c1b52-5a39-4b6e-9f0e-2a1d3c4b5e6f',
  version: 3,
  contentType: 'application/fhir+json',
};
const S = 16; // a small segment size makes multi-segment cases cheap to enumerate
const sealed = S + TAG_LENGTH;

function bytes(length: number, seed = 1): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff);
}

async function expectCode(promise: Promise<unknown>, code: CryptoErrorCode): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isCryptoError(error) ? error.code : error).toBe(code);
}

/** Segment i of a ciphertext (after the header). */
function segmentRange(i: number): [number, number] {
  return [RECORD_HEADER_LENGTH + i * sealed, RECORD_HEADER_LENGTH + (i + 1) * sealed];
}

describe('encryptRecord / decryptRecord', () => {
  const key = generateRecordKey();

  it.each([0, 1, S - 1, S, S + 1, 2 * S, 2 * S + 1, 5 * S, 5 * S + 7])(
    'round-trips %i bytes across segment boundaries',
    async (length) => {
      const plaintext = bytes(length);
      const ciphertext = await encryptRecord({ key, plaintext, context, segmentSize: S });
      expect(ciphertext.length).toBe(recordCiphertextLength(length, S));
      expect(await decryptRecord({ key, ciphertext, context })).toEqual(plaintext);
    },
  );

  it('makes one segment per started segmentSize bytes, a full last segment included, and one for empty input', () => {
    expect(recordCiphertextLength(0, S)).toBe(RECORD_HEADER_LENGTH + TAG_LENGTH);
    expect(recordCiphertextLength(S, S)).toBe(RECORD_HEADER_LENGTH + sealed);
    expect(recordCiphertextLength(2 * S, S)).toBe(RECORD_HEADER_LENGTH + 2 * sealed);
    expect(recordCiphertextLength(2 * S + 1, S)).toBe(RECORD_HEADER_LENGTH + 2 * sealed + 1 + TAG_LENGTH);
  });

  it('round-trips with the default 1 MiB segments over several segments', async () => {
    const plaintext = bytes(2 * 1024 * 1024 + 5);
    const ciphertext = await encryptRecord({ key, plaintext, context });
    expect(readRecordHeader(ciphertext).segmentSize).toBe(1024 * 1024);
    const decrypted = await decryptRecord({ key, ciphertext, context });
    // Buffer.equals: toEqual walks megabytes element by element.
    expect(Buffer.from(decrypted).equals(Buffer.from(plaintext))).toBe(true);
  });

  it('round-trips any plaintext and segment size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.integer({ min: 16, max: 80 }),
        async (plaintext, size) => {
          const ciphertext = await encryptRecord({ key, plaintext, context, segmentSize: size });
          expect(await decryptRecord({ key, ciphertext, context })).toEqual(plaintext);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('never encrypts the same plaintext twice to the same bytes (random salt)', async () => {
    const plaintext = bytes(40);
    const a = await encryptRecord({ key, plaintext, context, segmentSize: S });
    const b = await encryptRecord({ key, plaintext, context, segmentSize: S });
    expect(a).not.toEqual(b);
    expect(readRecordHeader(a).salt).not.toEqual(readRecordHeader(b).salt);
  });

  it('does not contain the plaintext', async () => {
    const plaintext = new TextEncoder().encode('Diagnosis: hypertension. Diagnosis: hypertension.');
    const ciphertext = await encryptRecord({ key, plaintext, context, segmentSize: S });
    expect(Buffer.from(ciphertext).includes(Buffer.from('hypertension'))).toBe(false);
  });

  it('rejects keys that are not 32 bytes and segment sizes out of range', async () => {
    await expectCode(encryptRecord({ key: new Uint8Array(16), plaintext: bytes(1), context }), 'INVALID_KEY');
    await expectCode(
      decryptRecord({ key: new Uint8Array(31), ciphertext: bytes(80), context }),
      'INVALID_KEY',
    );
    await expectCode(
      encryptRecord({ key, plaintext: bytes(1), context, segmentSize: 15 }),
      'INVALID_ARGUMENT',
    );
    await expectCode(
      encryptRecord({ key, plaintext: bytes(1), context, segmentSize: 16 * 1024 * 1024 + 1 }),
      'INVALID_ARGUMENT',
    );
  });
});

describe('decryptRecord refuses what it was not given', () => {
  const key = generateRecordKey();
  const plaintext = bytes(3 * S + 5); // segments 0, 1, 2 full; segment 3 final with 5 bytes
  const made = encryptRecord({ key, plaintext, context, segmentSize: S });

  it('a different key: WRONG_KEY, from the header, before any segment', async () => {
    await expectCode(
      decryptRecord({ key: generateRecordKey(), ciphertext: await made, context }),
      'WRONG_KEY',
    );
  });

  it.each<[string, Partial<RecordContext>]>([
    ['patient', { patient: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' }],
    ['recordId', { recordId: '7f1c1b52-5a39-4b6e-9f0e-2a1d3c4b5e60' }],
    ['version', { version: 2 }],
    ['contentType', { contentType: 'application/pdf' }],
  ])('another %s in the associated data: CIPHERTEXT_TAMPERED', async (_field, change) => {
    await expectCode(
      decryptRecord({ key, ciphertext: await made, context: { ...context, ...change } }),
      'CIPHERTEXT_TAMPERED',
    );
  });

  it('accepts the patient address in any case (it is the same address)', async () => {
    const lower = { ...context, patient: context.patient.toLowerCase() as RecordContext['patient'] };
    expect(await decryptRecord({ key, ciphertext: await made, context: lower })).toEqual(plaintext);
  });
});

describe('tampering', () => {
  const key = generateRecordKey();
  const plaintext = bytes(3 * S + 5);
  const made = encryptRecord({ key, plaintext, context, segmentSize: S });

  async function withByte(offset: number, value: (b: number) => number): Promise<Uint8Array> {
    const copy = (await made).slice();
    copy[offset] = value(copy[offset]!);
    return copy;
  }
  const flip = (b: number) => b ^ 0x01;

  it.each<[string, number, CryptoErrorCode]>([
    ['magic', 0, 'MALFORMED_CIPHERTEXT'],
    ['version', 4, 'UNSUPPORTED_VERSION'],
    ['segment size', 8, 'WRONG_KEY'],
    ['salt', 9, 'WRONG_KEY'],
    ['salt end', 24, 'WRONG_KEY'],
    ['commitment', 25, 'WRONG_KEY'],
    ['commitment end', 56, 'WRONG_KEY'],
  ])('a flipped bit in the header %s (byte %i): %s', async (_part, offset, code) => {
    await expectCode(decryptRecord({ key, ciphertext: await withByte(offset, flip), context }), code);
  });

  it('a segment size outside the allowed range: MALFORMED_CIPHERTEXT', async () => {
    await expectCode(
      decryptRecord({ key, ciphertext: await withByte(5, () => 0xff), context }),
      'MALFORMED_CIPHERTEXT',
    );
  });

  it('any flipped bit in any segment, body or tag: CIPHERTEXT_TAMPERED', async () => {
    const ciphertext = await made;
    for (let offset = RECORD_HEADER_LENGTH; offset < ciphertext.length; offset++) {
      await expectCode(
        decryptRecord({ key, ciphertext: await withByte(offset, flip), context }),
        'CIPHERTEXT_TAMPERED',
      );
    }
  });

  it('any bit flipped anywhere fails with a typed error and no plaintext', async () => {
    const ciphertext = await made;
    await fc.assert(
      fc.asyncProperty(
        fc.nat(ciphertext.length - 1),
        fc.integer({ min: 1, max: 255 }),
        async (offset, mask) => {
          const copy = ciphertext.slice();
          copy[offset]! ^= mask;
          const error = await decryptRecord({ key, ciphertext: copy, context }).catch((e: unknown) => e);
          expect(isCryptoError(error)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('swapping two segments: CIPHERTEXT_TAMPERED', async () => {
    const ciphertext = (await made).slice();
    const [a0, a1] = segmentRange(0);
    const [b0, b1] = segmentRange(1);
    const first = ciphertext.slice(a0, a1);
    ciphertext.set(ciphertext.slice(b0, b1), a0);
    ciphertext.set(first, b0);
    await expectCode(decryptRecord({ key, ciphertext, context }), 'CIPHERTEXT_TAMPERED');
  });

  it('dropping a middle segment: CIPHERTEXT_TAMPERED', async () => {
    const ciphertext = await made;
    const [start, end] = segmentRange(1);
    const dropped = new Uint8Array([...ciphertext.subarray(0, start), ...ciphertext.subarray(end)]);
    await expectCode(decryptRecord({ key, ciphertext: dropped, context }), 'CIPHERTEXT_TAMPERED');
  });

  it('repeating a segment: CIPHERTEXT_TAMPERED', async () => {
    const ciphertext = await made;
    const [start, end] = segmentRange(0);
    const repeated = new Uint8Array([
      ...ciphertext.subarray(0, end),
      ...ciphertext.subarray(start, end),
      ...ciphertext.subarray(end),
    ]);
    await expectCode(decryptRecord({ key, ciphertext: repeated, context }), 'CIPHERTEXT_TAMPERED');
  });

  it('splicing in a segment of another ciphertext under the same key: CIPHERTEXT_TAMPERED', async () => {
    const ciphertext = (await made).slice();
    const other = await encryptRecord({ key, plaintext, context, segmentSize: S });
    const [start, end] = segmentRange(1);
    ciphertext.set(other.subarray(start, end), start);
    await expectCode(decryptRecord({ key, ciphertext, context }), 'CIPHERTEXT_TAMPERED');
  });

  it('bytes appended after the final segment: CIPHERTEXT_TAMPERED', async () => {
    const ciphertext = await made;
    for (const extra of [1, 15, 16, 17, sealed, sealed + 3]) {
      const extended = new Uint8Array([...ciphertext, ...bytes(extra, 9)]);
      await expectCode(decryptRecord({ key, ciphertext: extended, context }), 'CIPHERTEXT_TAMPERED');
    }
  });
});

describe('truncation', () => {
  const key = generateRecordKey();

  it('cut at any segment boundary: CIPHERTEXT_TRUNCATED', async () => {
    // 4 full segments and no partial one: the last full segment is the final one.
    const ciphertext = await encryptRecord({ key, plaintext: bytes(4 * S), context, segmentSize: S });
    for (const segments of [1, 2, 3]) {
      const cut = ciphertext.subarray(0, RECORD_HEADER_LENGTH + segments * sealed);
      await expectCode(decryptRecord({ key, ciphertext: cut, context }), 'CIPHERTEXT_TRUNCATED');
    }
  });

  it('the final partial segment removed: CIPHERTEXT_TRUNCATED', async () => {
    const ciphertext = await encryptRecord({ key, plaintext: bytes(2 * S + 3), context, segmentSize: S });
    const cut = ciphertext.subarray(0, ciphertext.length - (3 + TAG_LENGTH));
    await expectCode(decryptRecord({ key, ciphertext: cut, context }), 'CIPHERTEXT_TRUNCATED');
  });

  it('nothing after the header, a partial header, or nothing at all: CIPHERTEXT_TRUNCATED', async () => {
    const ciphertext = await encryptRecord({ key, plaintext: bytes(0), context, segmentSize: S });
    for (const length of [
      0,
      3,
      5,
      RECORD_HEADER_LENGTH - 1,
      RECORD_HEADER_LENGTH,
      RECORD_HEADER_LENGTH + 15,
    ]) {
      await expectCode(
        decryptRecord({ key, ciphertext: ciphertext.subarray(0, length), context }),
        'CIPHERTEXT_TRUNCATED',
      );
    }
  });

  it('cut inside a segment: fails (TAMPERED or TRUNCATED) for every length', async () => {
    const ciphertext = await encryptRecord({ key, plaintext: bytes(2 * S + 3), context, segmentSize: S });
    for (let length = RECORD_HEADER_LENGTH; length < ciphertext.length; length++) {
      const error = await decryptRecord({ key, ciphertext: ciphertext.subarray(0, length), context }).catch(
        (e: unknown) => e,
      );
      expect(
        isCryptoError(error, 'CIPHERTEXT_TAMPERED') || isCryptoError(error, 'CIPHERTEXT_TRUNCATED'),
      ).toBe(true);
    }
  });
});

describe('readRecordHeader', () => {
  it('reads the format version and segment size without the key', async () => {
    const ciphertext = await encryptRecord({
      key: generateRecordKey(),
      plaintext: bytes(10),
      context,
      segmentSize: 4096,
    });
    expect(readRecordHeader(ciphertext)).toMatchObject({ version: 1, segmentSize: 4096 });
  });

  it('rejects bytes that are not a record', () => {
    expect(() =>
      readRecordHeader(new TextEncoder().encode('%PDF-1.7 not encrypted at all, not at all')),
    ).toThrow(expect.objectContaining({ code: 'MALFORMED_CIPHERTEXT' }));
  });
});
