// The legacy Defender adapter, through the real @openzeppelin/defender-sdk pointed (DEFENDER_API_URL) at the
// stand-in of Defender's relay signer API, which really signs and broadcasts to an anvil that mines only when
// told to.
import { type Anvil, startAnvil } from '@medicrypt/contracts/node';
import { createPublicClient, createTestClient, type Hex, http, parseGwei } from 'viem';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RelayerError } from '../../errors.ts';
import { type DefenderStandIn, startDefenderStandIn } from '../../testing/defender-stand-in.ts';
import type { BatchTransaction, RemoteSigner } from '../signer-backend.ts';
import { createDefenderSigner, DEFENDER_API_URL_VARIABLE } from './defender-signer.ts';
import { SIGNER_BACKEND_AUTH, SIGNER_BACKEND_REJECTED, SIGNER_BACKEND_UNAVAILABLE } from './remote-errors.ts';

/** anvil's first default account (a public test key). */
const ANVIL_FIRST_KEY: Hex = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const API_KEY = 'stand-in-relayer-api-key';
const API_SECRET = 'stand-in-relayer-api-secret';
const REQUIRED_CONFIRMATIONS = 3;
/** The SDK retries a refused login 3 times with growing delays before it gives up. */
const SDK_LOGIN_RETRIES_MS = 30_000;

const batch = (data: Hex): BatchTransaction => ({
  to: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  data,
  gas: 50_000n,
  fees: { maxFeePerGas: parseGwei('3'), maxPriorityFeePerGas: parseGwei('1') },
});

async function rejection(promise: Promise<unknown>): Promise<RelayerError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(RelayerError);
  return error as RelayerError;
}

describe('Defender signer (legacy)', () => {
  let anvil: Anvil;
  let standIn: DefenderStandIn;
  let signer: RemoteSigner;
  let publicClient: ReturnType<typeof createPublicClient>;
  let testClient: ReturnType<typeof createTestClient>;

  beforeAll(async () => {
    anvil = await startAnvil({ args: ['--no-mining'] });
    publicClient = createPublicClient({ transport: http(anvil.rpcUrl) });
    testClient = createTestClient({ mode: 'anvil', transport: http(anvil.rpcUrl) });
    standIn = await startDefenderStandIn({
      rpcUrl: anvil.rpcUrl,
      privateKey: ANVIL_FIRST_KEY,
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      requiredConfirmations: REQUIRED_CONFIRMATIONS,
    });
    vi.stubEnv(DEFENDER_API_URL_VARIABLE, standIn.url);
    signer = await createDefenderSigner({ apiKey: API_KEY, apiSecret: API_SECRET });
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await standIn?.stop();
    await anvil?.stop();
  });

  it('logs in, reads the relayer address and sends a transaction that is mined on the chain', async () => {
    expect(signer.kind).toBe('defender');
    expect(signer.address).toBe(standIn.address);

    const submission = await signer.send(batch('0x01'));
    expect(submission.remoteId).toMatch(/^[0-9a-f-]{36}$/);
    expect(submission.hash).toMatch(/^0x[0-9a-f]{64}$/);
    const hash = submission.hash!;

    await testClient.mine({ blocks: 1 });
    const receipt = await publicClient.getTransactionReceipt({ hash });
    expect(receipt.status).toBe('success');
    expect(receipt.from.toLowerCase()).toBe(standIn.address.toLowerCase());
    const onChain = await publicClient.getTransaction({ hash });
    expect(onChain.nonce).toBe(submission.nonce);
    expect(onChain.input).toBe('0x01');
    expect(onChain.maxFeePerGas).toBe(parseGwei('3'));
    expect(onChain.maxPriorityFeePerGas).toBe(parseGwei('1'));

    expect(await signer.status(submission.remoteId)).toEqual({ ...submission, status: 'mined' });
    await testClient.mine({ blocks: REQUIRED_CONFIRMATIONS - 1 });
    expect((await signer.status(submission.remoteId)).status).toBe('confirmed');
  });

  it('replaces a pending transaction at the same nonce with higher fees', async () => {
    const first = await signer.send(batch('0x02'));
    expect(['pending', 'submitted']).toContain((await signer.status(first.remoteId)).status);

    const raised = { maxFeePerGas: parseGwei('6'), maxPriorityFeePerGas: parseGwei('2') };
    const replaced = await signer.replace(first.remoteId, { ...batch('0x02'), fees: raised });
    expect(replaced.remoteId).toBe(first.remoteId);
    expect(replaced.nonce).toBe(first.nonce);
    expect(replaced.hash).toBeDefined();
    expect(replaced.hash).not.toBe(first.hash);

    await testClient.mine({ blocks: 1 });
    const onChain = await publicClient.getTransaction({ hash: replaced.hash! });
    expect(onChain.nonce).toBe(first.nonce);
    expect(onChain.maxFeePerGas).toBe(raised.maxFeePerGas);
    expect(onChain.maxPriorityFeePerGas).toBe(raised.maxPriorityFeePerGas);
    expect((await publicClient.getTransactionReceipt({ hash: replaced.hash! })).status).toBe('success');
    await expect(publicClient.getTransactionReceipt({ hash: first.hash! })).rejects.toThrow();
    expect(await signer.status(first.remoteId)).toMatchObject({ hash: replaced.hash, status: 'mined' });
  });

  it('finds a sent transaction again by its calldata (listTransactions)', async () => {
    const sent = await signer.send(batch('0x05aa'));
    await signer.send(batch('0x06'));
    expect(await signer.findByData(batch('0x05aa').to, '0x05AA')).toMatchObject({ remoteId: sent.remoteId });
    expect(await signer.findByData(batch('0x05aa').to, '0x0bad')).toBeUndefined();
  });

  it('maps a refused replacement or an unknown transaction to SIGNER_BACKEND_REJECTED', async () => {
    const first = await signer.send(batch('0x03'));
    await testClient.mine({ blocks: 1 });
    const raised = { maxFeePerGas: parseGwei('6'), maxPriorityFeePerGas: parseGwei('2') };
    const mined = await rejection(signer.replace(first.remoteId, { ...batch('0x03'), fees: raised }));
    expect(mined).toMatchObject({ code: SIGNER_BACKEND_REJECTED, status: 502 });
    expect(mined.message).toMatch(/400/);
    expect(await rejection(signer.status('no-such-transaction'))).toMatchObject({
      code: SIGNER_BACKEND_REJECTED,
      status: 502,
    });
  });

  it(
    'maps a refused login to SIGNER_BACKEND_AUTH',
    async () => {
      const error = await rejection(createDefenderSigner({ apiKey: API_KEY, apiSecret: 'wrong-secret' }));
      expect(error).toMatchObject({ code: SIGNER_BACKEND_AUTH, status: 502 });
      expect(error.message).toMatch(/Unauthorized/);
    },
    SDK_LOGIN_RETRIES_MS + 10_000,
  );

  it('maps Defender going down to SIGNER_BACKEND_UNAVAILABLE', async () => {
    const doomed = await startDefenderStandIn({
      rpcUrl: anvil.rpcUrl,
      privateKey: ANVIL_FIRST_KEY,
      apiKey: API_KEY,
      apiSecret: API_SECRET,
    });
    vi.stubEnv(DEFENDER_API_URL_VARIABLE, doomed.url);
    try {
      const orphan = await createDefenderSigner({ apiKey: API_KEY, apiSecret: API_SECRET });
      await doomed.stop();
      expect(await rejection(orphan.send(batch('0x04')))).toMatchObject({
        code: SIGNER_BACKEND_UNAVAILABLE,
        status: 503,
      });
    } finally {
      vi.stubEnv(DEFENDER_API_URL_VARIABLE, standIn.url);
    }
  });
});
