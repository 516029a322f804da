// Opens the relayer's database: Postgres through `pg` when DATABASE_URL is set, embedded PGlite otherwise.
// Both return int8 as bigint, numeric as string, timestamptz as Date and jsonb parsed.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrate.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

export interface OpenDatabase {
  db: Kysely<Database>;
  kind: 'pg' | 'pglite';
  /** Runs a raw query outside Kysely (health checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const INT8_OID = 20;
const DEFAULT_POOL_SIZE = 10;
/** Advisory lock key for schema creation (any constant shared by all relayer processes). */
const SCHEMA_LOCK_KEY = 0x6d656469;
const pgTypes = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => BigInt(value) : pg.types.getTypeParser(oid, format as 'text'),
};

/** Where the database is: RelayerConfig['db'], with the pool size optional for tools and tests. */
export type DatabaseSettings =
  | { kind: 'pg'; url: string; schema: string; poolSize?: number }
  | { kind: 'pglite'; dataDir: string };

export async function openDatabase(
  config: DatabaseSettings,
  options: { migrate?: boolean } = {},
): Promise<OpenDatabase> {
  let opened: OpenDatabase;
  if (config.kind === 'pg') {
    const setup = new pg.Client({ connectionString: config.url });
    await setup.connect();
    try {
      // `create schema if not exists` races against itself in Postgres's catalog: let processes take turns.
      await setup.query('select pg_advisory_lock($1)', [SCHEMA_LOCK_KEY]);
      await setup.query(`create schema if not exists "${config.schema}"`);
      await setup.query('select pg_advisory_unlock($1)', [SCHEMA_LOCK_KEY]);
    } finally {
      await setup.end();
    }
    const pool = new pg.Pool({
      connectionString: config.url,
      options: `-c search_path="${config.schema}"`,
      types: pgTypes,
      max: config.poolSize ?? DEFAULT_POOL_SIZE,
      application_name: `medicrypt-relayer:${config.schema}`.slice(0, 63),
    });
    // A server restart or a terminated session surfaces as an 'error' event: on the pool for idle clients, on
    // the client itself for busy ones (whose query also rejects). Unheard, either would crash the process; the
    // pool replaces broken clients and the failed query is retried by its caller.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    opened = {
      db,
      kind: 'pg',
      ping: async () => {
        await pool.query('select 1');
      },
      close: () => db.destroy(),
    };
  } else {
    if (!config.dataDir.startsWith('memory://')) mkdirSync(config.dataDir, { recursive: true });
    const pglite = new PGlite(config.dataDir, { parsers: { [INT8_OID]: (value: string) => BigInt(value) } });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    opened = {
      db,
      kind: 'pglite',
      ping: async () => {
        await db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
      },
      close: () => db.destroy(),
    };
  }
  if (options.migrate !== false)
    await migrateToLatest(opened.db, config.kind === 'pg' ? config.schema : 'public');
  return opened;
}
