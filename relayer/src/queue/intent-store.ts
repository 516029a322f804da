// The durable intent queue: every intent the relayer accepted, with its lifecycle. Postgres (or PGlite) is the
// source of truth; an intent is acknowledged only after its row is committed.
import { randomUUID } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import { type Database, finalIntentStatuses, type IntentRow, type IntentStatus } from '../db/schema.ts';
import { RelayerError } from '../errors.ts';

export interface NewIntentInput {
  digest: string;
  actor: string;
  name: string;
  data: string;
  signature: string;
  objectKey: string;
  objectNonce: number | null;
  dependsOn: string[];
  deadline: number;
  gasEstimate: bigint;
  receivedIp: string | undefined;
}

/** Where a stream of intent events stands: the last event's transaction id and id (decimal strings). */
export interface EventCursor {
  xid: string;
  id: string;
}

export interface IntentEvent {
  id: bigint;
  /** `<xid>-<id>`: the SSE id a client resumes from. */
  cursor: string;
  intentId: string;
  status: IntentStatus;
  at: Date;
  details: Record<string, unknown> | null;
}

type Executor = Kysely<Database> | Transaction<Database>;

const UNIQUE_VIOLATION = '23505';
const isUniqueViolation = (error: unknown, constraint: string) =>
  typeof error === 'object' &&
  error !== null &&
  (error as { code?: string }).code === UNIQUE_VIOLATION &&
  String(
    (error as { constraint?: string; message?: string }).constraint ?? (error as Error).message,
  ).includes(constraint);

export const utcDay = (date: Date) => date.toISOString().slice(0, 10);

export class IntentStore {
  constructor(private readonly db: Kysely<Database>) {}

  findById(id: string): Promise<IntentRow | undefined> {
    return this.db.selectFrom('intents').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByDigest(digest: string): Promise<IntentRow | undefined> {
    return this.db.selectFrom('intents').selectAll().where('digest', '=', digest).executeTakeFirst();
  }

  listByActor(actor: string, limit: number): Promise<IntentRow[]> {
    return this.db
      .selectFrom('intents')
      .selectAll()
      .where('actor', '=', actor.toLowerCase())
      .orderBy('received_at', 'desc')
      .limit(limit)
      .execute();
  }

  /** Intents not yet final that change (or that others depend on in) these objects, oldest first. */
  live(objectKeys: string[]): Promise<IntentRow[]> {
    if (objectKeys.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('intents')
      .selectAll()
      .where('object_key', 'in', objectKeys)
      .where('status', 'not in', finalIntentStatuses)
      .orderBy('received_at')
      .orderBy('object_nonce')
      .execute();
  }

  /** Gas already committed today by `actor`'s accepted intents. */
  async gasUsedToday(actor: string, now = new Date()): Promise<bigint> {
    const row = await this.db
      .selectFrom('daily_budgets')
      .select('gas_used')
      .where('signer', '=', actor.toLowerCase())
      .where('day', '=', utcDay(now))
      .executeTakeFirst();
    return row?.gas_used ?? 0n;
  }

  /**
   * Stores an accepted intent as queued, with its budget, in one statement. Idempotent: the same digest
   * returns the stored intent (`created: false`). Another live intent on the same object version is a conflict.
   */
  async insert(input: NewIntentInput, now = new Date()): Promise<{ intent: IntentRow; created: boolean }> {
    try {
      const [intent] = await this.insertMany([input], now);
      return { intent: intent!, created: true };
    } catch (error) {
      if (isUniqueViolation(error, 'intents_digest')) {
        const existing = await this.findByDigest(input.digest);
        if (existing) return { intent: existing, created: false };
      }
      if (isUniqueViolation(error, 'intents_live_object_nonce')) {
        throw new RelayerError(
          'NONCE_CONFLICT',
          409,
          `another pending intent already uses nonce ${input.objectNonce} of ${input.objectKey}`,
          { details: { objectKey: input.objectKey, nonce: input.objectNonce } },
        );
      }
      throw error;
    }
  }

  /**
   * Stores several accepted intents as queued in one statement (data-modifying CTEs): one round trip and one
   * commit for all of them, their first two lifecycle events and their budgets, or nothing at all. A unique
   * violation (a digest already stored, a live object version taken) fails the whole statement; callers then
   * store the intents one by one to tell which.
   */
  async insertMany(inputs: NewIntentInput[], now = new Date()): Promise<IntentRow[]> {
    const rows = inputs.map((input) => ({ id: randomUUID(), input, actor: input.actor.toLowerCase() }));
    const day = utcDay(now);
    const budgets = new Map<string, bigint>();
    for (const { actor, input } of rows) budgets.set(actor, (budgets.get(actor) ?? 0n) + input.gasEstimate);
    const stored = await this.db
      .with('events', (db) =>
        db.insertInto('intent_events').values(
          rows.flatMap(({ id }) => [
            { intent_id: id, status: 'received', at: now, details: null },
            { intent_id: id, status: 'queued', at: now, details: null },
          ]),
        ),
      )
      .with('budget', (db) =>
        db
          .insertInto('daily_budgets')
          .values([...budgets].map(([signer, gas]) => ({ signer, day, gas_used: gas })))
          .onConflict((conflict) =>
            conflict.columns(['signer', 'day']).doUpdateSet((eb) => ({
              gas_used: eb('daily_budgets.gas_used', '+', eb.ref('excluded.gas_used')),
            })),
          ),
      )
      .insertInto('intents')
      .values(
        rows.map(({ id, input, actor }) => ({
          id,
          digest: input.digest,
          actor,
          name: input.name,
          data: input.data,
          signature: input.signature,
          object_key: input.objectKey,
          object_nonce: input.objectNonce,
          depends_on: JSON.stringify(input.dependsOn),
          status: 'queued' as const,
          deadline: BigInt(input.deadline),
          gas_estimate: input.gasEstimate,
          received_ip: input.receivedIp ?? null,
          received_at: now,
          queued_at: now,
          updated_at: now,
        })),
      )
      .returningAll()
      .execute();
    const byId = new Map(stored.map((row) => [row.id, row]));
    return rows.map(({ id }) => byId.get(id)!);
  }

  /** Moves intents to `status`, stamping the stage's column and the lifecycle log. */
  async transition(
    executor: Executor,
    ids: string[],
    status: IntentStatus,
    changes: {
      batchId?: string | null;
      failureCode?: string | null;
      failureReason?: string | null;
      details?: Record<string, unknown>;
    } = {},
    now = new Date(),
  ): Promise<void> {
    if (ids.length === 0) return;
    const stamp = stageColumn[status];
    await executor
      .updateTable('intents')
      .set({
        status,
        updated_at: now,
        ...(stamp ? { [stamp]: now } : {}),
        ...(changes.batchId !== undefined ? { batch_id: changes.batchId } : {}),
        ...(changes.failureCode !== undefined ? { failure_code: changes.failureCode } : {}),
        ...(changes.failureReason !== undefined ? { failure_reason: changes.failureReason } : {}),
      })
      .where('id', 'in', ids)
      .execute();
    await this.logEvents(executor, ids, status, changes.details, now);
  }

  /**
   * Moves intents into a new batch, each at its position in `ids`, in one statement (one row version per intent,
   * where a transition and then a separate position update would write two), with their lifecycle events.
   */
  async markBatched(executor: Executor, ids: string[], batchId: string, now = new Date()): Promise<void> {
    if (ids.length === 0) return;
    const positions = ids.map((id, position) => sql`(${id}, ${position}::integer)`);
    await sql`update intents set status = 'batched', batched_at = ${now}, updated_at = ${now},
      batch_id = ${batchId}, batch_position = v.position
      from (values ${sql.join(positions)}) as v(id, position) where intents.id = v.id`.execute(executor);
    await this.logEvents(executor, ids, 'batched', undefined, now);
  }

  private async logEvents(
    executor: Executor,
    ids: string[],
    status: IntentStatus,
    details: Record<string, unknown> | undefined,
    now: Date,
  ): Promise<void> {
    await executor
      .insertInto('intent_events')
      .values(
        ids.map((id) => ({
          intent_id: id,
          status,
          at: now,
          details: details ? JSON.stringify(details) : null,
        })),
      )
      .execute();
  }

  /**
   * Lifecycle events after `after`, for one intent or every intent of an actor, in commit order: only events of
   * transactions older than every transaction still running, so an event that commits late is never passed over.
   */
  async eventsSince(
    filter: { intentId: string } | { actor: string },
    after: EventCursor,
    limit = 500,
  ): Promise<IntentEvent[]> {
    let query = this.db
      .selectFrom('intent_events')
      .innerJoin('intents', 'intents.id', 'intent_events.intent_id')
      .select([
        'intent_events.id',
        sql<string>`intent_events.xid::text`.as('xid'),
        'intent_events.intent_id',
        'intent_events.status',
        'intent_events.at',
        'intent_events.details',
      ])
      .where(sql<boolean>`(intent_events.xid, intent_events.id) > (${after.xid}::xid8, ${after.id}::int8)`)
      .where(sql<boolean>`intent_events.xid < pg_snapshot_xmin(pg_current_snapshot())`)
      .orderBy('intent_events.xid')
      .orderBy('intent_events.id')
      .limit(limit);
    query =
      'intentId' in filter
        ? query.where('intents.id', '=', filter.intentId)
        : query.where('intents.actor', '=', filter.actor.toLowerCase());
    const rows = await query.execute();
    return rows.map((row) => ({
      id: row.id,
      cursor: `${row.xid}-${row.id}`,
      intentId: row.intent_id,
      status: row.status,
      at: row.at,
      details: row.details as Record<string, unknown> | null,
    }));
  }

  /**
   * The cursor a client's Last-Event-ID stands for: `<xid>-<id>` as sent, or a bare event id from before
   * events carried their transaction (looked up).
   */
  async parseEventCursor(value: string | undefined): Promise<EventCursor> {
    const start = { xid: '0', id: '0' };
    if (!value) return start;
    const pair = /^(\d{1,20})-(\d{1,20})$/.exec(value);
    if (pair) return { xid: pair[1]!, id: pair[2]! };
    if (!/^\d{1,20}$/.test(value)) return start;
    const row = await this.db
      .selectFrom('intent_events')
      .select(sql<string>`xid::text`.as('xid'))
      .where('id', '=', value as never)
      .executeTakeFirst();
    return row ? { xid: row.xid, id: value } : start;
  }
}

const stageColumn: Partial<
  Record<
    IntentStatus,
    'queued_at' | 'batched_at' | 'submitted_at' | 'mined_at' | 'confirmed_at' | 'failed_at'
  >
> = {
  queued: 'queued_at',
  batched: 'batched_at',
  submitted: 'submitted_at',
  mined: 'mined_at',
  confirmed: 'confirmed_at',
  failed: 'failed_at',
  expired: 'failed_at',
};
