// Export and import of an account secret key as text, for keys that cannot be derived again from a signature
// (random keys of smart-contract accounts and non-deterministic signers). The text is the secret itself:
// whoever holds it reads the account's records, so it belongs in a password manager or on paper, not in a
// chat or a cloud note. A 4-byte checksum catches copying mistakes.

import { equalBytes } from '@noble/ciphers/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { type AccountKeyPair, accountKeyPairFromSecretKey, X25519_KEY_LENGTH } from './account-keys.ts';
import { concatBytes, fromBase64Url, toBase64Url, utf8 } from './encoding.ts';
import { CryptoError } from './errors.ts';

export const ACCOUNT_KEY_EXPORT_PREFIX = 'medicrypt-secret-key-v1:';

function checksum(secretKey: Uint8Array): Uint8Array {
  return sha256(concatBytes(utf8(ACCOUNT_KEY_EXPORT_PREFIX), secretKey)).subarray(0, 4);
}

/** `medicrypt-secret-key-v1:` followed by base64url(secret key || checksum). */
export function exportAccountSecretKey(keyPair: AccountKeyPair): string {
  const { secretKey } = accountKeyPairFromSecretKey(keyPair.secretKey);
  return ACCOUNT_KEY_EXPORT_PREFIX + toBase64Url(concatBytes(secretKey, checksum(secretKey)));
}

/**
 * The key pair of an exported secret key (surrounding whitespace is ignored).
 * @throws CryptoError INVALID_KEY when the text is not an export or its checksum does not match.
 */
export function importAccountSecretKey(text: string): AccountKeyPair {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  if (!trimmed.startsWith(ACCOUNT_KEY_EXPORT_PREFIX)) {
    throw new CryptoError('INVALID_KEY', 'not an exported MediCrypt secret key');
  }
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(trimmed.slice(ACCOUNT_KEY_EXPORT_PREFIX.length));
  } catch (cause) {
    throw new CryptoError('INVALID_KEY', 'the exported secret key is not valid base64url', { cause });
  }
  if (bytes.length !== X25519_KEY_LENGTH + 4) {
    throw new CryptoError('INVALID_KEY', 'the exported secret key has the wrong length');
  }
  const secretKey = bytes.subarray(0, X25519_KEY_LENGTH);
  if (!equalBytes(checksum(secretKey), bytes.subarray(X25519_KEY_LENGTH))) {
    throw new CryptoError('INVALID_KEY', 'the exported secret key has a wrong checksum (a copying mistake?)');
  }
  return accountKeyPairFromSecretKey(secretKey);
}
