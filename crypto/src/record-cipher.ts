// One-shot record encryption over whole byte arrays. Same format as the streaming form (record-stream.ts):
// either side can decrypt what the other made.
import { randomBytes } from '@noble/hashes/utils.js';
import { concatBytes } from './encoding.ts';
import type { RecordContext } from './record-context.ts';
import { RecordDecryptor } from './record-decryptor.ts';
import { RecordEncryptor, type RecordEncryptorOptions } from './record-encryptor.ts';
import { parseRecordHeader, RECORD_KEY_LENGTH, type RecordHeader } from './record-format.ts';

/** A fresh random 32-byte AES-256 key: one per record version, never reused. */
export function generateRecordKey(): Uint8Array {
  return randomBytes(RECORD_KEY_LENGTH);
}

export interface EncryptRecordParameters extends RecordEncryptorOptions {
  plaintext: Uint8Array;
}

/** Encrypts a whole record: header, then the sealed segments. */
export async function encryptRecord({
  plaintext,
  ...options
}: EncryptRecordParameters): Promise<Uint8Array<ArrayBuffer>> {
  const encryptor = new RecordEncryptor(options);
  const segments = await encryptor.push(plaintext);
  const last = await encryptor.finish();
  return concatBytes(encryptor.header, ...segments, last);
}

export interface DecryptRecordParameters {
  key: Uint8Array;
  ciphertext: Uint8Array;
  /** The context the record was encrypted for. */
  context: RecordContext;
}

/**
 * Decrypts and authenticates a whole record.
 * @throws CryptoError MALFORMED_CIPHERTEXT, UNSUPPORTED_VERSION, WRONG_KEY, CIPHERTEXT_TAMPERED (modified,
 *   reordered, extended, or another context), CIPHERTEXT_TRUNCATED.
 */
export async function decryptRecord({
  key,
  ciphertext,
  context,
}: DecryptRecordParameters): Promise<Uint8Array> {
  const decryptor = new RecordDecryptor({ key, context });
  const segments = await decryptor.push(ciphertext);
  const last = await decryptor.finish();
  return concatBytes(...segments, last);
}

/** The header of a record ciphertext (format version, segment size), without decrypting anything. */
export function readRecordHeader(ciphertext: Uint8Array): RecordHeader {
  return parseRecordHeader(ciphertext);
}
