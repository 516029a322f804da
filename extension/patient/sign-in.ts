// Signing in to the relayer with the wallet (Sign-In with Ethereum, EIP-4361): a fresh nonce, a message signed
// with `personal_sign`, exchanged for tokens kept in session storage. The message names the extension page that
// asks (`chrome-extension://<id>`, Firefox `moz-extension://<uuid>`), because that is the origin MetaMask gives
// our request and compares with the message's domain: naming the relayer's host instead made MetaMask warn
// "Suspicious sign-in request" at every sign-in. The relayer accepts the extension's ids it is configured for.
import type { Address } from 'viem';
import type { TokensResponse } from '../relayer/api-types.ts';
import type { RelayerClient } from '../relayer/relayer-client.ts';
import { clearRelayerSession, type RelayerSession, saveRelayerSession } from '../relayer/relayer-session.ts';
import { sessionFromTokens } from '../relayer/token-refresh.ts';
import type { Eip1193Provider } from '../wallet/eip1193.ts';
import { personalSign } from '../wallet/personal-sign.ts';
import { forgetEncryptionKey } from './encryption-key-store.ts';
import { signInMessage } from './sign-in-message.ts';

export interface SignInParameters {
  provider: Eip1193Provider;
  client: RelayerClient;
  account: Address;
  chainId: number;
  now?: Date;
  /** The page that signs in (default: this page, `location.href`). */
  pageUrl?: string;
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
  pageUrl = globalThis.location.href,
}: SignInParameters): Promise<RelayerSession> {
  const { nonce } = await client.publicJson<{ nonce: string }>('POST', '/v1/auth/nonce');
  const message = signInMessage({ account, pageUrl, chainId, nonce, now });
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
