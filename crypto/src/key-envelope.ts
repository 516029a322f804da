// Wrapping a record key for one reader (ECIES over X25519): on approval the patient's client encrypts the
// record version's key to the grantee's published public key. The envelope is JSON and says what it is for,
// so it can be stored and served by the relayer, which cannot open it.
//
//   ephemeral key pair (e, E); shared = X25519(e, recipient public key)
//   okm = HKDF-SHA256(ikm = shared, salt = none, info = length-prefixed(label, E, recipient public key,
//         patient, record id, record version, content type, grantee), 44 bytes) → key (32) || nonce (12)
//   wrappedKey = AES-256-GCM(key, nonce, record key) → 32 bytes + 16-byte tag
//
// The info binds the envelope to its record version and grantee: opened under any other context, the tag fails.
// The envelope carries its context in clear (the relayer sees it), so a reader has the whole RecordContext it
// needs to decrypt the record.
import { gcm } from '@noble/ciphers/aes.js';
import { equalBytes } from '@noble/ciphers/utils.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { type Address, isAddressEqual } from 'viem';
import { accountKeyPairFromSecretKey, assertX25519PublicKey, X25519_KEY_LENGTH } from './account-keys.ts';
import {
  addressBytes,
  fromBase64Url,
  lengthPrefixed,
  normalizeAddress,
  toBase64Url,
  uint32BE,
  utf8,
} from './encoding.ts';
import { CryptoError } from './errors.ts';
import { contentTypeBytes, type RecordContext, recordIdBytes } from './record-context.ts';
import { assertRecordKey, RECORD_KEY_LENGTH, TAG_LENGTH } from './record-format.ts';

export const KEY_ENVELOPE_VERSION = 1;
export const KEY_ENVELOPE_ALGORITHM = 'X25519-HKDF-SHA256-A256GCM';

/** What a wrapped key is for: the record version's context (see RecordContext) and who may open it. */
export interface KeyEnvelopeContext extends RecordContext {
  /** The account allowed to unwrap: the doctor, researcher or delegate (or the patient, for their own copy). */
  grantee: Address;
}

/** A wrapped record key: JSON as is, byte fields in unpadded base64url. */
export interface KeyEnvelope {
  version: typeof KEY_ENVELOPE_VERSION;
  algorithm: typeof KEY_ENVELOPE_ALGORITHM;
  context: KeyEnvelopeContext;
  /** The X25519 public key it is encrypted to (from the grantee's key binding). */
  recipientPublicKey: string;
  ephemeralPublicKey: string;
  /** AES-256-GCM ciphertext of the 32-byte record key, with its tag. */
  wrappedKey: string;
}

const infoLabel = utf8('MediCrypt key envelope v1');

function normalizeContext(context: KeyEnvelopeContext): KeyEnvelopeContext {
  recordIdBytes(context.recordId);
  uint32BE(context.version);
  contentTypeBytes(context.contentType);
  return {
    patient: normalizeAddress(context.patient, 'patient'),
    recordId: context.recordId,
    version: context.version,
    contentType: context.contentType,
    grantee: normalizeAddress(context.grantee, 'grantee'),
  };
}

function deriveWrappingKey(
  shared: Uint8Array,
  ephemeralPublicKey: Uint8Array,
  recipientPublicKey: Uint8Array,
  context: KeyEnvelopeContext,
): { key: Uint8Array; nonce: Uint8Array } {
  const info = lengthPrefixed([
    infoLabel,
    ephemeralPublicKey,
    recipientPublicKey,
    addressBytes(context.patient),
    recordIdBytes(context.recordId),
    uint32BE(context.version),
    contentTypeBytes(context.contentType),
    addressBytes(context.grantee),
  ]);
  const okm = hkdf(sha256, shared, undefined, info, 44);
  return { key: okm.subarray(0, 32), nonce: okm.subarray(32, 44) };
}

export interface WrapRecordKeyParameters {
  /** The record version's 32-byte key. */
  recordKey: Uint8Array;
  /** The grantee's X25519 public key, from a verified key binding. */
  recipientPublicKey: Uint8Array;
  context: KeyEnvelopeContext;
  /** The ephemeral secret key. Leave it out: it is random. Fixed only by test vectors. */
  ephemeralSecretKey?: Uint8Array;
}

/**
 * Encrypts `recordKey` to `recipientPublicKey` for `context`.
 * @throws CryptoError INVALID_KEY (record key not 32 bytes, unusable public key), INVALID_ARGUMENT (context).
 */
export function wrapRecordKey({
  recordKey,
  recipientPublicKey,
  context,
  ephemeralSecretKey = randomBytes(X25519_KEY_LENGTH),
}: WrapRecordKeyParameters): KeyEnvelope {
  assertRecordKey(recordKey);
  assertX25519PublicKey(recipientPublicKey, 'recipient public key');
  const normalized = normalizeContext(context);
  const ephemeral = accountKeyPairFromSecretKey(ephemeralSecretKey);
  const shared = x25519.getSharedSecret(ephemeral.secretKey, recipientPublicKey);
  const { key, nonce } = deriveWrappingKey(shared, ephemeral.publicKey, recipientPublicKey, normalized);
  return {
    version: KEY_ENVELOPE_VERSION,
    algorithm: KEY_ENVELOPE_ALGORITHM,
    context: normalized,
    recipientPublicKey: toBase64Url(recipientPublicKey),
    ephemeralPublicKey: toBase64Url(ephemeral.publicKey),
    wrappedKey: toBase64Url(gcm(key, nonce).encrypt(recordKey)),
  };
}

export interface UnwrapRecordKeyParameters {
  /** The envelope, as received (an object parsed from JSON, or the JSON text). */
  envelope: unknown;
  /** The reader's X25519 secret key. */
  recipientSecretKey: Uint8Array;
  /** What the reader expects the key to be for: its own address as grantee, the record it is opening. */
  context: KeyEnvelopeContext;
}

/**
 * Opens an envelope and returns the 32-byte record key.
 * @throws CryptoError MALFORMED_ENVELOPE, UNSUPPORTED_VERSION, WRONG_RECIPIENT (another public key or grantee),
 *   WRONG_CONTEXT (another patient, record, version or content type), ENVELOPE_TAMPERED, INVALID_KEY.
 */
export function unwrapRecordKey({
  envelope,
  recipientSecretKey,
  context,
}: UnwrapRecordKeyParameters): Uint8Array {
  const parsed = parseKeyEnvelope(envelope);
  const expected = normalizeContext(context);
  const recipient = accountKeyPairFromSecretKey(recipientSecretKey);
  const envelopeRecipient = fromBase64Url(parsed.recipientPublicKey);
  if (!equalBytes(envelopeRecipient, recipient.publicKey)) {
    throw new CryptoError('WRONG_RECIPIENT', 'this key envelope is encrypted to another public key');
  }
  if (!isAddressEqual(parsed.context.grantee, expected.grantee)) {
    throw new CryptoError('WRONG_RECIPIENT', 'this key envelope is for another grantee', {
      details: `${parsed.context.grantee}, expected ${expected.grantee}`,
    });
  }
  const mismatch = (['patient', 'recordId', 'version', 'contentType'] as const).find((field) =>
    field === 'patient'
      ? !isAddressEqual(parsed.context.patient, expected.patient)
      : parsed.context[field] !== expected[field],
  );
  if (mismatch) {
    throw new CryptoError('WRONG_CONTEXT', 'this key envelope is for another record', {
      details: `${mismatch} differs`,
    });
  }
  const tampered = (cause?: unknown) =>
    new CryptoError('ENVELOPE_TAMPERED', 'the key envelope failed authentication', { cause });
  const ephemeralPublicKey = fromBase64Url(parsed.ephemeralPublicKey);
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(recipient.secretKey, ephemeralPublicKey);
  } catch (cause) {
    // Only a forged envelope carries a small-order ephemeral key.
    throw tampered(cause);
  }
  // The expected context, not the envelope's copy, goes into the derivation.
  const { key, nonce } = deriveWrappingKey(shared, ephemeralPublicKey, recipient.publicKey, expected);
  try {
    return gcm(key, nonce).decrypt(fromBase64Url(parsed.wrappedKey));
  } catch (cause) {
    throw tampered(cause);
  }
}

/**
 * Checks the shape of an envelope received as JSON (object or text).
 * @throws CryptoError MALFORMED_ENVELOPE, UNSUPPORTED_VERSION.
 */
export function parseKeyEnvelope(value: unknown): KeyEnvelope {
  const malformed = (details: string, cause?: unknown) =>
    new CryptoError('MALFORMED_ENVELOPE', 'the key envelope is malformed', { details, cause });
  let json = value;
  if (typeof value === 'string') {
    try {
      json = JSON.parse(value);
    } catch (cause) {
      throw malformed('not JSON', cause);
    }
  }
  if (typeof json !== 'object' || json === null) throw malformed('not an object');
  const envelope = json as Record<string, unknown>;
  if (envelope.version !== KEY_ENVELOPE_VERSION || envelope.algorithm !== KEY_ENVELOPE_ALGORITHM) {
    throw new CryptoError('UNSUPPORTED_VERSION', 'unsupported key envelope version or algorithm', {
      details: `${String(envelope.version)} ${String(envelope.algorithm)}`,
    });
  }
  const bytesField = (name: string, length: number): string => {
    const field = envelope[name];
    if (typeof field !== 'string') throw malformed(`no ${name}`);
    let bytes: Uint8Array;
    try {
      bytes = fromBase64Url(field);
    } catch (cause) {
      throw malformed(`${name} is not base64url`, cause);
    }
    if (bytes.length !== length) throw malformed(`${name} is not ${length} bytes`);
    return field;
  };
  const context = envelope.context;
  if (typeof context !== 'object' || context === null) throw malformed('no context');
  let normalized: KeyEnvelopeContext;
  try {
    normalized = normalizeContext(context as KeyEnvelopeContext);
  } catch (cause) {
    throw malformed('bad context', cause);
  }
  return {
    version: KEY_ENVELOPE_VERSION,
    algorithm: KEY_ENVELOPE_ALGORITHM,
    context: normalized,
    recipientPublicKey: bytesField('recipientPublicKey', X25519_KEY_LENGTH),
    ephemeralPublicKey: bytesField('ephemeralPublicKey', X25519_KEY_LENGTH),
    wrappedKey: bytesField('wrappedKey', RECORD_KEY_LENGTH + TAG_LENGTH),
  };
}
