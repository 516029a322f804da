// Incremental record decryption: ciphertext goes in as chunks of any size, authenticated plaintext segments
// come out. Each segment returned is authentic, but only `finish` proves that none is missing at the end:
// act on the plaintext only once `finish` has returned.
import { equalBytes } from '@noble/ciphers/utils.js';
import { ByteQueue } from './byte-queue.ts';
import { CryptoError } from './errors.ts';
import { type RecordContext, recordContextDigest } from './record-context.ts';
import {
  assertRecordKey,
  checkRecordPrefix,
  deriveSegmentKeys,
  MAX_SEGMENTS,
  parseRecordHeader,
  RECORD_HEADER_LENGTH,
  type RecordHeader,
  TAG_LENGTH,
} from './record-format.ts';
import { createSegmentCipher, type SegmentCipher } from './segment-cipher.ts';

export interface RecordDecryptorOptions {
  /** The record key the ciphertext was made with. */
  key: Uint8Array;
  /** The context the ciphertext was made for. */
  context: RecordContext;
}

export class RecordDecryptor {
  #key: Uint8Array;
  #contextDigest: Uint8Array;
  #pending = new ByteQueue();
  #header: RecordHeader | undefined;
  #cipher: SegmentCipher | undefined;
  #index = 0;
  #finished = false;
  #failure: CryptoError | undefined;

  constructor({ key, context }: RecordDecryptorOptions) {
    assertRecordKey(key);
    this.#key = key.slice();
    this.#contextDigest = recordContextDigest(context);
  }

  /** The header, once its bytes have arrived. */
  get header(): RecordHeader | undefined {
    return this.#header;
  }

  /**
   * Adds ciphertext; returns the plaintext of the segments it completed, in order. Await each call before the
   * next.
   * @throws CryptoError MALFORMED_CIPHERTEXT, UNSUPPORTED_VERSION, WRONG_KEY, CIPHERTEXT_TAMPERED.
   */
  async push(chunk: Uint8Array): Promise<Uint8Array[]> {
    this.#assertUsable();
    if (!(chunk instanceof Uint8Array))
      throw new CryptoError('INVALID_ARGUMENT', 'ciphertext chunks are Uint8Array');
    this.#pending.push(chunk);
    const plaintexts = await this.#guard(async () => {
      const cipher = await this.#readHeader(false);
      if (!cipher) return [];
      const sealedLength = this.#header!.segmentSize + TAG_LENGTH;
      const jobs: Promise<Uint8Array>[] = [];
      // Strictly more than a sealed segment: the last one may be the final segment.
      while (this.#pending.length > sealedLength) {
        const index = this.#nextIndex();
        const sealed = this.#pending.read(sealedLength);
        jobs.push(
          cipher.open(index, false, sealed).then((plaintext) => {
            if (plaintext) return plaintext;
            throw new CryptoError('CIPHERTEXT_TAMPERED', 'a segment failed authentication', {
              details: `segment ${index}: modified, reordered, or for another record context`,
            });
          }),
        );
      }
      return Promise.all(jobs);
    });
    // The caller may reuse its buffer once this resolves: keep a copy of what waits for more bytes.
    this.#pending.own();
    return plaintexts;
  }

  /**
   * Opens the final segment: the stream is complete and authentic once this returns.
   * @throws CryptoError CIPHERTEXT_TRUNCATED when the final segment is missing, CIPHERTEXT_TAMPERED when it
   *   fails authentication, and the errors of `push`.
   */
  async finish(): Promise<Uint8Array> {
    this.#assertUsable();
    this.#finished = true;
    return this.#guard(async () => {
      const cipher = (await this.#readHeader(true))!;
      const rest = this.#pending.readAll();
      if (rest.length < TAG_LENGTH) {
        throw new CryptoError('CIPHERTEXT_TRUNCATED', 'the ciphertext ends before its final segment', {
          details: `${rest.length} bytes after segment ${this.#index}`,
        });
      }
      const index = this.#nextIndex();
      const plaintext = await cipher.open(index, true, rest);
      if (plaintext) return plaintext;
      // A complete segment that is not flagged final: everything after it was cut off.
      if (await cipher.open(index, false, rest)) {
        throw new CryptoError('CIPHERTEXT_TRUNCATED', 'the ciphertext ends before its final segment', {
          details: `segment ${index} is not the last one`,
        });
      }
      throw new CryptoError('CIPHERTEXT_TAMPERED', 'the final segment failed authentication', {
        details: `segment ${index}: modified, extended, or for another record context`,
      });
    });
  }

  /** Parses the header and checks the key commitment once enough bytes are there. */
  async #readHeader(complete: boolean): Promise<SegmentCipher | undefined> {
    if (this.#cipher) return this.#cipher;
    if (this.#pending.length < RECORD_HEADER_LENGTH && !complete) {
      // Reject a wrong magic or version early; the rest waits.
      checkRecordPrefix(this.#pending.peek(5));
      return undefined;
    }
    const header = parseRecordHeader(this.#pending.peek(RECORD_HEADER_LENGTH));
    const keys = deriveSegmentKeys(this.#key, header.segmentSize, header.salt);
    if (!equalBytes(keys.commitment, header.commitment)) {
      throw new CryptoError('WRONG_KEY', 'this record key does not open the ciphertext', {
        details: 'the key commitment in the header does not match (wrong key or modified header)',
      });
    }
    this.#pending.read(RECORD_HEADER_LENGTH);
    this.#cipher = await createSegmentCipher(keys, this.#contextDigest);
    this.#header = header;
    return this.#cipher;
  }

  #nextIndex(): number {
    if (this.#index >= MAX_SEGMENTS) {
      throw new CryptoError('CIPHERTEXT_TAMPERED', 'the ciphertext has more than 2^32 segments');
    }
    return this.#index++;
  }

  async #guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      // A failed decryptor stays failed: no plaintext after a bad segment.
      this.#failure =
        error instanceof CryptoError
          ? error
          : new CryptoError('CIPHERTEXT_TAMPERED', 'decryption failed', { cause: error });
      throw this.#failure;
    }
  }

  #assertUsable(): void {
    if (this.#failure) throw this.#failure;
    if (this.#finished) throw new CryptoError('INVALID_ARGUMENT', 'the decryptor is already finished');
  }
}
