// The API's own data: sign-in nonces and sessions, encryption key bindings, record metadata (the bytes live in
// IPFS), wrapped record keys, and the access log of downloads. Also the block time of indexed events.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('chain_events').addColumn('block_time', 'timestamptz').execute();

  await db.schema
    .createTable('siwe_nonces')
    .addColumn('nonce', 'text', (column) => column.primaryKey())
    .addColumn('expires_at', 'timestamptz', (column) => column.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();

  // One row per sign-in. The refresh token is `<id>.<generation>.<secret>`; only the newest generation's hash is
  // kept, so a stolen refresh token used after its owner refreshed (an older generation) ends the session.
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('account', 'text', (column) => column.notNull())
    .addColumn('credentials', 'jsonb', (column) => column.notNull())
    .addColumn('generation', 'integer', (column) => column.notNull())
    .addColumn('refresh_hash', 'text', (column) => column.notNull())
    .addColumn('created_at', 'timestamptz', (column) => column.notNull())
    .addColumn('expires_at', 'timestamptz', (column) => column.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_reason', 'text')
    .execute();
  await db.schema.createIndex('sessions_account').on('sessions').column('account').execute();

  await db.schema
    .createTable('key_bindings')
    .addColumn('account', 'text', (column) => column.primaryKey())
    .addColumn('public_key', 'text', (column) => column.notNull())
    .addColumn('issued_at', 'int8', (column) => column.notNull())
    .addColumn('chain_id', 'integer', (column) => column.notNull())
    .addColumn('signature', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('records')
    .addColumn('cid', 'text', (column) => column.primaryKey())
    .addColumn('digest', 'text', (column) => column.notNull())
    .addColumn('codec', 'integer', (column) => column.notNull())
    .addColumn('patient', 'text', (column) => column.notNull())
    .addColumn('record_id', 'text', (column) => column.notNull())
    .addColumn('version', 'integer', (column) => column.notNull())
    .addColumn('content_type', 'text', (column) => column.notNull())
    .addColumn('category', 'integer', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('size', 'int8', (column) => column.notNull())
    .addColumn('uploaded_by', 'text', (column) => column.notNull())
    .addColumn('uploaded_at', 'timestamptz', (column) => column.notNull())
    .addColumn('unpinned_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('records_patient').on('records').columns(['patient', 'record_id']).execute();
  await db.schema.createIndex('records_digest').on('records').column('digest').execute();

  await db.schema
    .createTable('key_envelopes')
    .addColumn('cid', 'text', (column) => column.notNull())
    .addColumn('grantee', 'text', (column) => column.notNull())
    .addColumn('envelope', 'jsonb', (column) => column.notNull())
    .addColumn('created_by', 'text', (column) => column.notNull())
    .addColumn('created_at', 'timestamptz', (column) => column.notNull())
    .addPrimaryKeyConstraint('key_envelopes_pk', ['cid', 'grantee'])
    .execute();
  await db.schema.createIndex('key_envelopes_grantee').on('key_envelopes').column('grantee').execute();

  await db.schema
    .createTable('access_log')
    .addColumn('id', 'bigserial', (column) => column.primaryKey())
    .addColumn('patient', 'text', (column) => column.notNull())
    .addColumn('accessor', 'text', (column) => column.notNull())
    .addColumn('cid', 'text', (column) => column.notNull())
    .addColumn('action', 'text', (column) => column.notNull())
    .addColumn('at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('access_log_patient').on('access_log').columns(['patient', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['access_log', 'key_envelopes', 'records', 'key_bindings', 'sessions', 'siwe_nonces'])
    await db.schema.dropTable(table).ifExists().execute();
  await db.schema.alterTable('chain_events').dropColumn('block_time').execute();
}
