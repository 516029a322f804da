// Batches sent through a remote signer backend (the OpenZeppelin Relayer; Defender, legacy). The row is written,
// with the exact calldata, before the backend is called, so a crash between the call and storing the backend's
// id leaves a `sending` row the next tick resolves by finding that calldata among the backend's transactions.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('remote_submissions')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('batch_id', 'text', (column) => column.notNull())
    .addColumn('signer', 'text', (column) => column.notNull())
    .addColumn('backend', 'text', (column) => column.notNull())
    .addColumn('to', 'text', (column) => column.notNull())
    .addColumn('data', 'text', (column) => column.notNull())
    .addColumn('gas_limit', 'numeric', (column) => column.notNull())
    .addColumn('max_fee_per_gas', 'numeric', (column) => column.notNull())
    .addColumn('max_priority_fee_per_gas', 'numeric', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('remote_id', 'text')
    .addColumn('remote_status', 'text')
    .addColumn('created_at', 'timestamptz', (column) => column.notNull())
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('remote_submissions_status')
    .on('remote_submissions')
    .column('status')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('remote_submissions').execute();
}
