import { detectSIWE, isValidSIWEOrigin, type WrappedSIWERequest } from '@metamask/controller-utils';
import { stringToHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getRelayerSession } from '../relayer/relayer-session.ts';
import { FakeRelayer } from '../testing/fake-relayer.ts';
import { CHAIN_ID, connectionOf, signedIn } from '../testing/patient-fixture.ts';
import { signingProvider } from '../testing/signing-provider.ts';
import { encryptionKeyItem } from './encryption-key-store.ts';
import { signIn, signOut } from './sign-in.ts';
import { signInMessage } from './sign-in-message.ts';

const patient = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');

describe('sign-in with Ethereum', () => {
  it.each([
    ['the popup in Chrome', 'chrome-extension://hcdiellbibgogkiggaoklekaddcaeijo/popup.html'],
    ['the research workspace in Edge', 'chrome-extension://jbmfgokabhbhpjhkdenaoeacimbngeck/research.html'],
    ['the popup in Firefox', 'moz-extension://6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/popup.html'],
  ])('writes an EIP-4361 message naming %s, which MetaMask shows without alert', (_, pageUrl) => {
    const now = new Date('2026-11-25T10:00:00.000Z');
    const message = signInMessage({
      account: patient.address,
      pageUrl,
      chainId: CHAIN_ID,
      nonce: 'abcdefgh12345678',
      now,
    });
    const page = new URL(pageUrl);
    const siwe = detectSIWE({ data: stringToHex(message) });
    expect(siwe.isSIWEMessage).toBe(true);
    expect(siwe.parsedMessage).toMatchObject({
      address: patient.address,
      domain: page.host,
      uri: `${page.protocol}//${page.host}${page.pathname}`,
      chainId: CHAIN_ID,
      nonce: 'abcdefgh12345678',
      version: '1',
      issuedAt: now.toISOString(),
      expirationTime: '2026-11-25T10:10:00.000Z',
    });
    // The origin MetaMask gives a request from this page: new URL(sender.url).origin.
    const origin = `${page.protocol}//${page.host}`;
    const request = { origin, from: patient.address, siwe } as unknown as WrappedSIWERequest;
    expect(isValidSIWEOrigin(request)).toBe(true);
  });

  it('signs the message with personal_sign and keeps the tokens in session storage', async () => {
    const relayer = new FakeRelayer();
    const provider = signingProvider(patient);
    const session = await signIn(connectionOf(relayer, provider, patient));

    const [, login] = relayer.calls;
    const { message, signature } = login!.body as { message: string; signature: `0x${string}` };
    expect(await patient.signMessage({ message })).toBe(signature);
    expect(provider.prompts()).toEqual(['personal_sign']);
    expect(session).toMatchObject({ relayerUrl: relayer.url, account: patient.address });
    expect(await getRelayerSession()).toEqual(session);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('sends nothing and stores nothing when the user rejects the signature', async () => {
    const relayer = new FakeRelayer();
    const provider = signingProvider(patient);
    provider.rejectNext();
    await expect(signIn(connectionOf(relayer, provider, patient))).rejects.toMatchObject({
      code: 'USER_REJECTED',
      shortMessage: 'You rejected the signature request in MetaMask, so nothing was signed or sent.',
    });
    expect(relayer.callsTo('POST', '/v1/auth/login')).toEqual([]);
    expect(await getRelayerSession()).toBeNull();
  });

  it('signs out at the relayer and forgets the tokens and the encryption key', async () => {
    const relayer = new FakeRelayer();
    await signedIn(relayer, patient);
    await signOut(connectionOf(relayer, signingProvider(patient), patient).client);
    expect(relayer.callsTo('POST', '/v1/auth/logout')).toHaveLength(1);
    expect(await getRelayerSession()).toBeNull();
    expect(await encryptionKeyItem.getValue()).toBeNull();
  });
});
