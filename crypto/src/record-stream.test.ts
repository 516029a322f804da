import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCryptoError } from './errors.ts';
import { decryptRecord, encryptRecord, generateRecordKey } from './record-cipher.ts';
import type { RecordContext } from './record-context.ts';
import { RECORD_HEADER_LENGTH, TAG_LENGTH } from './record-format.ts';
import {
  createDecryptStream,
  createEncryptStream,
  decryptRecordStream,
  encryptRecordStream,
} from './record-stream.ts';

const context: RecordContext = {
  patient: '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
  recordId: 'lab-results-2024',
  version: 1,
  contentType: 'application/pdf',
};

function bytes(length: number, seed = 7): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** `data` cut into chunks of the given sizes, cycling through them. */
function chunked(data: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let offset = 0, i = 0; offset < data.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length]!);
    chunks.push(data.slice(offset, offset + size));
    offset += size;
  }
  return chunks;
}

function readableOf(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

/** Reads everything, handing each chunk to `onChunk` as it arrives. */
async function collect(
  source: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
  onChunk: (chunk: Uint8Array) => void = () => {},
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const take = (part: Uint8Array) => {
    parts.push(part);
    onChunk(part);
  };
  if (source instanceof ReadableStream) {
    const reader = source.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) take(next.value);
  } else {
    for await (const part of source) take(part);
  }
  return Buffer.concat(parts);
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe('TransformStream form', () => {
  const key = generateRecordKey();

  it('round-trips 5 MiB through encrypt and decrypt streams in uneven chunks', async () => {
    const plaintext = bytes(5 * 1024 * 1024 + 123);
    const ciphertext = await collect(
      readableOf(chunked(plaintext, [65_536, 1, 100_000, 1_048_577])).pipeThrough(
        createEncryptStream({ key, context }),
      ),
    );
    const decrypted = await collect(
      readableOf(chunked(ciphertext, [300_001, 17, 4096])).pipeThrough(createDecryptStream({ key, context })),
    );
    expect(decrypted.length).toBe(plaintext.length);
    expect(same(decrypted, plaintext)).toBe(true);
  });

  it('is the same format as the one-shot functions, both ways', async () => {
    const plaintext = bytes(1000);
    const salt = bytes(16, 3);
    const streamed = await collect(
      readableOf(chunked(plaintext, [7, 64, 300])).pipeThrough(
        createEncryptStream({ key, context, segmentSize: 64, salt }),
      ),
    );
    const oneShot = await encryptRecord({ key, plaintext, context, segmentSize: 64, salt });
    expect(same(streamed, oneShot)).toBe(true);
    expect(same(await decryptRecord({ key, ciphertext: streamed, context }), plaintext)).toBe(true);
    const decrypted = await collect(
      readableOf(chunked(oneShot, [13])).pipeThrough(createDecryptStream({ key, context })),
    );
    expect(same(decrypted, plaintext)).toBe(true);
  });

  it('round-trips any plaintext in any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 400 }),
        fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 6 }),
        async (plaintext, inSizes, outSizes) => {
          const encrypt = createEncryptStream({ key, context, segmentSize: 32 });
          const ciphertext = await collect(readableOf(chunked(plaintext, inSizes)).pipeThrough(encrypt));
          const decrypt = createDecryptStream({ key, context });
          const decrypted = await collect(readableOf(chunked(ciphertext, outSizes)).pipeThrough(decrypt));
          expect(same(decrypted, plaintext)).toBe(true);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('encrypts an empty stream to a header and one empty final segment, and back to nothing', async () => {
    const ciphertext = await collect(readableOf([]).pipeThrough(createEncryptStream({ key, context })));
    expect(ciphertext.length).toBe(RECORD_HEADER_LENGTH + TAG_LENGTH);
    expect(
      (await collect(readableOf([ciphertext]).pipeThrough(createDecryptStream({ key, context })))).length,
    ).toBe(0);
  });

  it('errors the stream with CIPHERTEXT_TRUNCATED when the final segment is missing, after the authentic prefix', async () => {
    const plaintext = bytes(4 * 64);
    const ciphertext = await encryptRecord({ key, plaintext, context, segmentSize: 64 });
    const cut = ciphertext.subarray(0, RECORD_HEADER_LENGTH + 2 * (64 + TAG_LENGTH));
    const received: Uint8Array[] = [];
    const error = await collect(
      readableOf([cut]).pipeThrough(createDecryptStream({ key, context })),
      (part) => received.push(part),
    ).catch((e: unknown) => e);
    expect(isCryptoError(error, 'CIPHERTEXT_TRUNCATED')).toBe(true);
    // What came out before the error is authentic, but not the whole record.
    expect(same(Buffer.concat(received), plaintext.subarray(0, 64))).toBe(true);
  });

  it('errors the stream with CIPHERTEXT_TAMPERED on a modified segment', async () => {
    const ciphertext = (
      await encryptRecord({ key, plaintext: bytes(500), context, segmentSize: 64 })
    ).slice();
    ciphertext[RECORD_HEADER_LENGTH + 100]! ^= 0x80;
    const error = await collect(
      readableOf([ciphertext]).pipeThrough(createDecryptStream({ key, context })),
    ).catch((e: unknown) => e);
    expect(isCryptoError(error, 'CIPHERTEXT_TAMPERED')).toBe(true);
  });

  it('rejects a non-record from its first bytes, before a whole header has arrived', async () => {
    const decrypt = createDecryptStream({ key, context });
    const writer = decrypt.writable.getWriter();
    const reading = collect(decrypt.readable).catch((e: unknown) => e);
    const written = writer.write(new TextEncoder().encode('PK\x03\x04')).catch((e: unknown) => e);
    expect(isCryptoError(await written, 'MALFORMED_CIPHERTEXT')).toBe(true);
    expect(isCryptoError(await reading, 'MALFORMED_CIPHERTEXT')).toBe(true);
  });
});

describe('async-iterable form', () => {
  const key = generateRecordKey();

  it('round-trips from a generator of chunks', async () => {
    const plaintext = bytes(300_000);
    async function* source() {
      for (const chunk of chunked(plaintext, [10_000, 33_333])) yield chunk;
    }
    const ciphertext = await collect(encryptRecordStream(source(), { key, context, segmentSize: 65_536 }));
    expect(same(await decryptRecord({ key, ciphertext, context }), plaintext)).toBe(true);
    expect(
      same(await collect(decryptRecordStream(chunked(ciphertext, [9_999]), { key, context })), plaintext),
    ).toBe(true);
  });

  it('throws WRONG_KEY before yielding anything when the key is wrong', async () => {
    const ciphertext = await encryptRecord({ key, plaintext: bytes(1000), context, segmentSize: 64 });
    const received: Uint8Array[] = [];
    const error = await (async () => {
      for await (const part of decryptRecordStream([ciphertext], { key: generateRecordKey(), context })) {
        received.push(part);
      }
    })().catch((e: unknown) => e);
    expect(isCryptoError(error, 'WRONG_KEY')).toBe(true);
    expect(received).toEqual([]);
  });

  it('throws CIPHERTEXT_TAMPERED when segments arrive reordered', async () => {
    const ciphertext = await encryptRecord({ key, plaintext: bytes(64 * 3), context, segmentSize: 64 });
    const header = ciphertext.subarray(0, RECORD_HEADER_LENGTH);
    const [s0, s1, s2] = chunked(ciphertext.subarray(RECORD_HEADER_LENGTH), [64 + TAG_LENGTH]);
    const error = await collect(decryptRecordStream([header, s1!, s0!, s2!], { key, context })).catch(
      (e: unknown) => e,
    );
    expect(isCryptoError(error, 'CIPHERTEXT_TAMPERED')).toBe(true);
  });
});
