import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { errorResponse, FakeRelayer } from '../testing/fake-relayer.ts';
import { RelayerClient } from './relayer-client.ts';
import { RelayerError, SignedOutError } from './relayer-error.ts';
import { getRelayerSession, saveRelayerSession } from './relayer-session.ts';
import { sessionFromTokens } from './token-refresh.ts';

const patient = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');

async function signedInClient() {
  const relayer = new FakeRelayer();
  const tokens = relayer.tokensFor(patient.address);
  await saveRelayerSession(sessionFromTokens(relayer.url, tokens));
  return { relayer, tokens, client: new RelayerClient(relayer.url, relayer.fetch) };
}

describe('RelayerClient', () => {
  it('sends the session’s access token and reads JSON', async () => {
    const { relayer, tokens, client } = await signedInClient();
    relayer.grants = [];
    expect(await client.json('GET', '/v1/access/grants')).toEqual({ grants: [] });
    expect(relayer.calls.at(-1)?.authorization).toBe(`Bearer ${tokens.accessToken}`);
  });

  it('refreshes an expired access token once and retries, keeping the new tokens', async () => {
    const { relayer, tokens, client } = await signedInClient();
    relayer.expireNextToken = true;
    expect(await client.json('GET', '/v1/access/grants')).toEqual({ grants: [] });
    const stored = await getRelayerSession();
    expect(stored?.accessToken).not.toBe(tokens.accessToken);
    expect(relayer.calls.map((call) => call.path)).toEqual([
      '/v1/access/grants',
      '/v1/auth/refresh',
      '/v1/access/grants',
    ]);
    expect(relayer.calls.at(-1)?.authorization).toBe(`Bearer ${stored?.accessToken}`);
  });

  it('spends the refresh token once when several calls find the token expired together', async () => {
    const { relayer } = await signedInClient();
    const base = relayer.fetch;
    let expired = 2;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const path = new URL(new Request(input, init).url).pathname;
      if (path !== '/v1/auth/refresh' && expired > 0) {
        expired -= 1;
        return errorResponse(401, 'TOKEN_EXPIRED');
      }
      return base(input, init);
    };
    // Two pages of the extension: each its own client, one session in storage.
    const popup = new RelayerClient(relayer.url, fetch);
    const background = new RelayerClient(relayer.url, fetch);
    await Promise.all([
      popup.json('GET', '/v1/access/grants'),
      background.json('GET', '/v1/access/settings'),
    ]);
    expect(relayer.callsTo('POST', '/v1/auth/refresh')).toHaveLength(1);
  });

  it('forgets the session and says so when the refresh token is refused', async () => {
    const { relayer, client } = await signedInClient();
    relayer.expireNextToken = true;
    relayer.refuseRefresh = true;
    await expect(client.json('GET', '/v1/records')).rejects.toBeInstanceOf(SignedOutError);
    expect(await getRelayerSession()).toBeNull();
  });

  it('forgets a session the relayer ended (logged out elsewhere)', async () => {
    const relayer = new FakeRelayer();
    await saveRelayerSession({
      ...sessionFromTokens(relayer.url, relayer.tokensFor(patient.address)),
      accessToken: 'gone',
    });
    const client = new RelayerClient(relayer.url, relayer.fetch);
    await expect(client.json('GET', '/v1/records')).rejects.toMatchObject({
      code: 'SIGNED_OUT',
      shortMessage: 'Your MediCrypt session ended. Sign in again.',
    });
    expect(await getRelayerSession()).toBeNull();
  });

  it('does not use a session made for another relayer', async () => {
    const { relayer } = await signedInClient();
    const other = new RelayerClient('https://other-relayer.example', relayer.fetch);
    await expect(other.json('GET', '/v1/records')).rejects.toBeInstanceOf(SignedOutError);
    expect(relayer.calls).toEqual([]);
  });

  it('turns error answers into typed errors with a message for people', async () => {
    const { relayer, client } = await signedInClient();
    relayer.overrides.set('POST /v1/intents', () =>
      errorResponse(409, 'STALE_NONCE', 'stale nonce 1, current 2'),
    );
    relayer.overrides.set('GET /v1/records', () => errorResponse(503, 'STORAGE_UNAVAILABLE'));
    const intent = client.publicJson('POST', '/v1/intents', { body: {} });
    await expect(intent).rejects.toBeInstanceOf(RelayerError);
    await expect(intent).rejects.toMatchObject({
      status: 409,
      code: 'STALE_NONCE',
      shortMessage: 'This consent changed meanwhile. Reload and decide again.',
    });
    await expect(client.json('GET', '/v1/records')).rejects.toMatchObject({
      code: 'STORAGE_UNAVAILABLE',
      shortMessage: 'The record store is unavailable. Try again shortly.',
    });
  });

  it('says when the relayer cannot be reached', async () => {
    const client = new RelayerClient('http://127.0.0.1:9', () =>
      Promise.reject(new TypeError('Failed to fetch')),
    );
    await expect(client.publicJson('POST', '/v1/auth/nonce')).rejects.toMatchObject({
      code: 'RELAYER_UNREACHABLE',
      shortMessage: expect.stringContaining('could not reach the relayer at http://127.0.0.1:9'),
    });
  });

  it('keeps tokens in session storage only', async () => {
    await signedInClient();
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(Object.keys(await fakeBrowser.storage.session.get(null))).toEqual(['relayerSession']);
  });
});
