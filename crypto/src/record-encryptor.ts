// Incremental record encryption: plaintext goes in as chunks of any size, sealed segments come out. The last
// `segmentSize` bytes are held back until `finish`, because only then is it known which segment is final.
import { randomBytes } from '@noble/hashes/utils.js';
import { ByteQueue } from './byte-queue.ts';
import { CryptoError } from './errors.ts';
import { type RecordContext, recordContextDigest } from './record-context.ts';
import {
  assertRecordKey,
  assertSegmentSize,
  DEFAULT_SEGMENT_SIZE,
  deriveSegmentKeys,
  encodeRecordHeader,
  MAX_SEGMENTS,
  RECORD_SALT_LENGTH,
} from './record-format.ts';
import { createSegmentCipher, type SegmentCipher } from './segment-cipher.ts';

export interface RecordEncryptorOptions {
  /** The 32-byte record key: fresh and random for every record version (`generateRecordKey`). */
  key: Uint8Array;
  /** The associated data: the decrypting side must name the same context. */
  context: RecordContext;
  /** Plaintext bytes per segment (default 1 MiB); the decrypting side buffers one segment. */
  segmentSize?: number;
  /** The header salt. Leave it out: it is random. Fixed only by test vectors. */
  salt?: Uint8Array;
}

export class RecordEncryptor {
  /** The ciphertext's first bytes, to write before any segment. */
  readonly header: Uint8Array;
  readonly segmentSize: number;
  #cipher: Promise<SegmentCipher>;
  #pending = new ByteQueue();
  #index = 0;
  #finished = false;

  constructor({ key, context, segmentSize = DEFAULT_SEGMENT_SIZE, salt }: RecordEncryptorOptions) {
    assertRecordKey(key);
    assertSegmentSize(segmentSize);
    if (salt !== undefined && (!(salt instanceof Uint8Array) || salt.length !== RECORD_SALT_LENGTH)) {
      throw new CryptoError('INVALID_ARGUMENT', `the salt is ${RECORD_SALT_LENGTH} bytes`);
    }
    const headerSalt = salt ?? randomBytes(RECORD_SALT_LENGTH);
    const keys = deriveSegmentKeys(key, segmentSize, headerSalt);
    this.segmentSize = segmentSize;
    this.header = encodeRecordHeader(segmentSize, headerSalt, keys.commitment);
    this.#cipher = createSegmentCipher(keys, recordContextDigest(context));
    // Awaited by push and finish; this only keeps an unused encryptor from an unhandled rejection.
    this.#cipher.catch(() => {});
  }

  /**
   * Adds plaintext; returns the segments it completed, in order (none while less than a segment waits).
   * Await each call before the next.
   */
  async push(chunk: Uint8Array): Promise<Uint8Array[]> {
    this.#assertOpen();
    if (!(chunk instanceof Uint8Array))
      throw new CryptoError('INVALID_ARGUMENT', 'plaintext chunks are Uint8Array');
    this.#pending.push(chunk);
    const jobs: Promise<Uint8Array>[] = [];
    const cipher = await this.#cipher;
    // Strictly more than a segment: the bytes held back may still turn out to be the final segment.
    while (this.#pending.length > this.segmentSize) {
      jobs.push(cipher.seal(this.#nextIndex(), false, this.#pending.read(this.segmentSize)));
    }
    const sealed = await Promise.all(jobs);
    // The caller may reuse its buffer once this resolves: keep a copy of what is held back.
    this.#pending.own();
    return sealed;
  }

  /** Seals what is held back as the final segment (an empty one when the plaintext was empty). */
  async finish(): Promise<Uint8Array> {
    this.#assertOpen();
    this.#finished = true;
    const cipher = await this.#cipher;
    return cipher.seal(this.#nextIndex(), true, this.#pending.readAll());
  }

  #nextIndex(): number {
    if (this.#index >= MAX_SEGMENTS) {
      throw new CryptoError('INVALID_ARGUMENT', 'the plaintext needs more than 2^32 segments');
    }
    return this.#index++;
  }

  #assertOpen(): void {
    if (this.#finished) throw new CryptoError('INVALID_ARGUMENT', 'the encryptor is already finished');
  }
}
