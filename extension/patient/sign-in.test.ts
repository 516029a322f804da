import { privateKeyToAccount } from 'viem/accounts';
import { parseSiweMessage } from 'viem/siwe';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getRelayerSession } from '../relayer/relayer-session.ts';
import { FakeRelayer } from '../testing/fake-relayer.ts';
import { CHAIN_ID, connectionOf, signedIn } from '../testing/patient-fixture.ts';
import { signingProvider } from '../testing/signing-provider.ts';
import { encryptionKeyItem } from './encryption-key-store.ts';
import { signIn, signInMessage, signOut } from './sign-in.ts';

const patient = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');

describe('sign-in with Ethereum', () => {
  it('writes an EIP-4361 message for the relayer’s host, URL and chain', () => {
    const now = new Date('2026-11-25T10:00:00.000Z');
    const message = signInMessage({
      account: patient.address,
      relayerUrl: 'http://127.0.0.1:8787',
      chainId: CHAIN_ID,
      nonce: 'abcdefgh12345678',
      now,
    });
    expect(parseSiweMessage(message)).toMatchObject({
      address: patient.address,
      domain: '127.0.0.1:8787',
      uri: 'http://127.0.0.1:8787',
      chainId: CHAIN_ID,
      nonce: 'abcdefgh12345678',
      version: '1',
      issuedAt: now,
      expirationTime: new Date('2026-11-25T10:10:00.000Z'),
    });
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
