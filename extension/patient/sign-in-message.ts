// The sign-in message an extension page writes: its own origin as the domain and URI (see sign-in.ts for why).
import { createSignInMessage, signInTarget } from '@medicrypt/contracts';
import type { Address } from 'viem';

/** How long the signed sign-in message stays usable: enough to read it in MetaMask. */
const MESSAGE_LIFETIME_MS = 10 * 60 * 1000;

/** The EIP-4361 message a page at `pageUrl` signs: its own host as the domain, itself as the URI. */
export function signInMessage({
  account,
  pageUrl,
  chainId,
  nonce,
  now,
}: {
  account: Address;
  pageUrl: string;
  chainId: number;
  nonce: string;
  now: Date;
}): string {
  return createSignInMessage({
    ...signInTarget(pageUrl),
    address: account,
    chainId,
    nonce,
    statement: 'Sign in to MediCrypt. This costs no gas and sends no transaction.',
    issuedAt: now,
    expirationTime: new Date(now.getTime() + MESSAGE_LIFETIME_MS),
  });
}
