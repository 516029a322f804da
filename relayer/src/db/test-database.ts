// Test support: a migrated database of either kind. Postgres tests use a fresh schema that is dropped after.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type OpenDatabase, openDatabase } from './connect.ts';

export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
export const databaseKinds = ['pglite', 'pg'] as const;
export type DatabaseKind = (typeof databaseKinds)[number];

export interface TestDatabase extends OpenDatabase {
  /** The Postgres schema, for opening more connections (other "instances") to the same data. */
  schema: string | undefined;
  drop(): Promise<void>;
}

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const opened = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    return { ...opened, schema: undefined, drop: () => opened.close() };
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const opened = await openDatabase({ kind: 'pg', url: testDatabaseUrl, schema });
  return {
    ...opened,
    schema,
    drop: async () => {
      await opened.close();
      const client = new pg.Client({ connectionString: testDatabaseUrl });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
