// An account's encryption public key, bound to the account by its EIP-712 signature: whoever wraps a record
// key for an account first checks that the account itself published that key, so a relayer or a database
// cannot hand out a key of its own. Smart-contract accounts (ERC-1271) are verified through a PublicClient.
import {
  type Address,
  type Hex,
  isAddressEqual,
  type PublicClient,
  recoverTypedDataAddress,
  type TypedDataDomain,
} from 'viem';
import { assertX25519PublicKey } from './account-keys.ts';
import { fromHex, normalizeAddress, toHex } from './encoding.ts';
import { CryptoError } from './errors.ts';

/** The EIP-712 struct: `EncryptionKey(address account,bytes32 publicKey,uint64 issuedAt)`. */
export const encryptionKeyTypes = {
  EncryptionKey: [
    { name: 'account', type: 'address' },
    { name: 'publicKey', type: 'bytes32' },
    { name: 'issuedAt', type: 'uint64' },
  ],
} as const;

export interface EncryptionKeyDomainParameters {
  chainId: number;
  /** Optional: a deployment may bind keys to its registry; verifiers then expect the same address. */
  verifyingContract?: Address;
}

/** The domain: name "MediCrypt", version "1", the chain id, and a verifying contract only when given. */
export function encryptionKeyDomain({
  chainId,
  verifyingContract,
}: EncryptionKeyDomainParameters): TypedDataDomain {
  const domain: TypedDataDomain = { name: 'MediCrypt', version: '1', chainId };
  if (verifyingContract !== undefined) domain.verifyingContract = normalizeAddress(verifyingContract);
  return domain;
}

export interface KeyBindingFields extends EncryptionKeyDomainParameters {
  account: Address;
  /** The X25519 public key, 0x-hex of 32 bytes. */
  publicKey: Hex;
  /** Unix time in seconds when the key was published; the newest binding of an account wins. */
  issuedAt: number;
}

/** A signed binding, JSON-friendly: what the relayer stores and serves. */
export interface KeyBinding extends KeyBindingFields {
  signature: Hex;
}

export interface EncryptionKeyTypedDataParameters extends EncryptionKeyDomainParameters {
  account: Address;
  publicKey: Uint8Array | Hex;
  issuedAt: number;
}

/** The typed data to sign (viem's `signTypedData`; serialise with viem's `serializeTypedData` for a wallet). */
export function encryptionKeyTypedData({
  account,
  publicKey,
  issuedAt,
  ...domain
}: EncryptionKeyTypedDataParameters) {
  const key = typeof publicKey === 'string' ? publicKey : toHex(publicKey);
  if (!/^0x[0-9a-fA-F]{64}$/.test(key))
    throw new CryptoError('INVALID_KEY', 'the public key is not 32 bytes');
  if (!Number.isSafeInteger(issuedAt) || issuedAt < 0) {
    throw new CryptoError('INVALID_ARGUMENT', 'issuedAt is a non-negative integer (Unix seconds)');
  }
  return {
    domain: encryptionKeyDomain(domain),
    types: encryptionKeyTypes,
    primaryType: 'EncryptionKey',
    message: {
      account: normalizeAddress(account, 'account'),
      publicKey: key.toLowerCase() as Hex,
      issuedAt: BigInt(issuedAt),
    },
  } as const;
}

export type EncryptionKeyTypedData = ReturnType<typeof encryptionKeyTypedData>;

export interface SignKeyBindingParameters extends EncryptionKeyDomainParameters {
  account: Address;
  publicKey: Uint8Array;
  /** Default: now. */
  issuedAt?: number;
  /** Signs the typed data as `account`: a viem LocalAccount's or WalletClient's `signTypedData`, or a wallet. */
  signTypedData: (typedData: EncryptionKeyTypedData) => Promise<Hex>;
}

/** Signs a binding of `publicKey` to `account`. */
export async function signKeyBinding({
  signTypedData,
  issuedAt = Math.floor(Date.now() / 1000),
  ...fields
}: SignKeyBindingParameters): Promise<KeyBinding> {
  assertX25519PublicKey(fields.publicKey);
  const typedData = encryptionKeyTypedData({ ...fields, issuedAt });
  const signature = await signTypedData(typedData);
  const binding: KeyBinding = {
    chainId: fields.chainId,
    account: typedData.message.account,
    publicKey: typedData.message.publicKey,
    issuedAt,
    signature,
  };
  if (fields.verifyingContract !== undefined)
    binding.verifyingContract = normalizeAddress(fields.verifyingContract);
  return binding;
}

/**
 * Checks the shape of a binding received as JSON.
 * @throws CryptoError INVALID_BINDING naming the first bad field.
 */
export function parseKeyBinding(value: unknown): KeyBinding {
  const invalid = (field: string) =>
    new CryptoError('INVALID_BINDING', 'the key binding is malformed', { details: `bad ${field}` });
  if (typeof value !== 'object' || value === null) throw invalid('binding');
  const record = value as Record<string, unknown>;
  const { chainId, account, publicKey, issuedAt, signature, verifyingContract } = record;
  if (!Number.isSafeInteger(chainId) || (chainId as number) <= 0) throw invalid('chainId');
  if (typeof account !== 'string') throw invalid('account');
  if (typeof publicKey !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(publicKey)) throw invalid('publicKey');
  if (!Number.isSafeInteger(issuedAt) || (issuedAt as number) < 0) throw invalid('issuedAt');
  if (typeof signature !== 'string' || !/^0x([0-9a-fA-F]{2})+$/.test(signature)) throw invalid('signature');
  const binding: KeyBinding = {
    chainId: chainId as number,
    account: normalizeOr(account, () => invalid('account')),
    publicKey: publicKey.toLowerCase() as Hex,
    issuedAt: issuedAt as number,
    signature: signature as Hex,
  };
  if (verifyingContract !== undefined) {
    if (typeof verifyingContract !== 'string') throw invalid('verifyingContract');
    binding.verifyingContract = normalizeOr(verifyingContract, () => invalid('verifyingContract'));
  }
  return binding;
}

function normalizeOr(address: string, error: () => CryptoError): Address {
  try {
    return normalizeAddress(address);
  } catch {
    throw error();
  }
}

/** What `verifyKeyBinding` needs of a viem PublicClient. */
export type KeyBindingVerifier = Pick<PublicClient, 'verifyTypedData'>;

export interface VerifyKeyBindingParameters {
  /** The binding, typically parsed from JSON. */
  binding: unknown;
  /** The chain the verifier works on: a binding signed for another chain is rejected. */
  chainId: number;
  /** The verifying contract this deployment expects in the domain (none by default). */
  verifyingContract?: Address;
  /** The account whose key is wanted: a binding of another account is rejected. */
  account?: Address;
  /**
   * Verifies through the chain, which also accepts smart-contract accounts (ERC-1271, and ERC-6492 before
   * deployment). Without it only EOA signatures are accepted, by recovery, offline.
   */
  publicClient?: KeyBindingVerifier;
  /** Unix seconds; default now. */
  now?: number;
  /** How far in the future `issuedAt` may be (clock skew); default 600 s. */
  maxClockSkewSeconds?: number;
}

export interface VerifiedKeyBinding {
  account: Address;
  publicKey: Uint8Array;
  issuedAt: number;
  chainId: number;
}

/**
 * Verifies that `binding.account` signed `binding.publicKey` for this chain, and that the key is usable.
 * @throws CryptoError INVALID_BINDING (malformed, other chain, domain or account, issued in the future,
 *   unusable key, bad signature). Errors of the public client's transport pass through unchanged.
 */
export async function verifyKeyBinding({
  binding: value,
  chainId,
  verifyingContract,
  account,
  publicClient,
  now = Math.floor(Date.now() / 1000),
  maxClockSkewSeconds = 600,
}: VerifyKeyBindingParameters): Promise<VerifiedKeyBinding> {
  const binding = parseKeyBinding(value);
  const reject = (shortMessage: string, details?: string, cause?: unknown) =>
    new CryptoError('INVALID_BINDING', shortMessage, { details, cause });
  if (binding.chainId !== chainId) {
    throw reject('the key binding was signed for another chain', `${binding.chainId}, expected ${chainId}`);
  }
  const expectedContract = verifyingContract === undefined ? undefined : normalizeAddress(verifyingContract);
  if (binding.verifyingContract !== expectedContract) {
    throw reject(
      'the key binding was signed for another domain',
      `verifyingContract ${binding.verifyingContract}`,
    );
  }
  if (account !== undefined && !isAddressEqual(binding.account, normalizeAddress(account))) {
    throw reject('the key binding is for another account', `${binding.account}, expected ${account}`);
  }
  if (binding.issuedAt > now + maxClockSkewSeconds) {
    throw reject('the key binding is issued in the future', `issuedAt ${binding.issuedAt}, now ${now}`);
  }
  const publicKey = fromHex(binding.publicKey);
  try {
    assertX25519PublicKey(publicKey);
  } catch (cause) {
    throw reject('the key binding holds an unusable public key', undefined, cause);
  }
  const typedData = encryptionKeyTypedData(binding);
  let valid: boolean;
  if (publicClient) {
    valid = await publicClient.verifyTypedData({
      ...typedData,
      address: binding.account,
      signature: binding.signature,
    });
  } else {
    try {
      const signer = await recoverTypedDataAddress({ ...typedData, signature: binding.signature });
      valid = isAddressEqual(signer, binding.account);
    } catch (cause) {
      throw reject('the key binding signature is malformed', undefined, cause);
    }
  }
  if (!valid) throw reject('the key binding is not signed by its account', binding.account);
  return { account: binding.account, publicKey, issuedAt: binding.issuedAt, chainId: binding.chainId };
}
