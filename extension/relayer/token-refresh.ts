// Rotating the session's tokens when the access token expired. The relayer's refresh tokens are single-use and
// reusing one ends the whole session, so only one refresh may run at a time across the popup and the background
// worker: a Web Lock (shared by every page and worker of the extension) serialises them, and whoever waited
// uses the tokens the first one stored instead of spending the old refresh token again.
import type { TokensResponse } from './api-types.ts';
import { errorFromResponse, SignedOutError, unreachable } from './relayer-error.ts';
import {
  clearRelayerSession,
  getRelayerSession,
  type RelayerSession,
  saveRelayerSession,
} from './relayer-session.ts';

const LOCK_NAME = 'medicrypt:token-refresh';

let localQueue: Promise<unknown> = Promise.resolve();

/** Runs `task` exclusively: across the extension with Web Locks, within this context otherwise. */
export function exclusively<T>(task: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (locks) return locks.request(LOCK_NAME, task) as Promise<T>;
  const run = localQueue.then(task, task);
  localQueue = run.catch(() => undefined);
  return run;
}

/** The session with tokens from a login or refresh answer. */
export function sessionFromTokens(
  relayerUrl: string,
  tokens: TokensResponse,
  now = Date.now(),
): RelayerSession {
  return {
    relayerUrl,
    account: tokens.account,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    accessTokenExpiresAt: now + tokens.expiresIn * 1000,
    credentials: tokens.credentials,
  };
}

/**
 * New tokens for the session whose access token `staleAccessToken` the relayer called expired. If another
 * context refreshed meanwhile, answers its tokens without calling the relayer.
 * @throws SignedOutError when there is no session any more or the relayer refuses the refresh token (the
 *   session is cleared).
 */
export function refreshSession(
  relayerUrl: string,
  staleAccessToken: string,
  fetchImpl: typeof fetch = fetch,
): Promise<RelayerSession> {
  return exclusively(async () => {
    const current = await getRelayerSession();
    if (!current || current.relayerUrl !== relayerUrl) throw new SignedOutError();
    if (current.accessToken !== staleAccessToken) return current;
    let response: Response;
    try {
      response = await fetchImpl(`${relayerUrl}/v1/auth/refresh`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: current.refreshToken }),
      });
    } catch (error) {
      throw unreachable(relayerUrl, error);
    }
    if (!response.ok) {
      const error = await errorFromResponse(response);
      if (response.status === 401 || error.signedOut) {
        await clearRelayerSession();
        throw new SignedOutError({ cause: error });
      }
      throw error;
    }
    const refreshed = sessionFromTokens(relayerUrl, (await response.json()) as TokensResponse);
    await saveRelayerSession(refreshed);
    return refreshed;
  });
}
