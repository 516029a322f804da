import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './connect.ts';
import { migrateToLatest } from './migrate.ts';
import type { NewIntent } from './schema.ts';
import { createTestDatabase, databaseKinds, type TestDatabase, testDatabaseUrl } from './test-database.ts';

const now = new Date('2026-11-24T12:00:00.000Z');
const migrationNames = [
  '0001-pipeline',
  '0002-chain-events',
  '0003-accounts-and-records',
  '0004-intent-event-order',
  '0005-operator-console',
  '0006-research-studies',
  '0007-stored-signer-keys',
  '0008-remote-submissions',
];

function newIntent(overrides: Partial<NewIntent> = {}): NewIntent {
  return {
    id: randomUUID(),
    digest: `0x${randomUUID().replaceAll('-', '').padEnd(64, '0')}`,
    actor: '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc',
    name: 'approveAccess',
    data: '0x1234',
    signature: '0xabcd',
    object_key: `consent:${randomUUID()}`,
    object_nonce: 1,
    depends_on: JSON.stringify(['credential:0x1:1']),
    status: 'queued',
    deadline: 1_900_000_000n,
    gas_estimate: 57_000n,
    received_at: now,
    queued_at: now,
    updated_at: now,
    ...overrides,
  };
}

describe.each(databaseKinds)('storage on %s', (kind) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database?.drop());

  it('migrates idempotently', async () => {
    const applied = await sql<{
      name: string;
    }>`select name from kysely_migration order by name`.execute(database.db);
    expect(applied.rows.map((row) => row.name)).toEqual(migrationNames);
    expect(await migrateToLatest(database.db, database.schema ?? 'public')).toEqual([]);
  });

  it('round-trips every column type identically', async () => {
    const intent = newIntent();
    await database.db.insertInto('intents').values(intent).execute();
    const row = await database.db
      .selectFrom('intents')
      .selectAll()
      .where('id', '=', intent.id)
      .executeTakeFirstOrThrow();
    expect(row.deadline).toBe(1_900_000_000n);
    expect(row.gas_estimate).toBe(57_000n);
    expect(row.object_nonce).toBe(1);
    expect(row.depends_on).toEqual(['credential:0x1:1']);
    expect(row.received_at).toBeInstanceOf(Date);
    expect(row.received_at.toISOString()).toBe(now.toISOString());
    expect(row.batched_at).toBeNull();
  });

  it('stores wei amounts exactly as numeric text', async () => {
    const wei = '123456789012345678901234567890';
    await database.db
      .insertInto('transactions')
      .values({
        id: randomUUID(),
        batch_id: 'b',
        signer: '0x1',
        nonce: 7n,
        hash: `0x${randomUUID()}`,
        raw: '0x02',
        max_fee_per_gas: wei,
        max_priority_fee_per_gas: '1',
        gas_limit: '100000',
        status: 'pending',
        created_at: now,
        updated_at: now,
      })
      .execute();
    const row = await database.db
      .selectFrom('transactions')
      .select(['max_fee_per_gas', 'nonce'])
      .where('signer', '=', '0x1')
      .executeTakeFirstOrThrow();
    expect(row.max_fee_per_gas).toBe(wei);
    expect(row.nonce).toBe(7n);
  });

  it('appends lifecycle events with their JSON details', async () => {
    const intent = newIntent();
    await database.db.insertInto('intents').values(intent).execute();
    await database.db
      .insertInto('intent_events')
      .values([
        { intent_id: intent.id, status: 'received', at: now, details: null },
        {
          intent_id: intent.id,
          status: 'queued',
          at: now,
          details: JSON.stringify({ gas: '57000', checks: ['signature', 'simulation'] }),
        },
      ])
      .execute();
    const events = await database.db
      .selectFrom('intent_events')
      .selectAll()
      .where('intent_id', '=', intent.id)
      .orderBy('id')
      .execute();
    expect(events.map((event) => event.status)).toEqual(['received', 'queued']);
    expect(typeof events[0]!.id).toBe('bigint');
    expect(events[0]!.details).toBeNull();
    expect(events[1]!.details).toEqual({ gas: '57000', checks: ['signature', 'simulation'] });
    expect(events[1]!.at).toEqual(now);
  });

  it('stores each chain log once and finds events by an argument', async () => {
    const txHash = `0x${randomUUID().replaceAll('-', '').padEnd(64, 'a')}`;
    const patient = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
    const event = {
      contract: '0x5fbdb2315678afecb367f032d93f642f64180aa3',
      block_number: 12n,
      block_hash: `0x${'b'.repeat(64)}`,
      log_index: 3,
      tx_hash: txHash,
      event_name: 'AccessGranted',
      args: JSON.stringify({ patient, expiresAt: '1900000000' }),
      indexed_at: now,
    };
    await database.db.insertInto('chain_events').values(event).execute();
    await expect(database.db.insertInto('chain_events').values(event).execute()).rejects.toThrow(
      /chain_events_log/,
    );
    const replay = await database.db
      .insertInto('chain_events')
      .values(event)
      .onConflict((conflict) => conflict.columns(['tx_hash', 'log_index']).doNothing())
      .executeTakeFirst();
    expect(replay.numInsertedOrUpdatedRows).toBe(0n);
    const found = await database.db
      .selectFrom('chain_events')
      .selectAll()
      .where(sql<boolean>`args @> ${JSON.stringify({ patient })}::jsonb`)
      .execute();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      block_number: 12n,
      log_index: 3,
      args: { patient, expiresAt: '1900000000' },
    });
  });

  it('moves the indexer cursor with an upsert', async () => {
    const advance = (block: bigint, hash: string) =>
      database.db
        .insertInto('indexer_cursor')
        .values({ name: 'registry', block_number: block, block_hash: hash, updated_at: now })
        .onConflict((conflict) =>
          conflict.column('name').doUpdateSet({ block_number: block, block_hash: hash, updated_at: now }),
        )
        .execute();
    await advance(10n, '0x0a');
    await advance(2n ** 40n, '0x0b');
    expect(
      await database.db
        .selectFrom('indexer_cursor')
        .select(['block_number', 'block_hash'])
        .where('name', '=', 'registry')
        .executeTakeFirstOrThrow(),
    ).toEqual({ block_number: 2n ** 40n, block_hash: '0x0b' });
  });

  it('rejects a second intent with the same digest', async () => {
    const intent = newIntent();
    await database.db.insertInto('intents').values(intent).execute();
    await expect(
      database.db
        .insertInto('intents')
        .values({ ...intent, id: randomUUID() })
        .execute(),
    ).rejects.toThrow(/intents_digest/);
  });

  it('rejects two live intents naming the same object version, but not after one failed', async () => {
    const first = newIntent();
    await database.db.insertInto('intents').values(first).execute();
    const rival = newIntent({ object_key: first.object_key, object_nonce: first.object_nonce });
    await expect(database.db.insertInto('intents').values(rival).execute()).rejects.toThrow(
      /intents_live_object_nonce/,
    );
    await database.db.updateTable('intents').set({ status: 'failed' }).where('id', '=', first.id).execute();
    await database.db.insertInto('intents').values(rival).execute();
  });

  it('keeps a transaction atomic', async () => {
    const intent = newIntent();
    await expect(
      database.db.transaction().execute(async (trx) => {
        await trx.insertInto('intents').values(intent).execute();
        throw new Error('crash before commit');
      }),
    ).rejects.toThrow('crash before commit');
    expect(
      await database.db.selectFrom('intents').select('id').where('id', '=', intent.id).executeTakeFirst(),
    ).toBeUndefined();
  });
});

describe('several relayer processes on one Postgres', () => {
  let first: TestDatabase;

  beforeAll(async () => {
    first = await createTestDatabase('pg');
  });
  afterAll(() => first?.drop());

  it('open and migrate concurrently: each migration runs exactly once', async () => {
    const schema = `${first.schema}_race`;
    const instances = await Promise.all(
      [0, 1, 2].map(() => openDatabase({ kind: 'pg', url: testDatabaseUrl, schema }, { migrate: false })),
    );
    try {
      const applied = await Promise.all(instances.map((instance) => migrateToLatest(instance.db, schema)));
      expect(applied.flat().sort()).toEqual(migrationNames);
      const tables = await sql<{
        n: string;
      }>`select count(*) as n from information_schema.tables where table_schema = ${schema}`.execute(
        instances[0]!.db,
      );
      expect(Number(tables.rows[0]!.n)).toBeGreaterThanOrEqual(8);
    } finally {
      await sql.raw(`drop schema "${schema}" cascade`).execute(instances[0]!.db);
      await Promise.all(instances.map((instance) => instance.close()));
    }
  });

  it('claim disjoint rows with FOR UPDATE SKIP LOCKED', async () => {
    const second = await openDatabase({ kind: 'pg', url: testDatabaseUrl, schema: first.schema! });
    try {
      const ids = Array.from({ length: 6 }, () => randomUUID());
      await first.db
        .insertInto('intents')
        .values(ids.map((id) => newIntent({ id, status: 'queued' })))
        .execute();
      const claim = (database: { db: typeof first.db }, hold: Promise<void>) =>
        database.db.transaction().execute(async (trx) => {
          const rows = await trx
            .selectFrom('intents')
            .select('id')
            .where('id', 'in', ids)
            .orderBy('id')
            .limit(4)
            .forUpdate()
            .skipLocked()
            .execute();
          await hold;
          return rows.map((row) => row.id);
        });
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const firstClaim = claim(first, held);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const secondClaim = await claim(second, Promise.resolve());
      release();
      const firstRows = await firstClaim;
      expect(firstRows).toHaveLength(4);
      expect(secondClaim).toHaveLength(2);
      expect(firstRows.filter((id) => secondClaim.includes(id))).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
