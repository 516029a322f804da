// Research studies: the protocol documents researchers publish (their hash is registered on chain), and the
// de-identified contributions patients' clients send to studies they consent to.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('study_protocols')
    .addColumn('study_id', 'text', (column) => column.primaryKey())
    .addColumn('researcher', 'text', (column) => column.notNull())
    .addColumn('protocol_hash', 'text', (column) => column.notNull())
    .addColumn('protocol', 'jsonb', (column) => column.notNull())
    .addColumn('created_at', 'timestamptz', (column) => column.notNull())
    .execute();
  // One contribution per patient and study; sending again replaces it.
  await db.schema
    .createTable('study_contributions')
    .addColumn('study_id', 'text', (column) => column.notNull())
    .addColumn('patient', 'text', (column) => column.notNull())
    .addColumn('subject', 'text', (column) => column.notNull())
    .addColumn('quasi', 'jsonb', (column) => column.notNull())
    .addColumn('resources', 'jsonb', (column) => column.notNull())
    .addColumn('submitted_at', 'timestamptz', (column) => column.notNull())
    .addPrimaryKeyConstraint('study_contributions_pk', ['study_id', 'patient'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('study_contributions').ifExists().execute();
  await db.schema.dropTable('study_protocols').ifExists().execute();
}
