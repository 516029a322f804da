// Alert webhooks, durable and retried: each event becomes one delivery row per URL (in the caller's database
// transaction when it gives one), and any instance sends the due ones. A delivery is leased before it is sent so
// two instances never send it at once; a failure (network, timeout, non-2xx) is retried with exponential backoff
// until MAX_ATTEMPTS, then kept as failed.
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.ts';
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
} from './webhook-signature.ts';

export interface WebhookDispatcherOptions {
  db: Kysely<Database>;
  urls: readonly string[];
  secret: string;
  logger: Logger;
  /** First retry delay; each later one doubles, up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxAttempts?: number;
  timeoutMs?: number;
}

export interface WebhookEvent {
  id: string;
  type: string;
  at: string;
  data: Record<string, unknown>;
}

const DEFAULT_BASE_DELAY_MS = 1_000;
const DEFAULT_MAX_DELAY_MS = 5 * 60_000;
const DEFAULT_MAX_ATTEMPTS = 10;
const DEFAULT_TIMEOUT_MS = 10_000;
/** A leased delivery is not picked by another instance for this long (longer than one send can take). */
const LEASE_MS = 60_000;
const BATCH = 20;
const MAX_ERROR_LENGTH = 300;

export class WebhookDispatcher {
  constructor(private readonly options: WebhookDispatcherOptions) {}

  get enabled(): boolean {
    return this.options.urls.length > 0;
  }

  /** Stores an event for every URL; answers the event (nothing is stored without URLs). */
  async enqueue(
    type: string,
    data: Record<string, unknown>,
    executor: Kysely<Database> | Transaction<Database> = this.options.db,
  ): Promise<WebhookEvent> {
    const event: WebhookEvent = { id: randomUUID(), type, at: new Date().toISOString(), data };
    if (!this.enabled) return event;
    const body = JSON.stringify(event);
    const now = new Date();
    await executor
      .insertInto('webhook_deliveries')
      .values(
        this.options.urls.map((url) => ({
          id: randomUUID(),
          url,
          event: type,
          body,
          status: 'pending' as const,
          next_attempt_at: now,
          created_at: now,
        })),
      )
      .execute();
    return event;
  }

  /** Sends the deliveries that are due; answers how many were attempted. */
  async deliverDue(now = new Date()): Promise<number> {
    const { db } = this.options;
    const leased = await db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(BATCH)
        .forUpdate()
        .skipLocked()
        .execute();
      if (due.length === 0) return due;
      await trx
        .updateTable('webhook_deliveries')
        .set({ next_attempt_at: new Date(now.getTime() + LEASE_MS) })
        .where(
          'id',
          'in',
          due.map((delivery) => delivery.id),
        )
        .execute();
      return due;
    });
    await Promise.all(leased.map((delivery) => this.attempt(delivery)));
    return leased.length;
  }

  private async attempt(delivery: {
    id: string;
    url: string;
    event: string;
    body: string;
    attempts: number;
  }): Promise<void> {
    const { db, secret, logger } = this.options;
    const timestamp = Math.floor(Date.now() / 1000);
    let error: string | undefined;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'medicrypt-relayer-webhooks',
          [SIGNATURE_HEADER]: signWebhook(secret, timestamp, delivery.body),
          [TIMESTAMP_HEADER]: String(timestamp),
          [EVENT_HEADER]: delivery.event,
          [DELIVERY_HEADER]: delivery.id,
        },
        body: delivery.body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        redirect: 'manual',
      });
      await response.body?.cancel();
      if (response.status < 200 || response.status >= 300) error = `HTTP ${response.status}`;
    } catch (caught) {
      error = (caught as Error).message;
    }
    const now = new Date();
    const attempts = delivery.attempts + 1;
    if (!error) {
      await db
        .updateTable('webhook_deliveries')
        .set({ status: 'delivered', attempts, delivered_at: now, last_error: null })
        .where('id', '=', delivery.id)
        .execute();
      return;
    }
    const giveUp = attempts >= (this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    await db
      .updateTable('webhook_deliveries')
      .set({
        status: giveUp ? 'failed' : 'pending',
        attempts,
        last_error: error.slice(0, MAX_ERROR_LENGTH),
        next_attempt_at: new Date(now.getTime() + this.backoffMs(attempts)),
      })
      .where('id', '=', delivery.id)
      .execute();
    logger.warn(
      { url: delivery.url, event: delivery.event, attempts, error, giveUp },
      'webhook delivery failed',
    );
  }

  /** The wait before attempt `attempts + 1`: base × 2^(attempts − 1), capped. */
  backoffMs(attempts: number): number {
    const base = this.options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
    return Math.min(base * 2 ** Math.max(0, attempts - 1), this.options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS);
  }
}
