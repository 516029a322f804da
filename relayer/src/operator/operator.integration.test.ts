// The operator API end to end on a real anvil and Postgres, with two relayer instances sharing one database (each
// holding its own signer key): operator sign-in kept apart from accounts, pause and resume seen by every
// instance, drain, retry of a failed intent, retire and add back a key, a nonce gap found and filled, a stuck
// transaction cancelled (its intents batched again and landing once), the views, the live stream, the audit log
// and /metrics.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { categoryMask, consentRegistryAbi, intentForwarderAbi, purposes } from '@medicrypt/contracts';
import { createTestClient, http, parseEther, parseEventLogs } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRelayer } from '../server.ts';
import { ApiClient } from '../testing/api-client.ts';
import { type ChainFixture, startChainFixture } from '../testing/chain-fixture.ts';
import { OperatorClient } from '../testing/operator-client.ts';
import { promtool } from '../testing/promtool.ts';
import { postIntent, relayerEnv, startTestRelayer, waitForStatus } from '../testing/relayer-fixture.ts';
import { until } from '../testing/until.ts';

const DAY = 86_400;
const JWT_SECRET = 'operator-test-secret-operator-test-secret';
const API_KEY = 'ops-key-ops-key-ops-key-ops-key-0123456789';
const operatorAccount = privateKeyToAccount(generatePrivateKey());
const FINAL = ['confirmed', 'failed', 'expired'];

describe('the operator API (two instances on one Postgres)', () => {
  let fixture: ChainFixture;
  let a: RunningRelayer;
  let b: RunningRelayer;
  let keyA: string;
  let keyB: string;
  let opsA: OperatorClient;
  let opsB: OperatorClient;
  const testClient = () => createTestClient({ mode: 'anvil', transport: http(fixture.anvil.rpcUrl) });

  const requestIntent = async () => {
    const patient = privateKeyToAccount(generatePrivateKey()).address;
    const intent = await fixture.sign(fixture.doctor, 'requestAccess', {
      actor: fixture.doctor.address,
      patient,
      categories: categoryMask(['lab']),
      purpose: purposes.treatment,
      duration: 30 * DAY,
      nonce: 0,
      deadline: (await fixture.now()) + 3600,
    });
    return { intent, patient };
  };
  const submit = async (relayer: RunningRelayer) => {
    const { intent, patient } = await requestIntent();
    const response = await postIntent(relayer.url, {
      chainId: fixture.deployment.chainId,
      forwarder: fixture.deployment.forwarder,
      ...intent,
    });
    return { response, patient, id: response.body.id as string };
  };
  const appliedOnce = async (patient: `0x${string}`, fromBlock: bigint) => {
    const consent = await fixture.chain.publicClient.readContract({
      address: fixture.deployment.registry,
      abi: consentRegistryAbi,
      functionName: 'consentOf',
      args: [patient, fixture.doctor.address],
    });
    expect(consent.nonce).toBe(1);
    const logs = await fixture.chain.publicClient.getLogs({
      address: fixture.deployment.forwarder,
      fromBlock,
    });
    expect(parseEventLogs({ abi: intentForwarderAbi, logs, eventName: 'IntentFailed' })).toHaveLength(0);
  };

  beforeAll(async () => {
    fixture = await startChainFixture();
    const schema = `operator_${randomBytes(4).toString('hex')}`;
    const overrides = {
      JWT_SECRET,
      OPERATOR_API_KEYS: `ops:${API_KEY}`,
      OPERATOR_ADDRESSES: operatorAccount.address,
      SIGNER_KEY_ENCRYPTION_SECRET: 'signer-key-encryption-secret-for-tests-0001',
      STUCK_AFTER_MS: '2000',
      CONFIRMATIONS: '1',
    };
    const envA = await relayerEnv(fixture, 'pg', schema, overrides);
    const envB = await relayerEnv(fixture, 'pg', schema, overrides);
    a = await startTestRelayer(envA);
    b = await startTestRelayer(envB);
    keyA = privateKeyToAccount(envA.RELAYER_PRIVATE_KEYS as `0x${string}`).address.toLowerCase();
    keyB = privateKeyToAccount(envB.RELAYER_PRIVATE_KEYS as `0x${string}`).address.toLowerCase();
    opsA = new OperatorClient(a.url, { apiKey: API_KEY });
    opsB = new OperatorClient(b.url, { apiKey: API_KEY });
  });
  afterAll(async () => {
    await testClient()
      .setAutomine(true)
      .catch(() => undefined);
    await b?.stop();
    await a?.stop();
    await fixture?.stop();
  });

  it('lets in operators only, and keeps operator and account tokens apart', async () => {
    const anonymous = await fetch(`${a.url}/v1/operator/overview`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('AUTH_REQUIRED');
    const wrongKey = new OperatorClient(a.url, { apiKey: `${API_KEY}x` });
    expect((await wrongKey.get('/v1/operator/overview')).body.error?.code).toBe('API_KEY_INVALID');
    expect(await opsA.get('/v1/operator/me')).toMatchObject({
      status: 200,
      body: { id: 'api-key:ops', auth: 'api-key' },
    });

    // An account that is not an operator cannot open an operator session.
    const stranger = new OperatorClient(a.url, {
      account: privateKeyToAccount(generatePrivateKey()),
      chainId: fixture.deployment.chainId,
    });
    expect((await stranger.login()).body.error?.code).toBe('NOT_AN_OPERATOR');

    const operator = new OperatorClient(a.url, {
      account: operatorAccount,
      chainId: fixture.deployment.chainId,
    });
    expect((await operator.login()).status).toBe(200);
    expect((await operator.get('/v1/operator/me')).body).toEqual({
      id: operatorAccount.address.toLowerCase(),
      auth: 'siwe',
    });
    // The session is in the shared database: the other instance accepts it too.
    const onB = new OperatorClient(b.url, { account: operatorAccount, chainId: fixture.deployment.chainId });
    onB.accessToken = operator.accessToken;
    expect((await onB.get('/v1/operator/me')).status).toBe(200);

    // An operator token is no account token, and an account token no operator token.
    const operatorAsAccount = new ApiClient(a.url, operatorAccount, fixture.deployment.chainId);
    operatorAsAccount.accessToken = operator.accessToken;
    expect((await operatorAsAccount.call('GET', '/v1/auth/me')).body.error?.code).toBe('TOKEN_INVALID');
    const patient = new ApiClient(
      a.url,
      privateKeyToAccount(generatePrivateKey()),
      fixture.deployment.chainId,
    );
    await patient.login();
    const patientAsOperator = new OperatorClient(a.url, {
      account: patient.account,
      chainId: fixture.deployment.chainId,
    });
    patientAsOperator.accessToken = patient.accessToken;
    expect((await patientAsOperator.get('/v1/operator/me')).body.error?.code).toBe('TOKEN_INVALID');
    // Nor does a refresh token cross over.
    expect(
      (await patient.call('POST', '/v1/auth/refresh', { refreshToken: operator.refreshToken })).body.error
        ?.code,
    ).toBe('REFRESH_TOKEN_INVALID');
    expect(
      (
        await operator.call(
          'POST',
          '/v1/operator/auth/refresh',
          { refreshToken: patient.refreshToken },
          false,
        )
      ).body.error?.code,
    ).toBe('REFRESH_TOKEN_INVALID');
    expect((await operator.post('/v1/operator/auth/logout')).status).toBe(204);
    expect((await operator.get('/v1/operator/me')).body.error?.code).toBe('SESSION_ENDED');
  });

  it('pauses intake on every instance, resumes it, and audits both', async () => {
    const paused = await opsA.post('/v1/operator/intake/pause', { reason: 'maintenance window' });
    expect(paused).toMatchObject({ status: 200, body: { mode: 'paused', reason: 'maintenance window' } });
    const onA = await submit(a);
    expect(onA.response).toMatchObject({ status: 503, body: { error: { code: 'INTAKE_PAUSED' } } });
    // The other instance follows the shared state within its refresh period.
    await until(
      async () => (await submit(b)).response.status,
      (status) => status === 503,
      'instance B to refuse intents',
      5_000,
    );
    // Paused is not unready: reads and the pipeline carry on.
    expect((await fetch(`${a.url}/readyz`)).status).toBe(200);

    expect((await opsB.post('/v1/operator/intake/resume')).body).toMatchObject({
      mode: 'open',
      before: 'paused',
    });
    const accepted = await until(
      async () => (await submit(a)).response.status,
      (status) => status === 202,
      'instance A to accept intents again',
      5_000,
    );
    expect(accepted).toBe(202);

    const audit = await opsA.get<{
      entries: { action: string; operator: string; parameters: unknown; outcome: string }[];
    }>('/v1/operator/audit?limit=10');
    expect(audit.body.entries.slice(0, 2)).toMatchObject([
      { action: 'intake.resume', operator: 'api-key:ops', outcome: 'ok' },
      {
        action: 'intake.pause',
        operator: 'api-key:ops',
        parameters: { reason: 'maintenance window' },
        outcome: 'ok',
      },
    ]);
    const metrics = await (await fetch(`${a.url}/metrics`)).text();
    expect(metrics).toMatch(/^medicrypt_api_errors_total\{code="INTAKE_PAUSED"\} [1-9]/m);
  });

  it('drains: intake closes and the pipeline finishes what it holds', async () => {
    const { id } = await submit(a);
    const drain = await opsA.post<{ mode: string; inFlight: number }>('/v1/operator/intake/drain', {
      reason: 'upgrade',
    });
    expect(drain.body.mode).toBe('draining');
    expect((await submit(a)).response.body.error?.code).toBe('INTAKE_PAUSED');
    await until(
      () => opsA.get<{ drained: boolean; inFlight: number }>('/v1/operator/intake'),
      (response) => response.body.drained,
      'the drain to finish',
    );
    expect((await waitForStatus(a.url, id, FINAL)).status).toBe('confirmed');
    expect((await opsA.post('/v1/operator/intake/resume')).body.mode).toBe('open');
    await until(
      async () => (await submit(b)).response.status,
      (status) => status === 202,
      'instance B to accept intents again',
      5_000,
    );
  });

  it('retries a failed intent only while its deadline allows, keeping its history', async () => {
    const fresh = await submit(a);
    await waitForStatus(a.url, fresh.id, ['confirmed']);
    expect((await opsA.post(`/v1/operator/intents/${fresh.id}/retry`)).body.error?.code).toBe(
      'INTENT_NOT_FAILED',
    );

    // A failed intent: its batch ran out of gas on every try (made here directly in the database).
    const stuck = await requestIntent();
    const stored = await a.database.db
      .insertInto('intents')
      .values({
        id: `retry-${randomBytes(4).toString('hex')}`,
        digest: `0x${randomBytes(32).toString('hex')}`,
        actor: fixture.doctor.address.toLowerCase(),
        name: 'requestAccess',
        data: stuck.intent.data,
        signature: stuck.intent.signature,
        object_key: `consent:${stuck.patient.toLowerCase()}:${fixture.doctor.address.toLowerCase()}`,
        object_nonce: 0,
        depends_on: '[]',
        status: 'failed',
        failure_code: 'BATCH_REVERTED',
        failure_reason: 'batch transaction reverted 3 times',
        deadline: BigInt((await fixture.now()) + 3600),
        attempts: 3,
        received_at: new Date(),
        failed_at: new Date(),
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await a.database.db
      .insertInto('intent_events')
      .values({ intent_id: stored.id, status: 'failed', at: new Date(), details: null })
      .execute();

    const retried = await opsB.post(`/v1/operator/intents/${stored.id}/retry`);
    expect(retried.body).toMatchObject({ id: stored.id, status: 'queued', failureCode: null });
    expect((await waitForStatus(a.url, stored.id, FINAL)).status).toBe('confirmed');
    const detail = await opsA.get<{ events: { status: string; details: Record<string, unknown> | null }[] }>(
      `/v1/operator/intents/${stored.id}`,
    );
    const statuses = detail.body.events.map((event) => event.status);
    expect(statuses.slice(0, 2)).toEqual(['failed', 'queued']);
    expect(statuses.at(-1)).toBe('confirmed');
    expect(detail.body.events[1]!.details).toMatchObject({
      reason: 'retried by an operator',
      operator: 'api-key:ops',
      previousFailure: { code: 'BATCH_REVERTED' },
    });

    // A failed intent whose deadline is too close stays failed.
    await a.database.db
      .updateTable('intents')
      .set({ status: 'failed', deadline: BigInt(Math.floor(Date.now() / 1000) + 5) })
      .where('id', '=', stored.id)
      .execute();
    expect((await opsA.post(`/v1/operator/intents/${stored.id}/retry`)).body.error?.code).toBe(
      'DEADLINE_PASSED',
    );
    const failedAudit = await opsA.get<{ entries: { action: string; outcome: string; errorCode: string }[] }>(
      '/v1/operator/audit?action=intent.retry&limit=1',
    );
    expect(failedAudit.body.entries[0]).toMatchObject({ outcome: 'error', errorCode: 'DEADLINE_PASSED' });
  });

  it('retires a signer key (no new batches) and adds it back', async () => {
    const retired = await opsA.post(`/v1/operator/signers/${keyB}/retire`);
    expect(retired.body).toEqual({ address: keyB, before: 'active', after: 'retired' });
    expect((await opsA.post(`/v1/operator/signers/${keyA}/retire`)).body.error?.code).toBe(
      'LAST_ACTIVE_SIGNER',
    );
    const since = new Date();
    const ids = await Promise.all([submit(a), submit(b), submit(b)]);
    for (const { id } of ids) expect((await waitForStatus(a.url, id, FINAL)).status).toBe('confirmed');
    const batches = await a.database.db
      .selectFrom('batches')
      .select('signer')
      .distinct()
      .where('created_at', '>=', since)
      .execute();
    expect(batches.map((row) => row.signer)).toEqual([keyA]);
    const signers = await opsB.get<{ signers: { address: string; status: string }[] }>(
      '/v1/operator/signers',
    );
    expect(signers.body.signers.find((signer) => signer.address === keyB)?.status).toBe('retired');
    expect((await opsA.post(`/v1/operator/signers/0x${'12'.repeat(20)}/activate`)).body.error?.code).toBe(
      'SIGNER_UNKNOWN',
    );
  });

  it('adds a new signer key: generated, stored encrypted, loaded by every instance, used once funded', async () => {
    const added = await opsA.post<{ address: string }>('/v1/operator/signers');
    expect(added.status).toBe(200);
    const newKey = added.body.address;
    expect(newKey).toMatch(/^0x[0-9a-f]{40}$/);
    // Stored encrypted: the row holds no private key in the clear.
    const row = await a.database.db
      .selectFrom('signer_keys')
      .select(['status', 'encrypted_key'])
      .where('address', '=', newKey)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('retired');
    expect(row.encrypted_key).toMatch(/^v1:/);
    // Instance B loads it too (it polls for added keys).
    const deadline = Date.now() + 15_000;
    for (;;) {
      const listed = await opsB.get<{ signers: { address: string }[] }>('/v1/operator/signers');
      if (listed.body.signers.some((signer) => signer.address === newKey)) break;
      if (Date.now() > deadline) throw new Error('instance B never listed the added key');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const before = await opsA.get<{ signers: { address: string; status: string }[] }>('/v1/operator/signers');
    const wasActive = before.body.signers
      .filter((signer) => signer.status === 'active' && signer.address !== newKey)
      .map((signer) => signer.address);
    await testClient().setBalance({ address: newKey as `0x${string}`, value: parseEther('10') });
    expect((await opsA.post(`/v1/operator/signers/${newKey}/activate`)).body).toMatchObject({
      after: 'active',
    });
    for (const key of wasActive) await opsA.post(`/v1/operator/signers/${key}/retire`);
    const since = new Date();
    const ids = await Promise.all([submit(a), submit(b)]);
    for (const { id } of ids) expect((await waitForStatus(a.url, id, FINAL)).status).toBe('confirmed');
    const batches = await a.database.db
      .selectFrom('batches')
      .select('signer')
      .distinct()
      .where('created_at', '>=', since)
      .execute();
    expect(batches.map((batch) => batch.signer)).toEqual([newKey]);
    // Back to the keys that were active before, for the tests that follow.
    for (const key of wasActive) await opsA.post(`/v1/operator/signers/${key}/activate`);
    await opsA.post(`/v1/operator/signers/${newKey}/retire`);
    const audit = await opsA.get<{ entries: { action: string }[] }>('/v1/operator/audit');
    expect(audit.body.entries.map((entry) => entry.action)).toContain('signer.add');
  });

  it('finds a nonce gap, alarms on it, and fills it with a self-transfer', async () => {
    // Key B stays retired, so instance A's key signs; a nonce leased and then lost leaves a gap.
    await a.database.db
      .updateTable('signer_nonces')
      .set((eb) => ({ next_nonce: eb('next_nonce', '+', 1n) }))
      .where('signer', '=', keyA)
      .execute();
    const { id, patient } = await submit(a);
    const fromBlock = await fixture.chain.publicClient.getBlockNumber();
    await waitForStatus(a.url, id, ['submitted']);
    type SignerView = {
      address: string;
      nonceGap: boolean;
      missingNonces: string[];
      chainNonce: { latest: number };
    };
    const withGap = await until(
      () => opsA.get<{ signers: SignerView[] }>('/v1/operator/signers'),
      (response) => response.body.signers.some((signer) => signer.address === keyA && signer.nonceGap),
      'the gap to show',
    );
    const signer = withGap.body.signers.find((row) => row.address === keyA)!;
    expect(signer.missingNonces).toEqual([String(signer.chainNonce.latest)]);
    expect(await (await fetch(`${a.url}/metrics`)).text()).toContain(
      `medicrypt_signer_nonce_gap{signer="${keyA}"} 1`,
    );

    // Only an instance holding the key can sign for it.
    expect((await opsB.post(`/v1/operator/signers/${keyA}/fill-gap`)).body.error?.code).toBe(
      'SIGNER_NOT_HELD',
    );
    const filled = await opsA.post<{ kind: string; nonce: string }>(`/v1/operator/signers/${keyA}/fill-gap`);
    expect(filled.body).toMatchObject({ kind: 'fill-gap', nonce: signer.missingNonces[0] });
    expect((await waitForStatus(a.url, id, FINAL)).status).toBe('confirmed');
    await appliedOnce(patient, fromBlock);
    await until(
      () => opsA.get<{ signers: SignerView[] }>('/v1/operator/signers'),
      (response) => !response.body.signers.find((row) => row.address === keyA)!.nonceGap,
      'the gap to close',
    );
    expect((await opsA.post(`/v1/operator/signers/${keyA}/fill-gap`)).body.error?.code).toBe('NO_NONCE_GAP');
    expect((await opsA.post(`/v1/operator/signers/${keyB}/activate`)).body.after).toBe('active');
  });

  it('cancels a stuck transaction: its intents are batched again and land once', async () => {
    await opsA.post(`/v1/operator/signers/${keyB}/retire`);
    const fromBlock = await fixture.chain.publicClient.getBlockNumber();
    await testClient().setAutomine(false);
    const { id, patient } = await submit(a);
    await waitForStatus(a.url, id, ['submitted']);
    type Stuck = { id: string; batchId: string; nonce: string; hash: string };
    const problems = await until(
      () => opsA.get<{ stuck: Stuck[] }>('/v1/operator/transactions'),
      (response) => response.body.stuck.length > 0,
      'the transaction to count as stuck',
    );
    const stuck = problems.body.stuck[0]!;
    const cancel = await opsA.post<{ kind: string; status: string; nonce: string; batchId: string }>(
      `/v1/operator/transactions/${stuck.id}/cancel`,
    );
    expect(cancel.body).toMatchObject({
      kind: 'cancel',
      status: 'pending',
      nonce: stuck.nonce,
      batchId: stuck.batchId,
    });
    expect((await opsA.post(`/v1/operator/transactions/${stuck.id}/cancel`)).body.error?.code).toBe(
      'CANCEL_PENDING',
    );

    // Mine until the intent lands: first the cancel, then (once the tracker hands the batch back) a new batch.
    const miner = setInterval(
      () =>
        void testClient()
          .mine({ blocks: 1 })
          .catch(() => undefined),
      400,
    );
    try {
      expect((await waitForStatus(a.url, id, FINAL, 40_000)).status).toBe('confirmed');
    } finally {
      clearInterval(miner);
      await testClient().setAutomine(true);
    }
    await appliedOnce(patient, fromBlock);
    const batch = await a.database.db
      .selectFrom('batches')
      .select('status')
      .where('id', '=', stuck.batchId)
      .executeTakeFirstOrThrow();
    expect(batch.status).toBe('cancelled');
    const events = await opsA.get<{ events: { status: string; details: Record<string, unknown> | null }[] }>(
      `/v1/operator/intents/${id}`,
    );
    expect(events.body.events.map((event) => event.status)).toEqual([
      'received',
      'queued',
      'batched',
      'submitted',
      'queued',
      'batched',
      'submitted',
      'mined',
      'confirmed',
    ]);
    expect(events.body.events[4]!.details).toMatchObject({
      reason: 'batch transaction cancelled by an operator',
    });
    const operatorTransactions = await opsA.get<{ operator: { kind: string; status: string }[] }>(
      '/v1/operator/transactions',
    );
    expect(operatorTransactions.body.operator[0]).toMatchObject({ kind: 'cancel', status: 'mined' });
    // Searching by the cancelled transaction's hash finds nothing now (its intent moved to a new batch), by
    // the new one finds the intent.
    const landed = await a.database.db
      .selectFrom('transactions')
      .innerJoin('intents', 'intents.batch_id', 'transactions.batch_id')
      .select('transactions.hash')
      .where('intents.id', '=', id)
      .where('transactions.status', '=', 'confirmed')
      .executeTakeFirstOrThrow();
    const found = await opsA.get<{ intents: { id: string }[] }>(`/v1/operator/intents?q=${landed.hash}`);
    expect(found.body.intents.map((intent) => intent.id)).toEqual([id]);
    await opsA.post(`/v1/operator/signers/${keyB}/activate`);
  }, 90_000);

  it('shows intents, batches, signers, stats and health, live, and in /metrics', async () => {
    const { id } = await submit(a);
    await waitForStatus(a.url, id, ['confirmed']);
    const byPrefix = await opsA.get<{ intents: { id: string }[] }>(
      `/v1/operator/intents?q=${id.slice(0, 8)}`,
    );
    expect(byPrefix.body.intents.map((intent) => intent.id)).toContain(id);
    const bySigner = await opsA.get<{ intents: { actor: string }[]; counts: Record<string, number> }>(
      `/v1/operator/intents?q=${fixture.doctor.address}&status=confirmed&limit=5`,
    );
    expect(bySigner.body.intents.length).toBe(5);
    expect(bySigner.body.counts.confirmed).toBeGreaterThan(5);
    expect((await opsA.get('/v1/operator/intents?status=nope')).status).toBe(400);

    const batches = await opsA.get<{ batches: { status: string; gasUsed: string; feeWei: string }[] }>(
      '/v1/operator/batches?status=confirmed&limit=3',
    );
    expect(batches.body.batches[0]).toMatchObject({ status: 'confirmed' });
    expect(BigInt(batches.body.batches[0]!.gasUsed)).toBeGreaterThan(21_000n);
    expect(BigInt(batches.body.batches[0]!.feeWei)).toBeGreaterThan(0n);

    const signers = await opsA.get<{
      signers: { address: string; spentWeiLastHour: string; runwaySeconds: number }[];
    }>('/v1/operator/signers');
    const signerA = signers.body.signers.find((signer) => signer.address === keyA)!;
    expect(BigInt(signerA.spentWeiLastHour)).toBeGreaterThan(0n);
    expect(signerA.runwaySeconds).toBeGreaterThan(0);

    const stats = await opsA.get<{
      stages: { name: string; count: number; p50: number; p95: number }[];
      series: { received: number }[];
      errors: { finished: number };
    }>('/v1/operator/stats?windowMinutes=15&buckets=10');
    expect(stats.body.series).toHaveLength(10);
    const total = stats.body.stages.find((stage) => stage.name === 'total')!;
    expect(total.count).toBeGreaterThan(5);
    expect(total.p95).toBeGreaterThanOrEqual(total.p50);
    expect(stats.body.errors.finished).toBeGreaterThan(5);

    const health = await opsB.get<{
      database: { ok: boolean };
      rpc: { ok: boolean };
      indexer: { lagBlocks: number };
    }>('/v1/operator/health');
    expect(health.body).toMatchObject({ database: { ok: true }, rpc: { ok: true } });
    expect(health.body.indexer.lagBlocks).toBeGreaterThanOrEqual(0);

    const [snapshot] = await opsA.stream(1);
    expect(snapshot).toMatchObject({ event: 'snapshot', data: { intake: { mode: 'open' } } });

    // Low balance: the alarm, the metric, and intake refusing what nobody could pay for.
    await testClient().setBalance({ address: keyA as `0x${string}`, value: 1000n });
    await testClient().setBalance({ address: keyB as `0x${string}`, value: 1000n });
    const low = await until(
      () => opsA.get<{ alarms: { lowBalance: string[] } }>('/v1/operator/overview'),
      (response) => response.body.alarms.lowBalance.length === 2,
      'the low-balance alarm',
    );
    expect(low.body.alarms.lowBalance.sort()).toEqual([keyA, keyB].sort());
    const metrics = await (await fetch(`${a.url}/metrics`)).text();
    for (const line of [
      `medicrypt_signer_balance_low{signer="${keyA}"} 1`,
      'medicrypt_intents{status="confirmed"}',
      'medicrypt_intent_stage_duration_seconds_bucket{le="0.5",stage="queue"}',
      'medicrypt_batches{status="confirmed"}',
      'medicrypt_gas_used_total',
      'medicrypt_fees_paid_wei_total',
      'medicrypt_indexer_lag_blocks',
      `medicrypt_signer_nonce{signer="${keyA}",source="chain_pending"}`,
      'medicrypt_up{dependency="database"} 1',
    ])
      expect(metrics).toContain(line);
    // Prometheus's own checker finds nothing to say (names, types, help, counters' `_total`).
    const lint = await promtool(['check', 'metrics'], { input: metrics });
    expect(lint, lint.output).toEqual({ code: 0, output: '' });
    // Every metric the alert rules use is exported.
    const rules = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'alerts.yml'), 'utf8');
    for (const name of new Set(rules.match(/medicrypt_[a-z_]+/g)))
      expect(metrics, `${name} (docs/alerts.yml)`).toMatch(
        new RegExp(`^${name}(_bucket|_count|_sum)?[{ ]`, 'm'),
      );
    for (const key of [keyA, keyB])
      await testClient().setBalance({ address: key as `0x${string}`, value: parseEther('100') });
  }, 60_000);
});
