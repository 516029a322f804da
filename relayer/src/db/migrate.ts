// Schema migrations, listed in code (no folder scan, so bundling cannot lose one). Several relayer processes may
// start at once on one Postgres: each migrates inside one session holding an advisory lock, so the others wait
// and then find nothing left to do. Kysely's migrator takes its own lock too, but only after creating its
// bookkeeping tables, which then race; ours covers the whole run.
import { type Kysely, sql } from 'kysely';
import { type Migration, Migrator } from 'kysely/migration';
import * as pipeline from './migrations/0001-pipeline.ts';
import * as chainEvents from './migrations/0002-chain-events.ts';
import * as accountsAndRecords from './migrations/0003-accounts-and-records.ts';
import * as intentEventOrder from './migrations/0004-intent-event-order.ts';
import * as operatorConsole from './migrations/0005-operator-console.ts';
import * as researchStudies from './migrations/0006-research-studies.ts';
import * as storedSignerKeys from './migrations/0007-stored-signer-keys.ts';
import * as remoteSubmissions from './migrations/0008-remote-submissions.ts';
import type { Database } from './schema.ts';

const migrations: Record<string, Migration> = {
  '0001-pipeline': pipeline,
  '0002-chain-events': chainEvents,
  '0003-accounts-and-records': accountsAndRecords,
  '0004-intent-event-order': intentEventOrder,
  '0005-operator-console': operatorConsole,
  '0006-research-studies': researchStudies,
  '0007-stored-signer-keys': storedSignerKeys,
  '0008-remote-submissions': remoteSubmissions,
};

/** Advisory lock key shared by every relayer process ('mcmigrat' as ASCII). */
const MIGRATION_LOCK_KEY = 0x6d636d6967726174n;

/**
 * Applies every migration not yet applied and returns their names (none when the schema is current).
 * @param schema the schema holding Kysely's migration tables; without it Kysely may find them in another
 * schema of the same database and skip creating its own.
 */
export async function migrateToLatest(db: Kysely<Database>, schema = 'public'): Promise<string[]> {
  return db.connection().execute(async (session) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(session);
    try {
      const migrator = new Migrator({
        db: session,
        provider: { getMigrations: async () => migrations },
        migrationTableSchema: schema,
      });
      const { error, results } = await migrator.migrateToLatest();
      if (error) throw new Error(`database migration failed: ${(error as Error).message}`, { cause: error });
      return (results ?? [])
        .filter((result) => result.status === 'Success')
        .map((result) => result.migrationName);
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(session);
    }
  });
}
