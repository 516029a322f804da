// Faults: the relayer killed with SIGKILL mid-batch and restarted, SIGTERM drain, several processes on one
// Postgres (one killed), a transaction dropped from the mempool, a reorg, a stuck transaction, RPC errors and
// timeouts, lost database connections, a signer without funds. After each: every accepted intent reaches a final
// state, none is executed twice. Each scenario's counts (faults injected, intents accepted, confirmed, lost,
// executed twice, time to drain) are measured before they are asserted, printed at the end and written to
// .data/test-reports/chaos.json.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  categoryMask,
  consentRegistryAbi,
  intentForwarderAbi,
  purposes,
  type SignedIntent,
} from '@medicrypt/contracts';
import { freePort, startAnvil } from '@medicrypt/contracts/node';
import pg from 'pg';
import { createTestClient, createWalletClient, http, parseEventLogs } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './db/connect.ts';
import { testDatabaseUrl } from './db/test-database.ts';
import type { RunningRelayer } from './server.ts';
import { type ChainFixture, startChainFixture } from './testing/chain-fixture.ts';
import { startPrivatePostgres } from './testing/private-postgres.ts';
import { postIntent, relayerEnv, startTestRelayer, waitForStatus } from './testing/relayer-fixture.ts';
import { type RelayerProcess, spawnRelayer } from './testing/relayer-process.ts';
import { startRpcProxy } from './testing/rpc-proxy.ts';

const DAY = 86_400;
const FINAL = ['confirmed', 'failed', 'expired'];

let fixture: ChainFixture;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  fixture = await startChainFixture();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});
afterAll(() => fixture?.stop());

const schemaName = () => `faults_${randomBytes(4).toString('hex')}`;

async function requestIntent(
  on: ChainFixture = fixture,
): Promise<{ intent: SignedIntent; patient: `0x${string}` }> {
  const patient = privateKeyToAccount(generatePrivateKey()).address;
  const intent = await on.sign(on.doctor, 'requestAccess', {
    actor: on.doctor.address,
    patient,
    categories: categoryMask(['lab']),
    purpose: purposes.treatment,
    duration: 30 * DAY,
    nonce: 0,
    deadline: (await on.now()) + 3600,
  });
  return { intent, patient };
}

/** Posts intents to the given relayers (round-robin); returns those acknowledged with 202. */
async function submitAll(
  urls: () => string[],
  count: number,
  onAccepted?: (accepted: number) => void,
  on: ChainFixture = fixture,
) {
  const accepted: { id: string; patient: `0x${string}` }[] = [];
  const prepared = await Promise.all(Array.from({ length: count }, () => requestIntent(on)));
  let i = 0;
  for (const { intent, patient } of prepared) {
    const targets = urls();
    try {
      const response = await postIntent(targets[i++ % targets.length]!, {
        chainId: on.deployment.chainId,
        forwarder: on.deployment.forwarder,
        ...intent,
      });
      if (response.status === 202) {
        accepted.push({ id: response.body.id as string, patient });
        onAccepted?.(accepted.length);
      }
    } catch {
      // the relayer died mid-request: not acknowledged, so not ours to keep
    }
  }
  return accepted;
}

interface FaultCount {
  scenario: string;
  faults: number;
  accepted: number;
  confirmed: number;
  /** Accepted but not final in time, or failed/expired (a fault must not cost an intent). */
  lost: number;
  /** Applied on chain more than once, or skipped by the forwarder as a replay. */
  duplicated: number;
  /** From the end of the fault to every accepted intent final. */
  drainMs: number;
}

const counts: FaultCount[] = [];
const chaosReport = join(import.meta.dirname, '..', '..', '.data', 'test-reports', 'chaos.json');
afterAll(() => {
  if (counts.length === 0) return;
  console.table(counts);
  mkdirSync(join(chaosReport, '..'), { recursive: true });
  writeFileSync(
    chaosReport,
    `${JSON.stringify({ measuredAt: new Date().toISOString(), counts }, null, 2)}\n`,
  );
});

/**
 * Counts what a fault cost, then asserts it cost nothing: every accepted request confirmed, each applied exactly
 * once on chain (its consent slot's nonce moved once), and the forwarder never skipped one as a replay.
 */
async function expectNothingLostOrDoubled(
  scenario: { name: string; faults: number },
  url: string,
  accepted: { id: string; patient: `0x${string}` }[],
  fromBlock: bigint,
  on: ChainFixture = fixture,
  timeoutMs = 60_000,
): Promise<void> {
  const started = Date.now();
  const finals = await Promise.all(
    accepted.map((a) =>
      waitForStatus(url, a.id, FINAL, timeoutMs).then(
        (intent) => intent,
        () => undefined,
      ),
    ),
  );
  const drainMs = Date.now() - started;
  let duplicated = 0;
  for (const { patient } of accepted) {
    const consent = await on.chain.publicClient.readContract({
      address: on.deployment.registry,
      abi: consentRegistryAbi,
      functionName: 'consentOf',
      args: [patient, on.doctor.address],
    });
    duplicated += Math.max(0, Number(consent.nonce) - 1);
  }
  const logs = await on.chain.publicClient.getLogs({ address: on.deployment.forwarder, fromBlock });
  duplicated += parseEventLogs({ abi: intentForwarderAbi, logs, eventName: 'IntentFailed' }).length;
  const confirmed = finals.filter((intent) => intent?.status === 'confirmed').length;
  const count: FaultCount = {
    scenario: scenario.name,
    faults: scenario.faults,
    accepted: accepted.length,
    confirmed,
    lost: accepted.length - confirmed,
    duplicated,
    drainMs,
  };
  counts.push(count);
  const notConfirmed = finals
    .filter((intent) => intent?.status !== 'confirmed')
    .map((intent) => (intent ? `${intent.status}: ${JSON.stringify(intent.failure)}` : 'not final in time'));
  expect(notConfirmed, 'every accepted intent confirmed').toEqual([]);
  expect(count).toMatchObject({ lost: 0, duplicated: 0 });
}

describe('a relayer process killed with SIGKILL', () => {
  it('loses no accepted intent and executes none twice across three kills and restarts', async () => {
    const env = await relayerEnv(fixture, 'pg', schemaName(), { BATCH_WINDOW_MS: '100', LOG_LEVEL: 'warn' });
    const fromBlock = await fixture.chain.publicClient.getBlockNumber();
    const started: RelayerProcess[] = [];
    const spawnTracked = async () => {
      const relayer = await spawnRelayer(env);
      started.push(relayer);
      cleanups.push(() => relayer.kill('SIGKILL'));
      return relayer;
    };
    let current: RelayerProcess = await spawnTracked();
    const accepted: { id: string; patient: `0x${string}` }[] = [];
    for (let round = 0; round < 3; round++) {
      const killAfter = 3 + Math.floor(Math.random() * 8);
      const killing: Promise<unknown>[] = [];
      const target = current;
      accepted.push(
        ...(await submitAll(
          () => [target.url],
          15,
          (n) => {
            if (n === killAfter) killing.push(target.kill('SIGKILL'));
          },
        )),
      );
      await Promise.all(killing);
      if (target.child.exitCode === null && target.child.signalCode === null) await target.kill('SIGKILL');
      current = await spawnTracked();
    }
    expect(accepted.length).toBeGreaterThan(10);
    await expectNothingLostOrDoubled(
      { name: 'SIGKILL mid-batch, restarted', faults: 3 },
      current.url,
      accepted,
      fromBlock,
    );
  }, 180_000);
});

describe('SIGTERM', () => {
  it('drains what was accepted and exits cleanly', async () => {
    const schema = schemaName();
    const env = await relayerEnv(fixture, 'pg', schema, { BATCH_WINDOW_MS: '200' });
    const relayer = await spawnRelayer(env);
    cleanups.push(() => relayer.kill('SIGKILL'));
    const accepted = await submitAll(() => [relayer.url], 8);
    expect(await relayer.kill('SIGTERM')).toBe(0);
    const database = await openDatabase({ kind: 'pg', url: testDatabaseUrl, schema });
    cleanups.push(() => database.close());
    const rows = await database.db.selectFrom('intents').select(['id', 'status']).execute();
    expect(rows.map((row) => row.status)).toEqual(accepted.map(() => 'confirmed'));
  }, 60_000);
});

describe('several relayer processes on one Postgres', () => {
  it('share the work with two signer keys, survive one being killed, and never submit an intent twice', async () => {
    const schema = schemaName();
    const env = await relayerEnv(fixture, 'pg', schema, { BATCH_WINDOW_MS: '100', BATCH_MAX_SIZE: '8' }, 2);
    const fromBlock = await fixture.chain.publicClient.getBlockNumber();
    const relayers: RelayerProcess[] = [];
    for (let i = 0; i < 3; i++) {
      const relayer = await spawnRelayer(env);
      cleanups.push(() => relayer.kill('SIGTERM'));
      relayers.push(relayer);
    }
    const alive = new Set(relayers);
    const accepted = await submitAll(
      () => [...alive].map((relayer) => relayer.url),
      45,
      (n) => {
        if (n === 20) {
          alive.delete(relayers[0]!);
          void relayers[0]!.kill('SIGKILL');
        }
      },
    );
    await expectNothingLostOrDoubled(
      { name: 'three processes on one Postgres, one SIGKILLed', faults: 1 },
      relayers[1]!.url,
      accepted,
      fromBlock,
    );
    const database = await openDatabase({ kind: 'pg', url: testDatabaseUrl, schema });
    cleanups.push(() => database.close());
    const landed = await database.db
      .selectFrom('transactions')
      .select(['batch_id', 'signer'])
      .where('status', 'in', ['mined', 'confirmed'])
      .execute();
    const batches = await database.db
      .selectFrom('batches')
      .select('id')
      .where('status', '=', 'confirmed')
      .execute();
    expect(new Set(landed.map((row) => row.batch_id)).size).toBe(landed.length);
    expect(landed.length).toBe(batches.length);
    expect(new Set(landed.map((row) => row.signer)).size).toBe(2);
  }, 180_000);
});

describe('mempool and chain faults', () => {
  let relayer: RunningRelayer;
  const testClient = () => createTestClient({ mode: 'anvil', transport: http(fixture.anvil.rpcUrl) });

  async function startManual(overrides: Record<string, string> = {}) {
    const env = await relayerEnv(fixture, 'pglite', 'unused', overrides);
    relayer = await startTestRelayer(env);
    cleanups.push(() => relayer.stop());
    await testClient().setAutomine(false);
    cleanups.push(() => testClient().setAutomine(true));
    return env;
  }

  async function pendingTransaction(id: string) {
    await waitForStatus(relayer.url, id, ['submitted']);
    for (let i = 0; i < 100; i++) {
      const row = await relayer.database.db
        .selectFrom('transactions')
        .selectAll()
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (row) return row;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('no pending transaction');
  }

  async function submitOne() {
    const { intent, patient } = await requestIntent();
    const response = await postIntent(relayer.url, {
      chainId: fixture.deployment.chainId,
      forwarder: fixture.deployment.forwarder,
      ...intent,
    });
    expect(response.status).toBe(202);
    return { id: response.body.id as string, patient };
  }

  it('re-sends a transaction dropped from the mempool', async () => {
    await startManual();
    const fromBlock = await fixture.chain.publicClient.getBlockNumber();
    const { id, patient } = await submitOne();
    const transaction = await pendingTransaction(id);
    // anvil answers with the hash it removed (null if the pool did not hold it). The tracker may re-broadcast
    // within milliseconds, so the pool is not polled for the gap.
    const dropped = await testClient().request({
      method: 'anvil_dropTransaction' as never,
      params: [transaction.hash] as never,
    });
    expect(dropped).toBe(transaction.hash);
    for (let i = 0; i < 100; i++) {
      if (
        await fixture.chain.publicClient
          .getTransaction({ hash: transaction.hash as `0x${string}` })
          .catch(() => null)
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await testClient().mine({ blocks: 1 });
    await expectNothingLostOrDoubled(
      { name: 'transaction dropped from the mempool', faults: 1 },
      relayer.url,
      [{ id, patient }],
      fromBlock,
    );
  }, 60_000);

  it('signs the batch again, once, when an outside transaction took its nonce', async () => {
    const env = await startManual();
    const fromBlock = await fixture.chain.publicClient.getBlockNumber();
    const { id, patient } = await submitOne();
    const ours = await pendingTransaction(id);
    // The operator used the relayer's key elsewhere: a plain transfer at the same nonce wins the slot.
    await testClient().dropTransaction({ hash: ours.hash as `0x${string}` });
    const operator = createWalletClient({
      account: privateKeyToAccount(env.RELAYER_PRIVATE_KEYS as `0x${string}`),
      chain: { ...foundry, id: fixture.deployment.chainId },
      transport: http(fixture.anvil.rpcUrl),
    });
    // Far higher fees, so it also displaces our bytes if the tracker re-broadcast them in the meantime.
    const outside = await operator.sendTransaction({
      to: patient,
      value: 1n,
      nonce: Number(ours.nonce),
      maxFeePerGas: BigInt(ours.max_fee_per_gas) * 10n,
      maxPriorityFeePerGas: BigInt(ours.max_fee_per_gas) * 5n,
    });
    await testClient().mine({ blocks: 1 });
    expect((await fixture.chain.publicClient.getTransactionReceipt({ hash: outside })).status).toBe(
      'success',
    );
    const resigned = await waitForStatus(relayer.url, id, ['submitted'], 20_000).then(async () => {
      for (let i = 0; i < 200; i++) {
        const row = await relayer.database.db
          .selectFrom('transactions')
          .selectAll()
          .where('batch_id', '=', ours.batch_id)
          .where('id', '!=', ours.id)
          .where('status', '=', 'pending')
          .executeTakeFirst();
        if (row) return row;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('the batch was not signed again');
    });
    expect(resigned.nonce).toBe(ours.nonce + 1n);
    await testClient().mine({ blocks: 1 });
    await expectNothingLostOrDoubled(
      { name: 'nonce taken by an outside transaction', faults: 1 },
      relayer.url,
      [{ id, patient }],
      fromBlock,
    );
    const statuses = await relayer.database.db
      .selectFrom('transactions')
      .select('status')
      .where('batch_id', '=', ours.batch_id)
      .execute();
    expect(statuses.map((row) => row.status).sort()).toEqual(['confirmed', 'dropped']);
  }, 60_000);

  it('puts a reorged batch back to pending and lands it once', async () => {
    await startManual({ CONFIRMATIONS: '3' });
    const fromBlock = await fixture.chain.publicClient.getBlockNumber();
    const { id, patient } = await submitOne();
    await pendingTransaction(id);
    const snapshot = await testClient().snapshot();
    await testClient().mine({ blocks: 1 });
    await waitForStatus(relayer.url, id, ['mined']);
    await testClient().revert({ id: snapshot });
    await waitForStatus(relayer.url, id, ['submitted']);
    const events = await relayer.database.db
      .selectFrom('intent_events')
      .select('status')
      .where('intent_id', '=', id)
      .orderBy('id')
      .execute();
    expect(events.map((event) => event.status)).toEqual([
      'received',
      'queued',
      'batched',
      'submitted',
      'mined',
      'submitted',
    ]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await testClient().mine({ blocks: 3 });
    await expectNothingLostOrDoubled({ name: 'reorg', faults: 1 }, relayer.url, [{ id, patient }], fromBlock);
  }, 60_000);

  it('replaces a stuck transaction at the same nonce with higher fees', async () => {
    await startManual({ STUCK_AFTER_MS: '1000' });
    const { id } = await submitOne();
    const first = await pendingTransaction(id);
    let replacement: { max_fee_per_gas: string; nonce: bigint } | undefined;
    for (let i = 0; i < 100 && !replacement; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      replacement = await relayer.database.db
        .selectFrom('transactions')
        .select(['max_fee_per_gas', 'nonce'])
        .where('id', '!=', first.id)
        .where('batch_id', '=', first.batch_id)
        .executeTakeFirst();
    }
    expect(replacement?.nonce).toBe(first.nonce);
    expect(BigInt(replacement!.max_fee_per_gas)).toBeGreaterThanOrEqual(
      (BigInt(first.max_fee_per_gas) * 115n) / 100n,
    );
    await testClient().mine({ blocks: 1 });
    expect((await waitForStatus(relayer.url, id, FINAL)).status).toBe('confirmed');
    const statuses = await relayer.database.db
      .selectFrom('transactions')
      .select('status')
      .where('batch_id', '=', first.batch_id)
      .execute();
    expect(statuses.map((row) => row.status).sort()).toEqual(['confirmed', 'replaced']);
  }, 60_000);
});

describe('anvil restarted', () => {
  it('answers 503 while the chain is down, then lands every accepted intent once after it restarts', async () => {
    // A chain of its own that keeps its state in a file, restarted on the same port: blocks mined before the
    // stop survive, the mempool does not (the relayer re-broadcasts its stored bytes).
    const stateFile = join(mkdtempSync(join(tmpdir(), 'medicrypt-anvil-')), 'state.json');
    const port = await freePort();
    const chain = await startChainFixture({ port, stateFile, blockTime: 1 });
    let anvil = chain.anvil;
    cleanups.push(() => anvil.stop());
    const env = await relayerEnv(chain, 'pglite', 'unused', { STUCK_AFTER_MS: '3000' });
    const relayer = await startTestRelayer(env);
    cleanups.push(() => relayer.stop());
    const fromBlock = await chain.chain.publicClient.getBlockNumber();
    const before = await submitAll(() => [relayer.url], 6, undefined, chain);
    expect(before).toHaveLength(6);
    await waitForStatus(relayer.url, before[0]!.id, ['submitted', 'mined', 'confirmed']);
    const { intent } = await requestIntent(chain);
    await anvil.stop();

    const refused = await postIntent(relayer.url, {
      chainId: chain.deployment.chainId,
      forwarder: chain.deployment.forwarder,
      ...intent,
    });
    expect(refused.status).toBe(503);
    expect(['UNAVAILABLE', 'RPC_UNAVAILABLE']).toContain(refused.body.error?.code);

    anvil = await startAnvil({ port, stateFile, blockTime: 1 });
    const after = await submitAll(() => [relayer.url], 3, undefined, chain);
    expect(after).toHaveLength(3);
    await expectNothingLostOrDoubled(
      { name: 'anvil stopped and restarted', faults: 1 },
      relayer.url,
      [...before, ...after],
      fromBlock,
      chain,
    );
  }, 120_000);
});

describe('RPC and database faults', () => {
  it('answers 503 while the RPC errors or hangs, and drains the queue once it is back', async () => {
    const proxy = await startRpcProxy(fixture.anvil.rpcUrl);
    cleanups.push(() => proxy.close());
    const relayer = await startTestRelayer(
      await relayerEnv(fixture, 'pglite', 'unused', { RPC_URL: proxy.url }),
    );
    cleanups.push(() => relayer.stop());
    const fromBlock = await fixture.chain.publicClient.getBlockNumber();
    const queued = await submitAll(() => [relayer.url], 3);
    proxy.setMode('error');
    const { intent } = await requestIntent();
    const refused = await postIntent(relayer.url, {
      chainId: fixture.deployment.chainId,
      forwarder: fixture.deployment.forwarder,
      ...intent,
    });
    expect(refused).toMatchObject({ status: 503, body: { error: { code: 'UNAVAILABLE' } } });
    proxy.setMode('hang');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    proxy.setMode('pass');
    await expectNothingLostOrDoubled(
      { name: 'RPC errors, then hangs', faults: 2 },
      relayer.url,
      queued,
      fromBlock,
    );
  }, 90_000);

  it('keeps working after its Postgres sessions are terminated', async () => {
    const schema = schemaName();
    const relayer = await startTestRelayer(await relayerEnv(fixture, 'pg', schema));
    cleanups.push(() => relayer.stop());
    const fromBlock = await fixture.chain.publicClient.getBlockNumber();
    const before = await submitAll(() => [relayer.url], 2);
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    const terminated = await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1',
      [`medicrypt-relayer:${schema}`],
    );
    await admin.end();
    expect(terminated.rowCount).toBeGreaterThan(0);
    const after = await submitAll(() => [relayer.url], 2);
    expect(after).toHaveLength(2);
    await expectNothingLostOrDoubled(
      { name: 'Postgres sessions terminated', faults: Number(terminated.rowCount) },
      relayer.url,
      [...before, ...after],
      fromBlock,
    );
  }, 60_000);

  it('carries on after the Postgres server itself restarts, losing and doubling nothing', async () => {
    const server = await startPrivatePostgres();
    cleanups.push(() => server.stop());
    const relayer = await startTestRelayer(
      await relayerEnv(fixture, 'pg', 'public', { DATABASE_URL: server.url }),
    );
    cleanups.push(() => relayer.stop());
    const fromBlock = await fixture.chain.publicClient.getBlockNumber();
    const before = await submitAll(() => [relayer.url], 4);
    expect(before).toHaveLength(4);
    await server.restart();
    // Requests during the restart may be refused (503, nothing stored); once it is back, intake works again.
    let after: Awaited<ReturnType<typeof submitAll>> = [];
    for (let attempt = 0; attempt < 20 && after.length === 0; attempt++) {
      after = await submitAll(() => [relayer.url], 2);
      if (after.length === 0) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(after.length).toBeGreaterThan(0);
    await expectNothingLostOrDoubled(
      { name: 'Postgres server restarted', faults: 1 },
      relayer.url,
      [...before, ...after],
      fromBlock,
    );
  }, 90_000);

  it('refuses intents with 503 when no signer can pay', async () => {
    const relayer = await startTestRelayer(
      await relayerEnv(fixture, 'pglite', 'unused', { MIN_SIGNER_BALANCE_WEI: (10n ** 30n).toString() }),
    );
    cleanups.push(() => relayer.stop());
    const { intent } = await requestIntent();
    const response = await postIntent(relayer.url, {
      chainId: fixture.deployment.chainId,
      forwarder: fixture.deployment.forwarder,
      ...intent,
    });
    expect(response).toMatchObject({ status: 503, body: { error: { code: 'SIGNER_BALANCE_LOW' } } });
    expect((await fetch(`${relayer.url}/readyz`)).status).toBe(503);
  });
});
