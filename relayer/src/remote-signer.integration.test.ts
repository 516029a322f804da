// The pipeline with a remote signer backend: SIGNER_BACKEND=openzeppelin-relayer against the stand-in of the
// OpenZeppelin Relayer's REST API, which really signs with its own key and broadcasts to anvil. The relayer
// holds no key of its own here.
import { randomBytes } from 'node:crypto';
import { createTestClient, type Hex, http, parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRelayer } from './server.ts';
import { ApiClient } from './testing/api-client.ts';
import { type ChainFixture, startChainFixture } from './testing/chain-fixture.ts';
import {
  type OpenZeppelinRelayerStandIn,
  startOpenZeppelinRelayerStandIn,
} from './testing/openzeppelin-relayer-stand-in.ts';
import { relayerEnv, startTestRelayer, waitForStatus } from './testing/relayer-fixture.ts';

const API_KEY = 'stand-in-api-key-for-the-pipeline';
const LOST_AFTER_MS = 1_000;

describe('the pipeline through the OpenZeppelin Relayer', () => {
  let fixture: ChainFixture;
  let standIn: OpenZeppelinRelayerStandIn;
  let relayer: RunningRelayer;

  /** One signed intent from a fresh account (switching break-glass needs no credential). */
  const submitOne = async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const client = new ApiClient(relayer.url, account, fixture.deployment.chainId);
    const intent = await fixture.sign(account, 'setBreakGlassAllowed', {
      actor: account.address,
      patient: account.address,
      allowed: false,
      nonce: 0,
      deadline: (await fixture.now()) + 3600,
    });
    const response = await client.submit(intent, fixture.deployment.forwarder);
    expect(response.status, JSON.stringify(response.body)).toBe(202);
    return response.body.id as string;
  };

  beforeAll(async () => {
    fixture = await startChainFixture();
    const key = generatePrivateKey();
    await createTestClient({ mode: 'anvil', transport: http(fixture.anvil.rpcUrl) }).setBalance({
      address: privateKeyToAccount(key).address,
      value: parseEther('100'),
    });
    standIn = await startOpenZeppelinRelayerStandIn({
      rpcUrl: fixture.anvil.rpcUrl,
      privateKey: key,
      apiKey: API_KEY,
    });
    relayer = await startTestRelayer(
      await relayerEnv(fixture, 'pglite', `remote_${randomBytes(4).toString('hex')}`, {
        RELAYER_PRIVATE_KEYS: '',
        SIGNER_BACKEND: 'openzeppelin-relayer',
        OZ_RELAYER_URL: standIn.url,
        OZ_RELAYER_API_KEY: API_KEY,
        OZ_RELAYER_ID: standIn.relayerId,
        REMOTE_LOST_AFTER_MS: String(LOST_AFTER_MS),
        CONFIRMATIONS: '1',
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await relayer?.stop();
    await standIn?.stop();
    await fixture?.stop();
  });

  it('sends batches through the backend; they are mined from its address and confirmed', async () => {
    const ids = await Promise.all(Array.from({ length: 6 }, submitOne));
    for (const id of ids) await waitForStatus(relayer.url, id, ['confirmed'], 30_000);
    const { db } = relayer.database;
    const sent = await db.selectFrom('transactions').selectAll().execute();
    expect(sent.length).toBeGreaterThan(0);
    for (const transaction of sent) {
      expect(transaction.signer).toBe(standIn.address.toLowerCase());
      expect(transaction.raw).toBeNull();
      const onChain = await fixture.chain.publicClient.getTransaction({ hash: transaction.hash as Hex });
      expect(onChain.from.toLowerCase()).toBe(standIn.address.toLowerCase());
    }
    const submissions = await db.selectFrom('remote_submissions').selectAll().execute();
    expect(submissions.every((row) => row.status === 'accepted' && row.remote_id)).toBe(true);
  });

  it('finds a batch whose answer was lost at the backend, and never sends it twice', async () => {
    standIn.loseAnswers(1);
    const id = await submitOne();
    await waitForStatus(relayer.url, id, ['confirmed'], 30_000);
    const { db } = relayer.database;
    const intent = await db
      .selectFrom('intents')
      .select('batch_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const submission = await db
      .selectFrom('remote_submissions')
      .selectAll()
      .where('batch_id', '=', intent.batch_id!)
      .executeTakeFirstOrThrow();
    // The backend took it and its answer was lost; the relayer found it there instead of sending it again.
    expect(standIn.answersStillToLose()).toBe(0);
    expect(submission).toMatchObject({ status: 'accepted' });
    expect(submission.remote_id).toBeTruthy();
    expect(standIn.transactionCount(submission.data as Hex)).toBe(1);
  });

  it('fails the intents with the backend’s reason when it refuses the batch outright', async () => {
    standIn.refuse(1);
    const before = standIn.transactionCount();
    const id = await submitOne();
    const failed = await waitForStatus(relayer.url, id, ['failed'], 30_000);
    expect(failed.failure).toMatchObject({ code: 'SIGNER_BACKEND_REJECTED' });
    expect(String((failed.failure as { reason: string }).reason)).toContain('refuses this transaction');
    expect(standIn.transactionCount()).toBe(before);
  });
});
