// The operator console: intake paused or draining (shared by every instance), the audit log of operator actions,
// the state of each signer key (active or retired), the relayer's own transactions that cancel a stuck batch
// or fill a nonce gap, alert states (so one instance announces each change), durable webhook deliveries, and
// the kind of a session (operators sign in separately from accounts).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('intake_state')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('mode', 'text', (column) => column.notNull())
    .addColumn('reason', 'text')
    .addColumn('changed_by', 'text')
    .addColumn('changed_at', 'timestamptz', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('operator_audit')
    .addColumn('id', 'bigserial', (column) => column.primaryKey())
    .addColumn('at', 'timestamptz', (column) => column.notNull())
    .addColumn('operator', 'text', (column) => column.notNull())
    .addColumn('auth', 'text', (column) => column.notNull())
    .addColumn('action', 'text', (column) => column.notNull())
    .addColumn('parameters', 'jsonb', (column) => column.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('outcome', 'text', (column) => column.notNull())
    .addColumn('error_code', 'text')
    .addColumn('result', 'jsonb')
    .execute();
  await db.schema
    .createIndex('operator_audit_action')
    .on('operator_audit')
    .columns(['action', 'id'])
    .execute();

  await db.schema
    .createTable('signer_keys')
    .addColumn('address', 'text', (column) => column.primaryKey())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('changed_by', 'text')
    .addColumn('changed_at', 'timestamptz', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('operator_transactions')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('signer', 'text', (column) => column.notNull())
    .addColumn('nonce', 'int8', (column) => column.notNull())
    .addColumn('hash', 'text', (column) => column.notNull().unique())
    .addColumn('raw', 'text', (column) => column.notNull())
    .addColumn('max_fee_per_gas', 'numeric', (column) => column.notNull())
    .addColumn('max_priority_fee_per_gas', 'numeric', (column) => column.notNull())
    .addColumn('target_transaction_id', 'text')
    .addColumn('batch_id', 'text')
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('requested_by', 'text', (column) => column.notNull())
    .addColumn('block_number', 'int8')
    .addColumn('gas_used', 'numeric')
    .addColumn('effective_gas_price', 'numeric')
    .addColumn('created_at', 'timestamptz', (column) => column.notNull())
    .addColumn('sent_at', 'timestamptz')
    .addColumn('mined_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('operator_transactions_signer_nonce')
    .on('operator_transactions')
    .columns(['signer', 'nonce'])
    .execute();
  await db.schema
    .createIndex('operator_transactions_batch')
    .on('operator_transactions')
    .column('batch_id')
    .execute();

  await db.schema
    .createTable('alert_state')
    .addColumn('name', 'text', (column) => column.primaryKey())
    .addColumn('firing', 'boolean', (column) => column.notNull())
    .addColumn('since', 'timestamptz', (column) => column.notNull())
    .addColumn('details', 'jsonb')
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('url', 'text', (column) => column.notNull())
    .addColumn('event', 'text', (column) => column.notNull())
    .addColumn('body', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (column) => column.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (column) => column.notNull())
    .addColumn('delivered_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_due')
    .on('webhook_deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute();

  await db.schema
    .alterTable('sessions')
    .addColumn('kind', 'text', (column) => column.notNull().defaultTo('account'))
    .execute();
  // The console's intent search by transaction hash and the stage statistics by time.
  await db.schema.createIndex('intents_updated').on('intents').column('updated_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('intents_updated').ifExists().execute();
  await db.schema.alterTable('sessions').dropColumn('kind').execute();
  for (const table of [
    'webhook_deliveries',
    'alert_state',
    'operator_transactions',
    'signer_keys',
    'operator_audit',
    'intake_state',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
