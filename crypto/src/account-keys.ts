// Each account's X25519 key pair. The usual way to get it is to derive it from a wallet signature over a
// fixed message, so the same wallet recovers the same key on any device with nothing to back up: MetaMask and
// other EOA wallets sign with RFC 6979 deterministic ECDSA, so the same key and message always give the same
// signature. Signers that are not deterministic (some hardware and MPC wallets, smart-contract accounts
// with ERC-1271) would give a new key each time: they use a random key (`generateAccountKeyPair`) and keep it
// with `exportAccountSecretKey`.
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/abstract/utils.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { type Address, type Hex, isAddressEqual, recoverMessageAddress } from 'viem';
import { addressBytes, concatBytes, fromHex, normalizeAddress, utf8 } from './encoding.ts';
import { CryptoError } from './errors.ts';

export interface AccountKeyPair {
  /** The X25519 secret key (32 bytes). Never leaves the device unencrypted, except by deliberate export. */
  secretKey: Uint8Array;
  /** The X25519 public key (32 bytes), published with a key binding. */
  publicKey: Uint8Array;
}

export const X25519_KEY_LENGTH = 32;

/**
 * The EIP-191 message the wallet signs to derive the account's encryption key. It never changes for an
 * address: a new wording would be a new key (and a new `v2` label).
 */
export function accountKeyMessage(address: string): string {
  return [
    'MediCrypt encryption key v1',
    '',
    'Signing this message derives your MediCrypt encryption key. Anyone who has this signature can read ' +
      'the records shared with you, so sign it only in the MediCrypt extension. It costs no gas and sends ' +
      'no transaction.',
    '',
    `Address: ${normalizeAddress(address)}`,
  ].join('\n');
}

export interface DeriveAccountKeyPairParameters {
  /** The account that signed. */
  address: string;
  /** Its `personal_sign` signature over `accountKeyMessage(address)`: 65 bytes, r || s || v. */
  signature: Hex;
}

const derivationSalt = utf8('MediCrypt account key v1');
const derivationInfo = utf8('X25519 secret key');
const halfOrder = secp256k1.CURVE.n >> 1n;

/**
 * Derives the account's key pair from its signature of `accountKeyMessage(address)`:
 * X25519 secret = HKDF-SHA256(ikm = r || s, salt = "MediCrypt account key v1",
 * info = "X25519 secret key" || address, 32 bytes). The signature is checked first, so a signature by another
 * account (the wallet switched accounts) cannot silently give a key nobody can derive again. `v` is left out
 * and `s` taken in its low form, so wallets that differ only in those encodings derive the same key.
 * @throws CryptoError INVALID_SIGNATURE when the signature is not 65 bytes or not by `address` over the message.
 */
export async function deriveAccountKeyPair({
  address,
  signature,
}: DeriveAccountKeyPairParameters): Promise<AccountKeyPair> {
  const account = normalizeAddress(address);
  let bytes: Uint8Array;
  try {
    bytes = fromHex(signature);
  } catch (cause) {
    throw new CryptoError('INVALID_SIGNATURE', 'the key signature is not hex', { cause });
  }
  if (bytes.length !== 65) {
    throw new CryptoError('INVALID_SIGNATURE', 'the key signature is not a 65-byte ECDSA signature', {
      details: `${bytes.length} bytes; smart-contract accounts use a random key instead`,
    });
  }
  let signer: Address;
  try {
    signer = await recoverMessageAddress({ message: accountKeyMessage(account), signature });
  } catch (cause) {
    throw new CryptoError('INVALID_SIGNATURE', 'the key signature cannot be verified', { cause });
  }
  if (!isAddressEqual(signer, account)) {
    throw new CryptoError('INVALID_SIGNATURE', 'the key signature is not by this account', {
      details: `signed by ${signer}, expected ${account}`,
    });
  }
  const s = bytesToNumberBE(bytes.subarray(32, 64));
  const lowS = s > halfOrder ? secp256k1.CURVE.n - s : s;
  const ikm = concatBytes(bytes.subarray(0, 32), numberToBytesBE(lowS, 32));
  const info = concatBytes(derivationInfo, addressBytes(account));
  return accountKeyPairFromSecretKey(hkdf(sha256, ikm, derivationSalt, info, X25519_KEY_LENGTH));
}

/** A random key pair, for accounts whose signatures are not deterministic. */
export function generateAccountKeyPair(): AccountKeyPair {
  return accountKeyPairFromSecretKey(randomBytes(X25519_KEY_LENGTH));
}

/** The key pair of a secret key (e.g. one restored from an export). @throws CryptoError INVALID_KEY. */
export function accountKeyPairFromSecretKey(secretKey: Uint8Array): AccountKeyPair {
  if (!(secretKey instanceof Uint8Array) || secretKey.length !== X25519_KEY_LENGTH) {
    throw new CryptoError('INVALID_KEY', `an X25519 secret key is ${X25519_KEY_LENGTH} bytes`);
  }
  return { secretKey: secretKey.slice(), publicKey: x25519.getPublicKey(secretKey) };
}

// Clamped X25519 scalars are multiples of 8, so this one maps every point of small order to zero.
const smallOrderProbe = sha256(utf8('MediCrypt small-order probe'));

/**
 * Checks that `publicKey` is 32 bytes and not a point of small order (those would make every shared secret
 * zero, whoever the sender).
 * @throws CryptoError INVALID_KEY.
 */
export function assertX25519PublicKey(publicKey: Uint8Array, what = 'public key'): void {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== X25519_KEY_LENGTH) {
    throw new CryptoError('INVALID_KEY', `an X25519 ${what} is ${X25519_KEY_LENGTH} bytes`);
  }
  try {
    x25519.getSharedSecret(smallOrderProbe, publicKey);
  } catch (cause) {
    throw new CryptoError('INVALID_KEY', `the X25519 ${what} is a point of small order`, { cause });
  }
}
