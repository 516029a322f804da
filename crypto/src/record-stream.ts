// Streaming record encryption for files too large to hold twice in memory: a WHATWG TransformStream (for
// fetch bodies, Blob.stream(), the IPFS upload) and an async-iterable form (for Node streams and generators).
// Memory stays near one segment plus what the consumer has not read yet.
import { RecordDecryptor, type RecordDecryptorOptions } from './record-decryptor.ts';
import { RecordEncryptor, type RecordEncryptorOptions } from './record-encryptor.ts';

export type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** A TransformStream from plaintext bytes to the record ciphertext (header first). */
export function createEncryptStream(
  options: RecordEncryptorOptions,
): TransformStream<Uint8Array, Uint8Array> {
  const encryptor = new RecordEncryptor(options);
  return new TransformStream({
    start(controller) {
      controller.enqueue(encryptor.header);
    },
    async transform(chunk, controller) {
      for (const segment of await encryptor.push(chunk)) controller.enqueue(segment);
    },
    async flush(controller) {
      controller.enqueue(await encryptor.finish());
    },
  });
}

/**
 * A TransformStream from a record ciphertext to its plaintext. It errors with a CryptoError on the first
 * failure; the output is complete and authentic only when the readable side closes without error.
 */
export function createDecryptStream(
  options: RecordDecryptorOptions,
): TransformStream<Uint8Array, Uint8Array> {
  const decryptor = new RecordDecryptor(options);
  return new TransformStream({
    async transform(chunk, controller) {
      for (const plaintext of await decryptor.push(chunk)) controller.enqueue(plaintext);
    },
    async flush(controller) {
      const last = await decryptor.finish();
      if (last.length > 0) controller.enqueue(last);
    },
  });
}

/** Encrypts an iterable of plaintext chunks, yielding the header and then each sealed segment. */
export async function* encryptRecordStream(
  source: ByteSource,
  options: RecordEncryptorOptions,
): AsyncGenerator<Uint8Array, void, undefined> {
  const encryptor = new RecordEncryptor(options);
  yield encryptor.header;
  for await (const chunk of source) yield* await encryptor.push(chunk);
  yield await encryptor.finish();
}

/**
 * Decrypts an iterable of ciphertext chunks, yielding plaintext segment by segment. It throws a CryptoError on
 * the first failure; the plaintext is complete and authentic only once the iteration ends without one.
 */
export async function* decryptRecordStream(
  source: ByteSource,
  options: RecordDecryptorOptions,
): AsyncGenerator<Uint8Array, void, undefined> {
  const decryptor = new RecordDecryptor(options);
  for await (const chunk of source) yield* await decryptor.push(chunk);
  const last = await decryptor.finish();
  if (last.length > 0) yield last;
}
