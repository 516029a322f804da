// Alert webhooks: the signature (HMAC-SHA256 over timestamp and raw body; stale or tampered deliveries refused),
// delivery with retries and backoff to a receiver that verifies every request, giving up after the last attempt,
// and alert changes announced exactly once when several instances evaluate at the same time.
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connect.ts';
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from '../db/test-database.ts';
import type { SignerMonitor, SignerStatus } from '../operator/signer-monitor.ts';
import type { SystemHealth } from '../operator/system-health.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../testing/webhook-receiver.ts';
import { ALERTS, AlertWatcher } from './alert-watcher.ts';
import { WebhookDispatcher } from './webhook-dispatcher.ts';
import { signWebhook, verifyWebhook } from './webhook-signature.ts';

const SECRET = 'webhook-secret-webhook-secret-0123456789';
const logger = pino({ level: 'silent' });
const SIGNER = '0x00000000000000000000000000000000000000aa';

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('webhook signatures', () => {
  const body = JSON.stringify({ id: 'e1', type: 'alert.firing', data: { name: 'IndexerLag' } });
  const now = 1_900_000_000;

  it('verifies what was signed, at the time it was signed', () => {
    const signature = signWebhook(SECRET, now, body);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(
      verifyWebhook({ secret: SECRET, body, timestamp: String(now), signature, nowSeconds: now + 10 }),
    ).toBe(true);
  });

  it('refuses a changed body, another secret, another timestamp, or a replay outside the tolerance', () => {
    const signature = signWebhook(SECRET, now, body);
    const check = { secret: SECRET, body, timestamp: String(now), signature, nowSeconds: now };
    expect(verifyWebhook({ ...check, body: body.replace('IndexerLag', 'StuckNonce') })).toBe(false);
    expect(verifyWebhook({ ...check, secret: `${SECRET}x` })).toBe(false);
    expect(verifyWebhook({ ...check, timestamp: String(now + 1), nowSeconds: now + 1 })).toBe(false);
    expect(verifyWebhook({ ...check, nowSeconds: now + 301 })).toBe(false);
    expect(verifyWebhook({ ...check, nowSeconds: now - 301 })).toBe(false);
    expect(verifyWebhook({ ...check, signature: undefined })).toBe(false);
    expect(verifyWebhook({ ...check, signature: 'sha256=00' })).toBe(false);
  });
});

describe('webhook delivery', () => {
  let database: TestDatabase;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    receiver = await startWebhookReceiver(SECRET);
  });
  afterAll(async () => {
    await receiver?.stop();
    await database?.drop();
  });
  afterEach(() => {
    receiver.received.length = 0;
  });

  const dispatcher = (options: Partial<ConstructorParameters<typeof WebhookDispatcher>[0]> = {}) =>
    new WebhookDispatcher({
      db: database.db,
      urls: [receiver.url],
      secret: SECRET,
      logger,
      baseDelayMs: 30,
      ...options,
    });

  it('retries with growing pauses until the receiver accepts, signing every attempt', async () => {
    const hooks = dispatcher();
    receiver.failNext(500, 503);
    const event = await hooks.enqueue('intake.paused', { reason: 'maintenance' });
    const times: number[] = [];
    await until(async () => {
      if ((await hooks.deliverDue()) > 0) times.push(Date.now());
      return receiver.accepted().length === 1;
    }, 'the delivery to be accepted');
    expect(receiver.received.map((delivery) => [delivery.verified, delivery.status])).toEqual([
      [true, 500],
      [true, 503],
      [true, 204],
    ]);
    // The same event each time (a receiver deduplicates on its id), a backoff that doubles.
    expect(receiver.accepted()[0]).toEqual({ ...event, data: { reason: 'maintenance' } });
    expect(new Set(receiver.received.map((delivery) => delivery.body)).size).toBe(1);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(times[1]! - times[0]! - 5);
    expect(hooks.backoffMs(1)).toBe(30);
    expect(hooks.backoffMs(4)).toBe(240);
    const row = await database.db.selectFrom('webhook_deliveries').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'delivered', attempts: 3, last_error: null });
  });

  it('gives up after the last attempt and keeps the delivery as failed', async () => {
    const hooks = dispatcher({ maxAttempts: 2, baseDelayMs: 10 });
    receiver.failNext(500, 500, 500);
    await hooks.enqueue('alert.firing', { name: 'IndexerLag' });
    await until(async () => {
      await hooks.deliverDue();
      const failed = await database.db
        .selectFrom('webhook_deliveries')
        .select('status')
        .where('event', '=', 'alert.firing')
        .where('status', '=', 'failed')
        .executeTakeFirst();
      return failed !== undefined;
    }, 'the delivery to be given up');
    expect(receiver.received).toHaveLength(2);
  });

  it('sends nothing without URLs', async () => {
    const hooks = dispatcher({ urls: [] });
    expect(hooks.enabled).toBe(false);
    await hooks.enqueue('intake.paused', {});
    expect(await hooks.deliverDue()).toBe(0);
  });
});

describe('alert changes with several instances', () => {
  let database: TestDatabase;
  let signers: SignerStatus[];
  let lagBlocks: number;
  const signer = (overrides: Partial<SignerStatus>): SignerStatus => ({
    address: SIGNER,
    status: 'active',
    heldHere: true,
    balanceWei: 10n ** 18n,
    lowBalance: false,
    chainNonce: { latest: 3, pending: 3 },
    relayerNextNonce: 3n,
    missingNonces: [],
    inFlight: 0,
    oldestPendingSeconds: null,
    spentWeiLastHour: 0n,
    runwaySeconds: null,
    ...overrides,
  });

  beforeAll(async () => {
    database = await createTestDatabase('pg');
  });
  afterAll(() => database?.drop());

  it('announces each firing and each resolution once, however many instances evaluate', async () => {
    // Three "instances": each its own connection pool to the same schema.
    const others = await Promise.all(
      [1, 2].map(() => openDatabase({ kind: 'pg', url: testDatabaseUrl, schema: database.schema! })),
    );
    try {
      const watchers = [database, ...others].map(
        (instance) =>
          new AlertWatcher({
            db: instance.db,
            monitor: { read: async () => signers } as unknown as SignerMonitor,
            health: async () => ({ indexer: { lagBlocks, error: null } }) as SystemHealth,
            dispatcher: new WebhookDispatcher({
              db: instance.db,
              urls: ['http://127.0.0.1:9/unused'],
              secret: SECRET,
              logger,
            }),
            thresholds: { stuckAfterMs: 30_000, failureRatePercent: 20, indexerLagBlocks: 50 },
          }),
      );
      const events = async () =>
        (
          await database.db.selectFrom('webhook_deliveries').select('body').orderBy('created_at').execute()
        ).map((row) => JSON.parse(row.body) as { type: string; data: { name: string } });

      signers = [signer({ lowBalance: true, missingNonces: [3n], relayerNextNonce: 4n })];
      lagBlocks = 80;
      await Promise.all(watchers.map((watcher) => watcher.evaluate()));
      await Promise.all(watchers.map((watcher) => watcher.evaluate()));
      expect((await events()).map((event) => `${event.type} ${event.data.name}`).sort()).toEqual([
        `alert.firing ${ALERTS.indexerLag}`,
        `alert.firing ${ALERTS.lowBalance}:${SIGNER}`,
        `alert.firing ${ALERTS.stuckNonce}:${SIGNER}`,
      ]);

      signers = [signer({})];
      lagBlocks = 0;
      await Promise.all(watchers.map((watcher) => watcher.evaluate()));
      const resolved = (await events()).filter((event) => event.type === 'alert.resolved');
      expect(resolved.map((event) => event.data.name).sort()).toEqual([
        ALERTS.indexerLag,
        `${ALERTS.lowBalance}:${SIGNER}`,
        `${ALERTS.stuckNonce}:${SIGNER}`,
      ]);
    } finally {
      await Promise.all(others.map((other) => other.close()));
    }
  });
});
