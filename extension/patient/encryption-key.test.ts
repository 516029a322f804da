import { accountKeyMessage, toHex, verifyKeyBinding } from '@medicrypt/crypto';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { FakeRelayer } from '../testing/fake-relayer.ts';
import { CHAIN_ID, connectionOf, publishKey, signedIn } from '../testing/patient-fixture.ts';
import { signingProvider } from '../testing/signing-provider.ts';
import { unlockEncryptionKey } from './encryption-key.ts';
import { loadEncryptionKey } from './encryption-key-store.ts';

const patient = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');

async function setUp() {
  const relayer = new FakeRelayer();
  await signedIn(relayer, patient, { unlocked: false });
  const provider = signingProvider(patient);
  return { relayer, provider, connection: connectionOf(relayer, provider, patient) };
}

describe('the patient’s encryption key', () => {
  it('on first use, derives the key from a wallet signature and publishes its signed binding', async () => {
    const { relayer, provider, connection } = await setUp();
    const steps: string[] = [];
    const keyPair = await unlockEncryptionKey(connection, (step) => steps.push(step));

    expect(steps).toEqual(['derive', 'publish']);
    expect(provider.prompts()).toEqual(['personal_sign', 'eth_signTypedData_v4']);
    const derive = provider.requests.find((request) => request.method === 'personal_sign');
    expect(derive?.params).toEqual([
      toHex(new TextEncoder().encode(accountKeyMessage(patient.address))),
      patient.address,
    ]);
    const [publish] = relayer.callsTo('PUT', '/v1/keys');
    const verified = await verifyKeyBinding({
      binding: publish!.body,
      chainId: CHAIN_ID,
      account: patient.address,
    });
    expect(toHex(verified.publicKey)).toBe(toHex(keyPair.publicKey));
  });

  it('keeps the secret key in session storage only', async () => {
    const { connection } = await setUp();
    const keyPair = await unlockEncryptionKey(connection);
    expect(await loadEncryptionKey(patient.address)).toEqual(keyPair);
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).toBe('{}');
    expect(await fakeBrowser.storage.session.get('encryptionKey')).toHaveProperty(
      'encryptionKey.account',
      patient.address,
    );
  });

  it('asks once per browser session, and does not publish again a key the relayer already has', async () => {
    const { relayer, provider, connection } = await setUp();
    const published = await publishKey(relayer, patient);
    const keyPair = await unlockEncryptionKey(connection);
    expect(toHex(keyPair.publicKey)).toBe(toHex(published.publicKey));
    expect(provider.prompts()).toEqual(['personal_sign']);
    expect(relayer.callsTo('PUT', '/v1/keys')).toEqual([]);

    await unlockEncryptionKey(connection);
    expect(provider.prompts()).toEqual(['personal_sign']);
  });

  it('stores nothing when the user rejects the key signature', async () => {
    const { relayer, provider, connection } = await setUp();
    provider.rejectNext();
    await expect(unlockEncryptionKey(connection)).rejects.toMatchObject({ code: 'USER_REJECTED' });
    expect(await loadEncryptionKey(patient.address)).toBeUndefined();
    expect(relayer.callsTo('PUT', '/v1/keys')).toEqual([]);
  });

  it('does not keep a key whose binding the user declined to sign', async () => {
    const { relayer, provider, connection } = await setUp();
    provider.handlers.eth_signTypedData_v4 = () =>
      Promise.reject(Object.assign(new Error('denied'), { code: 4001 }));
    await expect(unlockEncryptionKey(connection)).rejects.toMatchObject({ code: 'USER_REJECTED' });
    expect(await loadEncryptionKey(patient.address)).toBeUndefined();
    expect(relayer.callsTo('PUT', '/v1/keys')).toEqual([]);
  });
});
