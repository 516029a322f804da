// The record ciphertext format, version 1: a fixed header, then the plaintext in segments of `segmentSize`
// bytes, each sealed with AES-256-GCM (the STREAM construction, as in Tink's AES-GCM-HKDF streaming AEAD).
//
//   header (57 bytes)
//     0  magic          4  "MDCR"
//     4  version        1  0x01
//     5  segment size   4  plaintext bytes per segment, big-endian (16 B … 16 MiB)
//     9  salt          16  random per ciphertext
//    25  commitment    32  commits to the record key (see deriveSegmentKeys)
//   segments: AES-256-GCM(plaintext_i) || tag_i (16 bytes), every one but the last holding exactly
//     segmentSize plaintext bytes; the last holds 0 … segmentSize (0 only when it is the only one).
//
// The keys of a ciphertext come from the record key and the header through HKDF-SHA256, so the same record
// key never encrypts two ciphertexts under the same AES key and nonce, and a changed header changes them.
// Segment i uses nonce = noncePrefix (8 bytes) || i (4 bytes, big-endian) and authenticates
// AAD = SHA-256(record context) || final flag (1 byte): the counter stops reordering, the flag truncation.
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, uint32BE, utf8 } from './encoding.ts';
import { CryptoError } from './errors.ts';

export const RECORD_MAGIC = Uint8Array.of(0x4d, 0x44, 0x43, 0x52); // "MDCR"
export const RECORD_FORMAT_VERSION = 1;
export const RECORD_HEADER_LENGTH = 57;
export const RECORD_SALT_LENGTH = 16;
export const RECORD_KEY_LENGTH = 32;
export const TAG_LENGTH = 16;
export const DEFAULT_SEGMENT_SIZE = 1024 * 1024;
export const MIN_SEGMENT_SIZE = 16;
export const MAX_SEGMENT_SIZE = 16 * 1024 * 1024;
/** Segment counters are 32-bit. */
export const MAX_SEGMENTS = 2 ** 32;

export interface RecordHeader {
  version: number;
  segmentSize: number;
  salt: Uint8Array;
  commitment: Uint8Array;
}

export interface SegmentKeys {
  /** The AES-256-GCM key of every segment. */
  segmentKey: Uint8Array;
  /** The first 8 bytes of every segment nonce. */
  noncePrefix: Uint8Array;
  /** What the header's commitment must equal. */
  commitment: Uint8Array;
}

export function assertRecordKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length !== RECORD_KEY_LENGTH) {
    throw new CryptoError('INVALID_KEY', `a record key is ${RECORD_KEY_LENGTH} bytes`);
  }
}

export function assertSegmentSize(segmentSize: number): void {
  if (!Number.isInteger(segmentSize) || segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
    throw new CryptoError(
      'INVALID_ARGUMENT',
      `segmentSize must be an integer from ${MIN_SEGMENT_SIZE} to ${MAX_SEGMENT_SIZE}`,
      { details: String(segmentSize) },
    );
  }
}

/** The first 25 header bytes: everything but the commitment, which is derived from them. */
function headerPrefix(segmentSize: number, salt: Uint8Array): Uint8Array {
  return concatBytes(RECORD_MAGIC, Uint8Array.of(RECORD_FORMAT_VERSION), uint32BE(segmentSize), salt);
}

const keyInfo = utf8('MediCrypt record v1 segment keys');

/**
 * HKDF-SHA256(ikm = record key, salt = header salt, info = label || header[0..25]) → 72 bytes:
 * segment key (32) || nonce prefix (8) || commitment (32). Deriving the commitment with the keys makes the
 * format key-committing: one ciphertext cannot open under two record keys (AES-GCM alone allows it).
 */
export function deriveSegmentKeys(recordKey: Uint8Array, segmentSize: number, salt: Uint8Array): SegmentKeys {
  const okm = hkdf(sha256, recordKey, salt, concatBytes(keyInfo, headerPrefix(segmentSize, salt)), 72);
  return { segmentKey: okm.slice(0, 32), noncePrefix: okm.slice(32, 40), commitment: okm.slice(40, 72) };
}

export function encodeRecordHeader(
  segmentSize: number,
  salt: Uint8Array,
  commitment: Uint8Array,
): Uint8Array {
  return concatBytes(headerPrefix(segmentSize, salt), commitment);
}

/**
 * Checks the magic bytes and version among the first bytes of a ciphertext, however few have arrived.
 * @throws CryptoError MALFORMED_CIPHERTEXT, UNSUPPORTED_VERSION.
 */
export function checkRecordPrefix(bytes: Uint8Array): void {
  const magicLength = Math.min(bytes.length, RECORD_MAGIC.length);
  for (let i = 0; i < magicLength; i++) {
    if (bytes[i] !== RECORD_MAGIC[i]) {
      throw new CryptoError('MALFORMED_CIPHERTEXT', 'not a MediCrypt record ciphertext (wrong magic bytes)');
    }
  }
  if (bytes.length > 4 && bytes[4] !== RECORD_FORMAT_VERSION) {
    throw new CryptoError('UNSUPPORTED_VERSION', 'unsupported record ciphertext version', {
      details: `version ${bytes[4]}`,
    });
  }
}

/**
 * Reads the header at the start of `bytes`.
 * @throws CryptoError MALFORMED_CIPHERTEXT (not a record, or a segment size out of range),
 *   UNSUPPORTED_VERSION, CIPHERTEXT_TRUNCATED (fewer bytes than a header).
 */
export function parseRecordHeader(bytes: Uint8Array): RecordHeader {
  checkRecordPrefix(bytes);
  if (bytes.length < RECORD_HEADER_LENGTH) {
    throw new CryptoError('CIPHERTEXT_TRUNCATED', 'the ciphertext ends inside its header');
  }
  const segmentSize = new DataView(bytes.buffer, bytes.byteOffset + 5, 4).getUint32(0);
  if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
    throw new CryptoError('MALFORMED_CIPHERTEXT', 'the ciphertext header has an invalid segment size', {
      details: String(segmentSize),
    });
  }
  return {
    version: RECORD_FORMAT_VERSION,
    segmentSize,
    salt: bytes.slice(9, 25),
    commitment: bytes.slice(25, RECORD_HEADER_LENGTH),
  };
}

/** The 12-byte nonce of segment `index`. */
export function segmentNonce(noncePrefix: Uint8Array, index: number): Uint8Array {
  return concatBytes(noncePrefix, uint32BE(index));
}

/** The associated data of a segment: the context digest and whether it is the last segment. */
export function segmentAad(contextDigest: Uint8Array, final: boolean): Uint8Array {
  return concatBytes(contextDigest, Uint8Array.of(final ? 1 : 0));
}

/** The ciphertext length of `plaintextLength` bytes encrypted with `segmentSize` segments. */
export function recordCiphertextLength(plaintextLength: number, segmentSize = DEFAULT_SEGMENT_SIZE): number {
  assertSegmentSize(segmentSize);
  const segments = Math.max(1, Math.ceil(plaintextLength / segmentSize));
  return RECORD_HEADER_LENGTH + plaintextLength + segments * TAG_LENGTH;
}
