// The key behind a patient's research pseudonyms (docs/research.md): HKDF-SHA256 of the account's X25519 secret
// key with its own info label, so only the patient's client can compute their pseudonym in a study, every device
// of theirs computes the same one, and it reveals nothing of the account key it comes from.
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8 } from './encoding.ts';
import { CryptoError } from './errors.ts';

/** Length of the research pseudonym key (HMAC-SHA256 key, 256 bits). */
export const RESEARCH_KEY_LENGTH = 32;
const RESEARCH_KEY_INFO = utf8('medicrypt/research-pseudonym');
const ACCOUNT_SECRET_KEY_LENGTH = 32;

/**
 * The patient's research pseudonym key, derived from their account secret key.
 * @throws CryptoError INVALID_KEY for a secret key that is not 32 bytes.
 */
export function deriveResearchKey(accountSecretKey: Uint8Array): Uint8Array {
  if (!(accountSecretKey instanceof Uint8Array) || accountSecretKey.length !== ACCOUNT_SECRET_KEY_LENGTH)
    throw new CryptoError('INVALID_KEY', `an account secret key is ${ACCOUNT_SECRET_KEY_LENGTH} bytes`);
  return hkdf(sha256, accountSecretKey, undefined, RESEARCH_KEY_INFO, RESEARCH_KEY_LENGTH);
}
