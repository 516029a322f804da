// What the indexer reads from the chain: decoded contract events, and how far it has read. A reorg is undone by
// deleting the events above the fork (by block number) and moving the cursor back; the cursor's block hash is
// how the indexer notices that the block it stopped at is no longer canonical.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('chain_events')
    .addColumn('id', 'bigserial', (column) => column.primaryKey())
    .addColumn('contract', 'text', (column) => column.notNull())
    .addColumn('block_number', 'int8', (column) => column.notNull())
    .addColumn('block_hash', 'text', (column) => column.notNull())
    .addColumn('log_index', 'integer', (column) => column.notNull())
    .addColumn('tx_hash', 'text', (column) => column.notNull())
    .addColumn('event_name', 'text', (column) => column.notNull())
    .addColumn('args', 'jsonb', (column) => column.notNull())
    .addColumn('indexed_at', 'timestamptz', (column) => column.notNull())
    // Re-reading a range after a crash inserts nothing twice: `on conflict (tx_hash, log_index) do nothing`.
    .addUniqueConstraint('chain_events_log', ['tx_hash', 'log_index'])
    .execute();
  await db.schema
    .createIndex('chain_events_contract_block')
    .on('chain_events')
    .columns(['contract', 'block_number', 'log_index'])
    .execute();
  await db.schema
    .createIndex('chain_events_name_block')
    .on('chain_events')
    .columns(['event_name', 'block_number'])
    .execute();
  // Lookups by an argument (every event naming a patient): jsonb containment, `args @> '{"patient":"0x…"}'`.
  await sql`create index chain_events_args on chain_events using gin (args jsonb_path_ops)`.execute(db);

  await db.schema
    .createTable('indexer_cursor')
    .addColumn('name', 'text', (column) => column.primaryKey())
    .addColumn('block_number', 'int8', (column) => column.notNull())
    .addColumn('block_hash', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('indexer_cursor').ifExists().execute();
  await db.schema.dropTable('chain_events').ifExists().execute();
}
