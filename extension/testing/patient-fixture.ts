// A patient (or doctor) set up the way the extension leaves them after signing in: a session in session
// storage, the encryption key derived from their wallet signature, and its binding published to the relayer.
import {
  type AccountKeyPair,
  accountKeyMessage,
  deriveAccountKeyPair,
  signKeyBinding,
} from '@medicrypt/crypto';
import type { LocalAccount } from 'viem';
import { saveEncryptionKey } from '../patient/encryption-key-store.ts';
import type { PatientConnection } from '../patient/patient-connection.ts';
import { RelayerClient } from '../relayer/relayer-client.ts';
import { saveRelayerSession } from '../relayer/relayer-session.ts';
import { sessionFromTokens } from '../relayer/token-refresh.ts';
import { LOCAL_FORWARDER } from '../settings/networks.ts';
import type { Eip1193Provider } from '../wallet/eip1193.ts';
import type { FakeRelayer } from './fake-relayer.ts';

export const CHAIN_ID = 11155111;
export const intents = { chainId: CHAIN_ID, forwarder: LOCAL_FORWARDER };

/** The account's key pair, derived as the extension derives it, with its binding published to `relayer`. */
export async function publishKey(relayer: FakeRelayer, account: LocalAccount): Promise<AccountKeyPair> {
  const signature = await account.signMessage({ message: accountKeyMessage(account.address) });
  const keyPair = await deriveAccountKeyPair({ address: account.address, signature });
  const binding = await signKeyBinding({
    account: account.address,
    publicKey: keyPair.publicKey,
    chainId: CHAIN_ID,
    signTypedData: (typedData) => account.signTypedData(typedData),
  });
  relayer.keyBindings.set(account.address.toLowerCase(), binding as unknown as Record<string, unknown>);
  return keyPair;
}

/** Signs `account` in to the fake relayer (session storage) and, unless told not to, unlocks its key. */
export async function signedIn(
  relayer: FakeRelayer,
  account: LocalAccount,
  { unlocked = true }: { unlocked?: boolean } = {},
): Promise<AccountKeyPair | undefined> {
  await saveRelayerSession(sessionFromTokens(relayer.url, relayer.tokensFor(account.address)));
  if (!unlocked) return undefined;
  const keyPair = await publishKey(relayer, account);
  await saveEncryptionKey(account.address, keyPair);
  return keyPair;
}

export function connectionOf(
  relayer: FakeRelayer,
  provider: Eip1193Provider,
  account: LocalAccount,
): PatientConnection {
  return {
    provider,
    client: new RelayerClient(relayer.url, relayer.fetch),
    account: account.address,
    chainId: CHAIN_ID,
    intents,
  };
}
