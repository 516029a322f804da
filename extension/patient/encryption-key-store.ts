// The patient's encryption secret key (X25519, derived from a wallet signature) lives in chrome.storage.session
// only: memory for this browser session, shared by the extension's pages, never written to disk. Closing the
// browser forgets it; the wallet derives the same key again on the next sign-in.
import {
  type AccountKeyPair,
  accountKeyPairFromSecretKey,
  fromBase64Url,
  toBase64Url,
} from '@medicrypt/crypto';
import type { Address } from 'viem';
import { storage } from 'wxt/utils/storage';

interface StoredEncryptionKey {
  account: Address;
  /** base64url of the 32-byte X25519 secret key. */
  secretKey: string;
}

export const encryptionKeyItem = storage.defineItem<StoredEncryptionKey | null>('session:encryptionKey', {
  fallback: null,
});

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export async function saveEncryptionKey(account: Address, keyPair: AccountKeyPair): Promise<void> {
  await encryptionKeyItem.setValue({ account, secretKey: toBase64Url(keyPair.secretKey) });
}

/** The account's key pair, if it was derived in this browser session. */
export async function loadEncryptionKey(account: Address): Promise<AccountKeyPair | undefined> {
  const stored = await encryptionKeyItem.getValue();
  if (!stored || !same(stored.account, account)) return undefined;
  return accountKeyPairFromSecretKey(fromBase64Url(stored.secretKey));
}

export async function forgetEncryptionKey(): Promise<void> {
  await encryptionKeyItem.removeValue();
}
