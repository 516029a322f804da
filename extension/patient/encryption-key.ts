// The patient's encryption key: derived from a wallet signature of `accountKeyMessage` (the same key on every
// device and every sign-in), published once as a binding the wallet signs with EIP-712, kept for this browser
// session only.
import {
  type AccountKeyPair,
  accountKeyMessage,
  deriveAccountKeyPair,
  type encryptionKeyTypedData,
  signKeyBinding,
  toHex,
} from '@medicrypt/crypto';
import type { RelayerClient } from '../relayer/relayer-client.ts';
import { RelayerError } from '../relayer/relayer-error.ts';
import { personalSign } from '../wallet/personal-sign.ts';
import { signTypedDataJson } from '../wallet/sign-typed-data.ts';
import { typedDataJson } from '../wallet/typed-data-json.ts';
import { loadEncryptionKey, saveEncryptionKey } from './encryption-key-store.ts';
import type { PatientConnection } from './patient-connection.ts';

export interface UnlockStep {
  step: 'derive' | 'publish';
}

/** The binding the relayer serves for `account`, or undefined when none was published. */
async function publishedPublicKey(client: RelayerClient, account: string): Promise<string | undefined> {
  try {
    const binding = await client.json<{ publicKey: string }>('GET', `/v1/keys/${account}`);
    return binding.publicKey.toLowerCase();
  } catch (error) {
    if (error instanceof RelayerError && error.code === 'KEY_NOT_PUBLISHED') return undefined;
    throw error;
  }
}

/**
 * Makes the account's key pair available in this browser session: derives it from a wallet signature (one
 * prompt), and on first use publishes its binding (a second prompt). Does nothing if it is already there.
 * @throws UserRejectedRequestError when the user rejects a signature (nothing is stored or published).
 */
export async function unlockEncryptionKey(
  { provider, client, account, chainId }: Omit<PatientConnection, 'intents'>,
  onStep: (step: UnlockStep['step']) => void = () => {},
): Promise<AccountKeyPair> {
  const existing = await loadEncryptionKey(account);
  if (existing) return existing;
  onStep('derive');
  const signature = await personalSign(provider, account, accountKeyMessage(account));
  const keyPair = await deriveAccountKeyPair({ address: account, signature });
  if ((await publishedPublicKey(client, account)) !== toHex(keyPair.publicKey).toLowerCase()) {
    onStep('publish');
    const binding = await signKeyBinding({
      account,
      publicKey: keyPair.publicKey,
      chainId,
      signTypedData: (typedData) =>
        signTypedDataJson(provider, {
          account,
          chainId,
          json: typedDataJson(typedData as ReturnType<typeof encryptionKeyTypedData>),
        }),
    });
    await client.json('PUT', '/v1/keys', { body: binding });
  }
  await saveEncryptionKey(account, keyPair);
  return keyPair;
}
