// The console's intent list: by status, type or failure code, and a search box that takes an intent id (or its
// first characters), the intent signer's address, the intent's digest, or a transaction hash (its batch's
// transactions and the operator's cancels). Newest first, paged by `before` (a received-at time).
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { type Database, type IntentRow, type IntentStatus, intentStatuses } from '../db/schema.ts';

export const intentFilterSchema = z.strictObject({
  status: z.enum(intentStatuses).optional(),
  type: z
    .string()
    .regex(/^[a-zA-Z]{1,64}$/)
    .optional(),
  failureCode: z
    .string()
    .regex(/^[A-Za-z0-9_]{1,64}$/)
    .optional(),
  q: z.string().trim().min(1).max(100).optional(),
  before: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type IntentFilter = z.output<typeof intentFilterSchema>;

const HASH = /^0x[0-9a-fA-F]{64}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const ID_PREFIX = /^[0-9a-fA-F-]{4,36}$/;

export async function searchIntents(db: Kysely<Database>, filter: IntentFilter): Promise<IntentRow[]> {
  let query = db.selectFrom('intents').selectAll().orderBy('received_at', 'desc').limit(filter.limit);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.type) query = query.where('name', '=', filter.type);
  if (filter.failureCode) query = query.where('failure_code', '=', filter.failureCode);
  if (filter.before) query = query.where('received_at', '<', new Date(filter.before));
  const q = filter.q;
  if (q && HASH.test(q)) {
    const hash = q.toLowerCase();
    query = query.where((eb) =>
      eb.or([
        eb('digest', '=', hash),
        eb('batch_id', 'in', eb.selectFrom('transactions').select('batch_id').where('hash', '=', hash)),
        eb(
          'batch_id',
          'in',
          eb
            .selectFrom('operator_transactions')
            .select('batch_id')
            .where('hash', '=', hash)
            .where('batch_id', 'is not', null)
            .$narrowType<{ batch_id: string }>(),
        ),
      ]),
    );
  } else if (q && ADDRESS.test(q)) {
    query = query.where('actor', '=', q.toLowerCase());
  } else if (q && ID_PREFIX.test(q)) {
    query = query.where('id', 'like', `${q.toLowerCase()}%`);
  } else if (q) {
    query = query.where('id', '=', q);
  }
  return query.execute();
}

/** How many intents are in each status (every status present, zero when none). */
export async function countByStatus(db: Kysely<Database>): Promise<Record<IntentStatus, number>> {
  const rows = await db
    .selectFrom('intents')
    .select(['status', (eb) => eb.fn.countAll<string>().as('count')])
    .groupBy('status')
    .execute();
  const counts = Object.fromEntries(intentStatuses.map((status) => [status, 0])) as Record<
    IntentStatus,
    number
  >;
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}
