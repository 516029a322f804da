// Streams read intent events in commit order: an event whose transaction commits after a later-numbered one's
// is delivered, not passed over (the reader stops below the oldest transaction still running).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from '../db/test-database.ts';
import { IntentStore } from './intent-store.ts';

describe('intent events in commit order (Postgres)', () => {
  let database: TestDatabase;
  let store: IntentStore;
  const intentId = 'order-test';

  beforeAll(async () => {
    database = await createTestDatabase('pg');
    store = new IntentStore(database.db);
    const now = new Date();
    await database.db
      .insertInto('intents')
      .values({
        id: intentId,
        digest: '0x01',
        actor: '0x0000000000000000000000000000000000000001',
        name: 'denyAccess',
        data: '0x',
        signature: '0x',
        object_key: 'k',
        object_nonce: null,
        depends_on: '[]',
        status: 'received',
        deadline: 0,
        received_at: now,
        updated_at: now,
      })
      .execute();
  });
  afterAll(() => database?.drop());

  const insertEvent = (status: 'queued' | 'batched') =>
    database.db
      .insertInto('intent_events')
      .values({ intent_id: intentId, status, at: new Date(), details: null })
      .execute();

  it('holds back a later event until an earlier-numbered one commits, then delivers both in order', async () => {
    const slow = new pg.Client({ connectionString: testDatabaseUrl });
    await slow.connect();
    try {
      await slow.query(`set search_path to "${database.schema}"`);
      await slow.query('begin');
      await slow.query(`insert into intent_events (intent_id, status, at) values ($1, 'queued', now())`, [
        intentId,
      ]);
      await insertEvent('batched'); // a higher id, committed first

      const start = await store.parseEventCursor(undefined);
      expect(await store.eventsSince({ intentId }, start)).toEqual([]);

      await slow.query('commit');
      const events = await store.eventsSince({ intentId }, start);
      expect(events.map((event) => event.status)).toEqual(['queued', 'batched']);
      expect(events[0]!.id).toBeLessThan(events[1]!.id);

      // Resuming from either form of Last-Event-ID gives what came after it.
      const [, second] = events;
      const fromPair = await store.parseEventCursor(events[0]!.cursor);
      expect((await store.eventsSince({ intentId }, fromPair)).map((event) => event.id)).toEqual([
        second!.id,
      ]);
      const fromBareId = await store.parseEventCursor(String(events[0]!.id));
      expect((await store.eventsSince({ intentId }, fromBareId)).map((event) => event.id)).toEqual([
        second!.id,
      ]);
      expect(await store.eventsSince({ intentId }, await store.parseEventCursor(second!.cursor))).toEqual([]);
    } finally {
      await slow.end();
    }
  });
});
