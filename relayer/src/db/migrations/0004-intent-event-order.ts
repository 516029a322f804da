// Live streams read intent events in commit order. A bigserial id is taken when a row is inserted, not when its
// transaction commits, so a reader that follows `id > last` can pass over an event whose transaction commits
// after a later-numbered one. Each event now records its transaction id (xid8); readers only go up to the oldest
// transaction still running (pg_snapshot_xmin), where nothing new can appear below them.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table intent_events add column xid xid8 not null default pg_current_xact_id()`.execute(db);
  await sql`create index intent_events_xid on intent_events (xid, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists intent_events_xid`.execute(db);
  await sql`alter table intent_events drop column xid`.execute(db);
}
