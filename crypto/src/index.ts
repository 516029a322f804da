// @medicrypt/crypto: end-to-end encryption of MediCrypt records (docs/threat-model.md).
export { exportAccountSecretKey, importAccountSecretKey } from './account-key-export.ts';
export {
  type AccountKeyPair,
  accountKeyMessage,
  accountKeyPairFromSecretKey,
  assertX25519PublicKey,
  type DeriveAccountKeyPairParameters,
  deriveAccountKeyPair,
  generateAccountKeyPair,
} from './account-keys.ts';
export { fromBase64Url, fromHex, toBase64Url, toHex } from './encoding.ts';
export { CryptoError, type CryptoErrorCode, isCryptoError } from './errors.ts';
export {
  type EncryptionKeyTypedData,
  encryptionKeyDomain,
  encryptionKeyTypedData,
  encryptionKeyTypes,
  type KeyBinding,
  type KeyBindingVerifier,
  parseKeyBinding,
  type SignKeyBindingParameters,
  signKeyBinding,
  type VerifiedKeyBinding,
  type VerifyKeyBindingParameters,
  verifyKeyBinding,
} from './key-binding.ts';
export {
  KEY_ENVELOPE_ALGORITHM,
  KEY_ENVELOPE_VERSION,
  type KeyEnvelope,
  type KeyEnvelopeContext,
  parseKeyEnvelope,
  type UnwrapRecordKeyParameters,
  unwrapRecordKey,
  type WrapRecordKeyParameters,
  wrapRecordKey,
} from './key-envelope.ts';
export {
  type DecryptRecordParameters,
  decryptRecord,
  type EncryptRecordParameters,
  encryptRecord,
  generateRecordKey,
  readRecordHeader,
} from './record-cipher.ts';
export { encodeRecordContext, type RecordContext, recordContextDigest } from './record-context.ts';
export { RecordDecryptor, type RecordDecryptorOptions } from './record-decryptor.ts';
export { RecordEncryptor, type RecordEncryptorOptions } from './record-encryptor.ts';
export {
  DEFAULT_SEGMENT_SIZE,
  MAX_SEGMENT_SIZE,
  MIN_SEGMENT_SIZE,
  RECORD_FORMAT_VERSION,
  RECORD_HEADER_LENGTH,
  type RecordHeader,
  recordCiphertextLength,
} from './record-format.ts';
export {
  type ByteSource,
  createDecryptStream,
  createEncryptStream,
  decryptRecordStream,
  encryptRecordStream,
} from './record-stream.ts';
export { deriveResearchKey, RESEARCH_KEY_LENGTH } from './research-key.ts';
