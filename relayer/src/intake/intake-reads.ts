// The database reads intake makes per intent (is this digest known? which intents are live on its objects? how
// much gas has its signer used today?), coalesced: requests arriving within a short window share one query of
// each kind (DataLoader). On this kind of machine each query's socket write is a costly system call, so a burst
// of N intents costs 3 queries instead of 3N. Nothing is cached across windows: every request reads fresh rows.
import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import { type Database, finalIntentStatuses, type IntentRow } from '../db/schema.ts';
import { utcDay } from '../queue/intent-store.ts';

export interface IntakeReadsOptions {
  db: Kysely<Database>;
  /** How long the first read of a window waits for others (ms). */
  windowMs?: number;
  /** Most keys in one query. */
  maxBatch?: number;
}

const DEFAULT_WINDOW_MS = 2;
const DEFAULT_MAX_BATCH = 256;

/** As Postgres orders `received_at, object_nonce`: a missing nonce sorts last. */
const byReceivedThenNonce = (a: IntentRow, b: IntentRow) =>
  a.received_at.getTime() - b.received_at.getTime() ||
  (a.object_nonce ?? Number.POSITIVE_INFINITY) - (b.object_nonce ?? Number.POSITIVE_INFINITY) ||
  0;

export class IntakeReads {
  private readonly byDigest: DataLoader<string, IntentRow | undefined>;
  private readonly liveByObject: DataLoader<string, IntentRow[]>;
  private readonly gasToday: DataLoader<string, bigint>;

  constructor({ db, windowMs = DEFAULT_WINDOW_MS, maxBatch = DEFAULT_MAX_BATCH }: IntakeReadsOptions) {
    const options = {
      cache: false,
      maxBatchSize: maxBatch,
      batchScheduleFn: (callback: () => void) => setTimeout(callback, windowMs),
    };
    this.byDigest = new DataLoader(async (digests) => {
      const rows = await db
        .selectFrom('intents')
        .selectAll()
        .where('digest', 'in', [...digests])
        .execute();
      const found = new Map(rows.map((row) => [row.digest, row]));
      return digests.map((digest) => found.get(digest));
    }, options);
    this.liveByObject = new DataLoader(async (keys) => {
      const rows = await db
        .selectFrom('intents')
        .selectAll()
        .where('object_key', 'in', [...keys])
        .where('status', 'not in', finalIntentStatuses)
        .execute();
      return keys.map((key) => rows.filter((row) => row.object_key === key));
    }, options);
    this.gasToday = new DataLoader(async (actors) => {
      const rows = await db
        .selectFrom('daily_budgets')
        .select(['signer', 'gas_used'])
        .where('signer', 'in', [...actors])
        .where('day', '=', utcDay(new Date()))
        .execute();
      const used = new Map(rows.map((row) => [row.signer, BigInt(row.gas_used)]));
      return actors.map((actor) => used.get(actor) ?? 0n);
    }, options);
  }

  /** The stored intent with this digest, if any. */
  findByDigest(digest: string): Promise<IntentRow | undefined> {
    return this.byDigest.load(digest);
  }

  /** Intents not yet final on these objects, oldest first (as IntentStore.live). */
  async live(objectKeys: string[]): Promise<IntentRow[]> {
    if (objectKeys.length === 0) return [];
    const groups = await Promise.all([...new Set(objectKeys)].map((key) => this.liveByObject.load(key)));
    return groups.flat().sort(byReceivedThenNonce);
  }

  /** Gas committed today by the actor's accepted intents. */
  gasUsedToday(actor: string): Promise<bigint> {
    return this.gasToday.load(actor.toLowerCase());
  }
}
