// Signing in to the relayer with the wallet (Sign-In with Ethereum, EIP-4361): a fresh nonce, a message for
// this relayer's host and chain signed with `personal_sign`, exchanged for tokens kept in session storage.
import type { Address } from 'viem';
import { createSiweMessage } from 'viem/siwe';
import type { TokensResponse } from '../relayer/api-types.ts';
import type { RelayerClient } from '../relayer/relayer-client.ts';
import { clearRelayerSession, type RelayerSession, saveRelayerSession } from '../relayer/relayer-session.ts';
import { sessionFromTokens } from '../relayer/token-refresh.ts';
import type { Eip1193Provider } from '../wallet/eip1193.ts';
import { personalSign } from '../wallet/personal-sign.ts';
import { forgetEncryptionKey } from './encryption-key-store.ts';

/** How long the signed sign-in message stays usable: enough to read it in MetaMask. */
const MESSAGE_LIFETIME_MS = 10 * 60 * 1000;

export interface SignInParameters {
  provider: Eip1193Provider;
  client: RelayerClient;
  account: Address;
  chainId: number;
  now?: Date;
}

/** The EIP-4361 message for this relayer: its host as the domain, its URL as the URI. */
export function signInMessage({
  account,
  relayerUrl,
  chainId,
  nonce,
  now,
}: {
  account: Address;
  relayerUrl: string;
  chainId: number;
  nonce: string;
  now: Date;
}): string {
  return createSiweMessage({
    address: account,
    chainId,
    domain: new URL(relayerUrl).host,
    uri: relayerUrl,
    nonce,
    version: '1',
    statement: 'Sign in to MediCrypt. This costs no gas and sends no transaction.',
    issuedAt: now,
    expirationTime: new Date(now.getTime() + MESSAGE_LIFETIME_MS),
  });
}

/**
 * Signs in as `account` and stores the session.
 * @throws UserRejectedRequestError when the user rejects the signature (nothing is stored); RelayerError.
 */
export async function signIn({
  provider,
  client,
  account,
  chainId,
  now = new Date(),
}: SignInParameters): Promise<RelayerSession> {
  const { nonce } = await client.publicJson<{ nonce: string }>('POST', '/v1/auth/nonce');
  const message = signInMessage({ account, relayerUrl: client.baseUrl, chainId, nonce, now });
  const signature = await personalSign(provider, account, message);
  const tokens = await client.publicJson<TokensResponse>('POST', '/v1/auth/login', {
    body: { message, signature },
  });
  const session = sessionFromTokens(client.baseUrl, tokens);
  await saveRelayerSession(session);
  return session;
}

/** Ends the session at the relayer (best effort) and forgets its tokens and the encryption key. */
export async function signOut(client: RelayerClient): Promise<void> {
  try {
    await client.json('POST', '/v1/auth/logout');
  } catch {
    // Offline or already ended: forgetting the tokens locally is what matters.
  }
  await Promise.all([clearRelayerSession(), forgetEncryptionKey()]);
}
