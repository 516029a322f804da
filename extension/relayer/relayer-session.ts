// The signed-in session with the relayer, kept in chrome.storage.session: in memory for this browser session
// only, shared by the popup and the background, never written to disk and gone when the browser closes.
import type { Address } from 'viem';
import { storage } from 'wxt/utils/storage';

export interface RelayerSession {
  /** The relayer these tokens are for (settings.relayerUrl when signing in). */
  relayerUrl: string;
  account: Address;
  accessToken: string;
  refreshToken: string;
  /** When the access token expires (ms since the epoch), as the relayer said. */
  accessTokenExpiresAt: number;
  /** On-chain credentials when signing in (`doctor`, `researcher`); a patient has none. */
  credentials: string[];
}

export const relayerSessionItem = storage.defineItem<RelayerSession | null>('session:relayerSession', {
  fallback: null,
});

export function getRelayerSession(): Promise<RelayerSession | null> {
  return relayerSessionItem.getValue();
}

export async function saveRelayerSession(session: RelayerSession): Promise<void> {
  await relayerSessionItem.setValue(session);
}

export async function clearRelayerSession(): Promise<void> {
  await relayerSessionItem.removeValue();
}

/** Whether `session` is a sign-in of `account` at `relayerUrl` (a wallet switch or a new relayer is not). */
export function sessionIsFor(
  session: RelayerSession | null,
  relayerUrl: string,
  account: Address | undefined,
): session is RelayerSession {
  return (
    session !== null &&
    session.relayerUrl === relayerUrl &&
    account !== undefined &&
    session.account.toLowerCase() === account.toLowerCase()
  );
}

export function watchRelayerSession(callback: (session: RelayerSession | null) => void): () => void {
  return relayerSessionItem.watch((session) => callback(session ?? null));
}
