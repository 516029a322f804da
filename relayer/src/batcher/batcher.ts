// Groups queued intents into batches. Several relayer processes may run this at once: candidates are claimed
// with FOR UPDATE SKIP LOCKED. An intent waits while an earlier change of its object (or of an object it
// depends on) is in flight in another batch, so a signer's dependent intents always apply in order.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { IntentStore } from '../queue/intent-store.ts';

export interface BatcherOptions {
  db: Kysely<Database>;
  store: IntentStore;
  /** Addresses of the signer keys batches are assigned to. */
  signers: string[];
  maxSize: number;
  /** A batch smaller than maxSize is formed once its oldest intent has waited this long. */
  windowMs: number;
  /** Intents this close to their deadline are expired rather than batched. */
  deadlineMarginSeconds?: number;
  clock?: () => number;
}

const IN_FLIGHT = ['batched', 'submitted', 'mined'] as const;
const CANDIDATE_FACTOR = 4;
const DEFAULT_DEADLINE_MARGIN_S = 5;

export class Batcher {
  private next = 0;

  constructor(private readonly options: BatcherOptions) {}

  /** Forms at most one batch; returns its id, or undefined when nothing is ready. */
  async formBatch(): Promise<string | undefined> {
    const { db, store, maxSize, windowMs } = this.options;
    const now = new Date((this.options.clock ?? Date.now)());
    return db.transaction().execute(async (trx) => {
      // Only what choosing needs: the payload (data, signature) is read by the submitter, once per batch.
      const candidates = await trx
        .selectFrom('intents')
        .select(['id', 'received_at', 'deadline', 'object_key', 'depends_on'])
        .where('status', '=', 'queued')
        .orderBy('received_at')
        .orderBy('object_nonce')
        .limit(maxSize * CANDIDATE_FACTOR)
        .forUpdate()
        .skipLocked()
        .execute();
      if (candidates.length === 0) return undefined;

      const expiryLine = BigInt(
        Math.floor(now.getTime() / 1000) + (this.options.deadlineMarginSeconds ?? DEFAULT_DEADLINE_MARGIN_S),
      );
      const expired = candidates.filter((intent) => intent.deadline <= expiryLine);
      await store.transition(
        trx,
        expired.map((intent) => intent.id),
        'expired',
        {
          failureCode: 'INTENT_EXPIRED',
          failureReason: 'the deadline passed before the intent could be batched',
        },
        now,
      );
      const live = candidates.filter((intent) => intent.deadline > expiryLine);
      const oldest = live[0];
      if (!oldest) return undefined;
      if (live.length < maxSize && now.getTime() - oldest.received_at.getTime() < windowMs) return undefined;

      const keys = [...new Set(live.flatMap((intent) => [intent.object_key, ...intent.depends_on]))];
      const inFlight = await trx
        .selectFrom('intents')
        .select('object_key')
        .distinct()
        .where('object_key', 'in', keys)
        .where('status', 'in', IN_FLIGHT)
        .execute();
      const blocked = new Set(inFlight.map((row) => row.object_key));
      const chosen: typeof live = [];
      for (const intent of live) {
        if (chosen.length === maxSize) break;
        if (blocked.has(intent.object_key) || intent.depends_on.some((key) => blocked.has(key))) {
          blocked.add(intent.object_key); // later intents of this object wait too
          continue;
        }
        chosen.push(intent);
      }
      if (chosen.length === 0) return undefined;

      const signer = await this.pickSigner(trx);
      if (!signer) return undefined; // every key of ours is retired: another instance batches
      const batchId = randomUUID();
      await trx
        .insertInto('batches')
        .values({
          id: batchId,
          signer,
          status: 'open',
          intent_count: chosen.length,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await store.markBatched(
        trx,
        chosen.map((intent) => intent.id),
        batchId,
        now,
      );
      return batchId;
    });
  }

  /** The active signer with the fewest batches in flight; ties go round-robin. Retired keys get no new batch. */
  private async pickSigner(trx: Kysely<Database>): Promise<string | undefined> {
    const retired = await trx
      .selectFrom('signer_keys')
      .select('address')
      .where('status', '=', 'retired')
      .execute();
    const retiredSet = new Set(retired.map((row) => row.address));
    const signers = this.options.signers.filter((signer) => !retiredSet.has(signer));
    if (signers.length === 0) return undefined;
    const busy = await trx
      .selectFrom('batches')
      .select(['signer', (eb) => eb.fn.countAll<string>().as('count')])
      .where('status', 'in', ['open', 'submitted'])
      .groupBy('signer')
      .execute();
    const load = new Map(busy.map((row) => [row.signer, Number(row.count)]));
    this.next = (this.next + 1) % signers.length;
    const rotated = [...signers.slice(this.next), ...signers.slice(0, this.next)];
    return rotated.reduce((best, signer) =>
      (load.get(signer) ?? 0) < (load.get(best) ?? 0) ? signer : best,
    );
  }
}
