// The database reads intake makes per intent (is this digest known? which intents are live on its objects? how
// much gas has its signer used today?), coalesced: requests that arrive while a read of the same kind is running
// share the next query of that kind (see Coalescer). A burst of N intents costs a few queries of each kind
// instead of N. Nothing is cached: every request reads rows no older than its own arrival.
import type { Kysely } from 'kysely';
import { type Database, finalIntentStatuses, type IntentRow } from '../db/schema.ts';
import { utcDay } from '../queue/intent-store.ts';
import { Coalescer } from './coalescer.ts';

export interface IntakeReadsOptions {
  db: Kysely<Database>;
  /** Most keys in one query. */
  maxBatch?: number;
  /** Queries of one kind running at once. */
  maxInFlight?: number;
}

const DEFAULT_MAX_BATCH = 512;
const DEFAULT_MAX_IN_FLIGHT = 1;

/** As Postgres orders `received_at, object_nonce`: a missing nonce sorts last. */
const byReceivedThenNonce = (a: IntentRow, b: IntentRow) =>
  a.received_at.getTime() - b.received_at.getTime() ||
  (a.object_nonce ?? Number.POSITIVE_INFINITY) - (b.object_nonce ?? Number.POSITIVE_INFINITY) ||
  0;

export class IntakeReads {
  private readonly byDigest: Coalescer<string, IntentRow | undefined>;
  private readonly liveByObject: Coalescer<string, IntentRow[]>;
  private readonly gasToday: Coalescer<string, bigint>;

  constructor({ db, maxBatch = DEFAULT_MAX_BATCH, maxInFlight = DEFAULT_MAX_IN_FLIGHT }: IntakeReadsOptions) {
    const options = { maxBatch, maxInFlight };
    this.byDigest = new Coalescer({
      ...options,
      run: async (digests) => {
        const rows = await db
          .selectFrom('intents')
          .selectAll()
          .where('digest', 'in', [...new Set(digests)])
          .execute();
        const found = new Map(rows.map((row) => [row.digest, row]));
        return digests.map((digest) => found.get(digest));
      },
    });
    this.liveByObject = new Coalescer({
      ...options,
      run: async (keys) => {
        const rows = await db
          .selectFrom('intents')
          .selectAll()
          .where('object_key', 'in', [...new Set(keys)])
          .where('status', 'not in', finalIntentStatuses)
          .execute();
        const byKey = new Map<string, IntentRow[]>();
        for (const row of rows) byKey.set(row.object_key, [...(byKey.get(row.object_key) ?? []), row]);
        return keys.map((key) => byKey.get(key) ?? []);
      },
    });
    this.gasToday = new Coalescer({
      ...options,
      run: async (actors) => {
        const rows = await db
          .selectFrom('daily_budgets')
          .select(['signer', 'gas_used'])
          .where('signer', 'in', [...new Set(actors)])
          .where('day', '=', utcDay(new Date()))
          .execute();
        const used = new Map(rows.map((row) => [row.signer, BigInt(row.gas_used)]));
        return actors.map((actor) => used.get(actor) ?? 0n);
      },
    });
  }

  /** The stored intent with this digest, if any. */
  findByDigest(digest: string): Promise<IntentRow | undefined> {
    return this.byDigest.submit(digest);
  }

  /** Intents not yet final on these objects, oldest first (as IntentStore.live). */
  async live(objectKeys: string[]): Promise<IntentRow[]> {
    if (objectKeys.length === 0) return [];
    const groups = await Promise.all([...new Set(objectKeys)].map((key) => this.liveByObject.submit(key)));
    return groups.flat().sort(byReceivedThenNonce);
  }

  /** Gas committed today by the actor's accepted intents. */
  gasUsedToday(actor: string): Promise<bigint> {
    return this.gasToday.submit(actor.toLowerCase());
  }
}
