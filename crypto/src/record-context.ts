// The associated data of a record ciphertext: which patient's record, which record, which version, what
// content. It is authenticated by every segment (not encrypted, not stored in the ciphertext), so a ciphertext
// moved to another record, version or patient fails to decrypt.
import { sha256 } from '@noble/hashes/sha2.js';
import type { Address } from 'viem';
import { addressBytes, lengthPrefixed, uint32BE, utf8 } from './encoding.ts';
import { CryptoError } from './errors.ts';

export interface RecordContext {
  /** The patient who owns the record. */
  patient: Address;
  /**
   * The record's stable identifier across versions, chosen by the patient's client when the record is created
   * (a UUID or a bytes32 hex, for example). Compared byte for byte: 1 to 256 bytes of UTF-8.
   */
  recordId: string;
  /** The record version this ciphertext holds: 1 for a new record, previous + 1 for an update (as on chain). */
  version: number;
  /** The MIME type of the plaintext, e.g. `application/fhir+json`. Compared byte for byte. */
  contentType: string;
}

const label = utf8('MediCrypt record context v1');
export const MAX_RECORD_ID_BYTES = 256;
export const MAX_CONTENT_TYPE_BYTES = 256;

/** A record id as bytes. @throws CryptoError INVALID_ARGUMENT unless 1–256 bytes of UTF-8. */
export function recordIdBytes(recordId: string): Uint8Array {
  const bytes = typeof recordId === 'string' ? utf8(recordId) : new Uint8Array();
  if (bytes.length === 0 || bytes.length > MAX_RECORD_ID_BYTES) {
    throw new CryptoError('INVALID_ARGUMENT', `recordId must be 1 to ${MAX_RECORD_ID_BYTES} bytes of UTF-8`);
  }
  return bytes;
}

/** A content type as bytes. @throws CryptoError INVALID_ARGUMENT unless 1–256 bytes of UTF-8. */
export function contentTypeBytes(contentType: string): Uint8Array {
  const bytes = typeof contentType === 'string' ? utf8(contentType) : new Uint8Array();
  if (bytes.length === 0 || bytes.length > MAX_CONTENT_TYPE_BYTES) {
    throw new CryptoError('INVALID_ARGUMENT', `contentType must be 1 to ${MAX_CONTENT_TYPE_BYTES} bytes`);
  }
  return bytes;
}

/** The canonical encoding of a record context: a label, then each field length-prefixed. */
export function encodeRecordContext(context: RecordContext): Uint8Array {
  return lengthPrefixed([
    label,
    addressBytes(context.patient, 'patient'),
    recordIdBytes(context.recordId),
    uint32BE(context.version),
    contentTypeBytes(context.contentType),
  ]);
}

/** SHA-256 of the encoded context: the 32 bytes every segment authenticates. */
export function recordContextDigest(context: RecordContext): Uint8Array {
  return sha256(encodeRecordContext(context));
}
