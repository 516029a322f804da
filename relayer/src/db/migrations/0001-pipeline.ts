// The intent pipeline: intents, their lifecycle log, batches, transactions, signer nonces, daily budgets.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('intents')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('digest', 'text', (column) => column.notNull().unique())
    .addColumn('actor', 'text', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('data', 'text', (column) => column.notNull())
    .addColumn('signature', 'text', (column) => column.notNull())
    .addColumn('object_key', 'text', (column) => column.notNull())
    .addColumn('object_nonce', 'integer')
    .addColumn('depends_on', 'jsonb', (column) => column.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('failure_code', 'text')
    .addColumn('failure_reason', 'text')
    .addColumn('deadline', 'int8', (column) => column.notNull())
    .addColumn('gas_estimate', 'int8')
    .addColumn('received_ip', 'text')
    .addColumn('batch_id', 'text')
    .addColumn('batch_position', 'integer')
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('received_at', 'timestamptz', (column) => column.notNull())
    .addColumn('queued_at', 'timestamptz')
    .addColumn('batched_at', 'timestamptz')
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('mined_at', 'timestamptz')
    .addColumn('confirmed_at', 'timestamptz')
    .addColumn('failed_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('intents_status_received')
    .on('intents')
    .columns(['status', 'received_at'])
    .execute();
  await db.schema
    .createIndex('intents_actor_received')
    .on('intents')
    .columns(['actor', 'received_at'])
    .execute();
  await db.schema.createIndex('intents_object_key').on('intents').column('object_key').execute();
  await db.schema.createIndex('intents_batch').on('intents').column('batch_id').execute();
  // Two live intents can never name the same version of the same object: the second is a conflict.
  await sql`create unique index intents_live_object_nonce on intents (object_key, object_nonce)
    where object_nonce is not null and status not in ('failed', 'expired')`.execute(db);

  await db.schema
    .createTable('intent_events')
    .addColumn('id', 'bigserial', (column) => column.primaryKey())
    .addColumn('intent_id', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('at', 'timestamptz', (column) => column.notNull())
    .addColumn('details', 'jsonb')
    .execute();
  await db.schema
    .createIndex('intent_events_intent')
    .on('intent_events')
    .columns(['intent_id', 'id'])
    .execute();

  await db.schema
    .createTable('batches')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('signer', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('intent_count', 'integer', (column) => column.notNull())
    .addColumn('created_at', 'timestamptz', (column) => column.notNull())
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('batches_status').on('batches').column('status').execute();

  await db.schema
    .createTable('transactions')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('batch_id', 'text', (column) => column.notNull())
    .addColumn('signer', 'text', (column) => column.notNull())
    .addColumn('nonce', 'int8', (column) => column.notNull())
    .addColumn('hash', 'text', (column) => column.notNull().unique())
    .addColumn('raw', 'text')
    .addColumn('max_fee_per_gas', 'numeric', (column) => column.notNull())
    .addColumn('max_priority_fee_per_gas', 'numeric', (column) => column.notNull())
    .addColumn('gas_limit', 'numeric', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('block_number', 'int8')
    .addColumn('block_hash', 'text')
    .addColumn('gas_used', 'numeric')
    .addColumn('effective_gas_price', 'numeric')
    .addColumn('replaced_by', 'text')
    .addColumn('created_at', 'timestamptz', (column) => column.notNull())
    .addColumn('sent_at', 'timestamptz')
    .addColumn('mined_at', 'timestamptz')
    .addColumn('confirmed_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('transactions_status').on('transactions').column('status').execute();
  await db.schema.createIndex('transactions_batch').on('transactions').column('batch_id').execute();
  await db.schema
    .createIndex('transactions_signer_nonce')
    .on('transactions')
    .columns(['signer', 'nonce'])
    .execute();

  await db.schema
    .createTable('signer_nonces')
    .addColumn('signer', 'text', (column) => column.primaryKey())
    .addColumn('next_nonce', 'int8', (column) => column.notNull())
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('daily_budgets')
    .addColumn('signer', 'text', (column) => column.notNull())
    .addColumn('day', 'text', (column) => column.notNull())
    .addColumn('gas_used', 'int8', (column) => column.notNull())
    .addPrimaryKeyConstraint('daily_budgets_pk', ['signer', 'day'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'daily_budgets',
    'signer_nonces',
    'transactions',
    'batches',
    'intent_events',
    'intents',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
