// The OpenZeppelin Relayer adapter against the stand-in of its REST API, which really signs and broadcasts to an
// anvil that mines only when told to, so each test sees its transaction pending, replaced and mined.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Anvil, freePort, startAnvil } from '@medicrypt/contracts/node';
import { createPublicClient, createTestClient, type Hex, http, parseGwei } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RelayerError } from '../../errors.ts';
import {
  type OpenZeppelinRelayerStandIn,
  startOpenZeppelinRelayerStandIn,
} from '../../testing/openzeppelin-relayer-stand-in.ts';
import type { BatchTransaction, RemoteSigner } from '../signer-backend.ts';
import { createOpenZeppelinRelayerSigner } from './openzeppelin-relayer-signer.ts';
import { SIGNER_BACKEND_AUTH, SIGNER_BACKEND_REJECTED, SIGNER_BACKEND_UNAVAILABLE } from './remote-errors.ts';

/** anvil's first default account (a public test key). */
const ANVIL_FIRST_KEY: Hex = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
/** The real relayer wants an API key of at least 32 characters. */
const API_KEY = 'stand-in-api-key-0123456789abcdef';
const REQUIRED_CONFIRMATIONS = 3;
const POLL_INTERVAL_MS = 25;
const POLL_TIMEOUT_MS = 10_000;
const SHORT_TIMEOUT_MS = 200;

const batch = (data: Hex): BatchTransaction => ({
  to: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  data,
  gas: 50_000n,
  fees: { maxFeePerGas: parseGwei('3'), maxPriorityFeePerGas: parseGwei('1') },
});

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + POLL_TIMEOUT_MS;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

/** Polls the backend until the transaction has a hash (it is signed and broadcast). */
async function waitForHash(signer: RemoteSigner, remoteId: string) {
  const status = await waitFor(
    () => signer.status(remoteId),
    (status) => status.hash !== undefined || status.status === 'failed',
  );
  expect(status.status).not.toBe('failed');
  return status;
}

async function rejection(promise: Promise<unknown>): Promise<RelayerError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(RelayerError);
  return error as RelayerError;
}

describe('OpenZeppelin Relayer signer', () => {
  let anvil: Anvil;
  let standIn: OpenZeppelinRelayerStandIn;
  let signer: RemoteSigner;
  const requestBodies: string[] = [];
  let publicClient: ReturnType<typeof createPublicClient>;
  let testClient: ReturnType<typeof createTestClient>;

  beforeAll(async () => {
    anvil = await startAnvil({ args: ['--no-mining'] });
    publicClient = createPublicClient({ transport: http(anvil.rpcUrl) });
    testClient = createTestClient({ mode: 'anvil', transport: http(anvil.rpcUrl) });
    standIn = await startOpenZeppelinRelayerStandIn({
      rpcUrl: anvil.rpcUrl,
      privateKey: ANVIL_FIRST_KEY,
      apiKey: API_KEY,
      requiredConfirmations: REQUIRED_CONFIRMATIONS,
    });
    signer = await createOpenZeppelinRelayerSigner({
      baseUrl: standIn.url,
      apiKey: API_KEY,
      relayerId: standIn.relayerId,
      fetch: async (input, init) => {
        if (typeof init?.body === 'string') requestBodies.push(init.body);
        return fetch(input, init);
      },
    });
  });

  afterAll(async () => {
    await standIn?.stop();
    await anvil?.stop();
  });

  it('reads the relayer address and sends a transaction that is mined on the chain', async () => {
    expect(signer.kind).toBe('openzeppelin-relayer');
    expect(signer.address).toBe(standIn.address);

    const submission = await signer.send(batch('0x01'));
    expect(submission.remoteId).toMatch(/^[0-9a-f-]{36}$/);
    const sent = await waitForHash(signer, submission.remoteId);
    expect(sent.status).toBe('submitted');
    const hash = sent.hash!;

    await testClient.mine({ blocks: 1 });
    const receipt = await publicClient.getTransactionReceipt({ hash });
    expect(receipt.status).toBe('success');
    expect(receipt.from.toLowerCase()).toBe(standIn.address.toLowerCase());
    const onChain = await publicClient.getTransaction({ hash });
    expect(onChain.nonce).toBe(sent.nonce);
    expect(onChain.input).toBe('0x01');
    expect(onChain.maxFeePerGas).toBe(parseGwei('3'));

    expect(await signer.status(submission.remoteId)).toEqual({ ...sent, status: 'mined' });
    await testClient.mine({ blocks: REQUIRED_CONFIRMATIONS - 1 });
    expect((await signer.status(submission.remoteId)).status).toBe('confirmed');

    // The wei amounts went out as exact JSON integers, as the API's u128 fields want them.
    expect(requestBodies[0]).toBe(
      '{"to":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8","value":0,"data":"0x01","gas_limit":50000,' +
        '"max_fee_per_gas":3000000000,"max_priority_fee_per_gas":1000000000}',
    );
  });

  it('replaces a pending transaction at the same nonce with higher fees', async () => {
    const first = await signer.send(batch('0x02'));
    const pending = await waitForHash(signer, first.remoteId);

    const raised = { maxFeePerGas: parseGwei('6'), maxPriorityFeePerGas: parseGwei('2') };
    const replaced = await signer.replace(first.remoteId, { ...batch('0x02'), fees: raised });
    expect(replaced.remoteId).toBe(first.remoteId);
    expect(replaced.nonce).toBe(pending.nonce);
    expect(replaced.hash).toBeDefined();
    expect(replaced.hash).not.toBe(pending.hash);

    await testClient.mine({ blocks: 1 });
    const receipt = await publicClient.getTransactionReceipt({ hash: replaced.hash! });
    expect(receipt.status).toBe('success');
    const onChain = await publicClient.getTransaction({ hash: replaced.hash! });
    expect(onChain.nonce).toBe(pending.nonce);
    expect(onChain.maxFeePerGas).toBe(raised.maxFeePerGas);
    expect(onChain.maxPriorityFeePerGas).toBe(raised.maxPriorityFeePerGas);
    await expect(publicClient.getTransactionReceipt({ hash: pending.hash! })).rejects.toThrow();

    const status = await signer.status(first.remoteId);
    expect(status).toMatchObject({ hash: replaced.hash, nonce: pending.nonce, status: 'mined' });
  });

  it('maps a refused replacement (already mined, or fees not raised) to SIGNER_BACKEND_REJECTED', async () => {
    const first = await signer.send(batch('0x03'));
    await waitForHash(signer, first.remoteId);
    const tooLow = await rejection(signer.replace(first.remoteId, batch('0x03')));
    expect(tooLow).toMatchObject({ code: SIGNER_BACKEND_REJECTED, status: 502 });
    expect(tooLow.message).toMatch(/minimum bump/);

    await testClient.mine({ blocks: 1 });
    const raised = { maxFeePerGas: parseGwei('6'), maxPriorityFeePerGas: parseGwei('2') };
    const mined = await rejection(signer.replace(first.remoteId, { ...batch('0x03'), fees: raised }));
    expect(mined).toMatchObject({ code: SIGNER_BACKEND_REJECTED, status: 502 });
    expect(mined.message).toMatch(/Invalid transaction state/);
  });

  it('finds a sent transaction again by its calldata, among pages of others', async () => {
    const sent = await signer.send(batch('0x05aa'));
    for (let i = 0; i < 3; i++) await signer.send(batch(`0x06${i.toString(16).padStart(2, '0')}`));
    const found = await signer.findByData(batch('0x05aa').to, '0x05AA');
    expect(found).toMatchObject({ remoteId: sent.remoteId });
    expect(found?.status).toMatch(/pending|submitted|mined|confirmed/);
    expect(await signer.findByData(batch('0x05aa').to, '0x0bad')).toBeUndefined();
    expect(await signer.findByData('0x0000000000000000000000000000000000000001', '0x05aa')).toBeUndefined();
  });

  it('maps an unknown transaction or relayer to SIGNER_BACKEND_REJECTED', async () => {
    expect(await rejection(signer.status('no-such-transaction'))).toMatchObject({
      code: SIGNER_BACKEND_REJECTED,
    });
    const unknownRelayer = await rejection(
      createOpenZeppelinRelayerSigner({
        baseUrl: standIn.url,
        apiKey: API_KEY,
        relayerId: 'no-such-relayer',
      }),
    );
    expect(unknownRelayer).toMatchObject({ code: SIGNER_BACKEND_REJECTED, status: 502 });
    expect(unknownRelayer.message).toMatch(/404/);
  });

  it('maps a wrong API key to SIGNER_BACKEND_AUTH', async () => {
    const error = await rejection(
      createOpenZeppelinRelayerSigner({
        baseUrl: standIn.url,
        apiKey: 'wrong-api-key-0123456789abcdef0123',
        relayerId: standIn.relayerId,
      }),
    );
    expect(error).toMatchObject({ code: SIGNER_BACKEND_AUTH, status: 502 });
    expect(error.message).toMatch(/401/);
  });

  it('maps a relayer that is down to SIGNER_BACKEND_UNAVAILABLE', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    expect(
      await rejection(
        createOpenZeppelinRelayerSigner({ baseUrl: nobody, apiKey: API_KEY, relayerId: 'any' }),
      ),
    ).toMatchObject({ code: SIGNER_BACKEND_UNAVAILABLE, status: 503 });

    const doomed = await startOpenZeppelinRelayerStandIn({
      rpcUrl: anvil.rpcUrl,
      privateKey: ANVIL_FIRST_KEY,
      apiKey: API_KEY,
    });
    const orphan = await createOpenZeppelinRelayerSigner({
      baseUrl: doomed.url,
      apiKey: API_KEY,
      relayerId: doomed.relayerId,
    });
    await doomed.stop();
    expect(await rejection(orphan.send(batch('0x04')))).toMatchObject({
      code: SIGNER_BACKEND_UNAVAILABLE,
      status: 503,
    });
  });

  it('maps a relayer that does not answer in time to SIGNER_BACKEND_UNAVAILABLE', async () => {
    const hanging: Server = createServer(() => {
      // never answers
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    try {
      const error = await rejection(
        createOpenZeppelinRelayerSigner({
          baseUrl: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`,
          apiKey: API_KEY,
          relayerId: 'any',
          timeoutMs: SHORT_TIMEOUT_MS,
        }),
      );
      expect(error).toMatchObject({ code: SIGNER_BACKEND_UNAVAILABLE, status: 503 });
      expect(error.message).toMatch(/no answer within 200 ms/);
    } finally {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });
});
