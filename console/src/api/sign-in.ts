// Operator sign-in: with a wallet (Sign-In with Ethereum, the same flow as accounts but at /v1/operator/auth and
// only for addresses in OPERATOR_ADDRESSES), or with an API key (checked by one call). The message names this
// page (the relayer's origin, which is what the wallet sees asking), so MetaMask raises no "suspicious sign-in"
// alert; the relayer accepts it because it serves this origin (RELAYER_PUBLIC_URL).
import { createSignInMessage, signInTarget } from '@medicrypt/contracts';
import { getAddress, stringToHex } from 'viem';
import { ApiError } from './client.ts';
import type { Credentials } from './credentials.ts';
import type { Eip1193Provider } from './wallets.ts';

/** The chain the relayer serves, which the page carries (the relayer adds it when it serves the console). */
export function relayerChainId(): number | undefined {
  const content = document.querySelector('meta[name="medicrypt-chain-id"]')?.getAttribute('content');
  return content && /^\d+$/.test(content) ? Number(content) : undefined;
}

async function post<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as T & { error?: { code: string; message: string } };
  if (!response.ok)
    throw new ApiError(response.status, json.error?.code ?? 'HTTP_ERROR', json.error?.message ?? 'failed');
  return json;
}

/** Signs in with `ethereum` (a wallet found through EIP-6963, or the injected one). */
export async function signInWithWallet(ethereum: Eip1193Provider): Promise<Credentials> {
  const chainId = relayerChainId() ?? Number(await ethereum.request({ method: 'eth_chainId' }));
  const [account] = (await ethereum.request({ method: 'eth_requestAccounts' })) as string[];
  if (!account) throw new Error('The wallet shared no account.');
  const address = getAddress(account);
  const { nonce } = await post<{ nonce: string }>('/v1/operator/auth/nonce', {});
  const message = createSignInMessage({
    ...signInTarget(window.location.href),
    address,
    chainId,
    nonce,
    statement: 'Sign in to the MediCrypt relayer console as an operator.',
    issuedAt: new Date(),
  });
  const signature = (await ethereum.request({
    method: 'personal_sign',
    params: [stringToHex(message), address],
  })) as string;
  const tokens = await post<{ accessToken: string; refreshToken: string }>('/v1/operator/auth/login', {
    message,
    signature,
  });
  return {
    kind: 'siwe',
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    account: address,
  };
}

/** Checks an API key by asking who it is; answers the credentials when the relayer accepts it. */
export async function signInWithKey(key: string): Promise<Credentials> {
  const credentials: Credentials = { kind: 'api-key', key: key.trim() };
  const response = await fetch('/v1/operator/me', { headers: { 'x-operator-key': credentials.key } });
  if (!response.ok) {
    const json = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string } };
    throw new ApiError(response.status, json.error?.code ?? 'HTTP_ERROR', json.error?.message ?? 'rejected');
  }
  return credentials;
}
