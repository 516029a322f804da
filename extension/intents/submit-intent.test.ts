import { intentDigest } from '@medicrypt/contracts';
import { recoverAddress } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { denyMessage } from '../patient/intent-messages.ts';
import { FakeRelayer, pendingRequest } from '../testing/fake-relayer.ts';
import { connectionOf, intents } from '../testing/patient-fixture.ts';
import { signingProvider } from '../testing/signing-provider.ts';
import { intentActivityItem } from './intent-activity.ts';
import { intentDeadline, submitIntent } from './submit-intent.ts';

const patient = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const doctor = privateKeyToAccount(
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
).address;
const message = denyMessage(
  { account: patient.address, deadline: intentDeadline(1_900_000_000) },
  pendingRequest(doctor),
);

describe('submitting an intent', () => {
  it('signs it in the wallet, sends it to the relayer and lists it as activity', async () => {
    const relayer = new FakeRelayer();
    const tracked = await submitIntent(
      connectionOf(relayer, signingProvider(patient), patient),
      'denyAccess',
      message,
      'Deny access',
    );

    const [call] = relayer.callsTo('POST', '/v1/intents');
    const body = call!.body as { chainId: number; forwarder: string; signature: `0x${string}` };
    expect(body).toMatchObject(intents);
    expect(relayer.intents[0]).toMatchObject({ name: 'denyAccess', message });
    const signer = await recoverAddress({
      hash: intentDigest(intents, 'denyAccess', message),
      signature: body.signature,
    });
    expect(signer).toBe(patient.address);
    expect(tracked).toMatchObject({
      id: 'intent-1',
      type: 'denyAccess',
      label: 'Deny access',
      status: 'queued',
    });
    expect(await intentActivityItem.getValue()).toEqual([tracked]);
  });

  it('queues nothing when the user rejects the signature', async () => {
    const relayer = new FakeRelayer();
    const provider = signingProvider(patient);
    provider.rejectNext();
    await expect(
      submitIntent(connectionOf(relayer, provider, patient), 'denyAccess', message, 'Deny access'),
    ).rejects.toMatchObject({ code: 'USER_REJECTED' });
    expect(relayer.calls).toEqual([]);
    expect(await intentActivityItem.getValue()).toEqual([]);
  });

  it('never asks the wallet for a transaction', async () => {
    const relayer = new FakeRelayer();
    const provider = signingProvider(patient);
    await submitIntent(connectionOf(relayer, provider, patient), 'denyAccess', message, 'Deny access');
    expect(provider.methods()).toEqual(['eth_chainId', 'eth_signTypedData_v4']);
  });

  it('refuses where MediCrypt is not deployed, before the wallet is asked', async () => {
    const relayer = new FakeRelayer();
    const provider = signingProvider(patient);
    const connection = { ...connectionOf(relayer, provider, patient), intents: undefined };
    await expect(submitIntent(connection, 'denyAccess', message, 'Deny')).rejects.toThrow('not configured');
    expect(provider.requests).toEqual([]);
  });
});
