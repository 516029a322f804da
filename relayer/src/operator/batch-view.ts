// Batches with their transactions (gas used, fee paid), and the transactions that need an operator's eye:
// stuck (pending at one nonce longer than STUCK_AFTER_MS), replaced and dropped.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { batchStatuses, type Database, type TransactionRow } from '../db/schema.ts';

export const batchFilterSchema = z.strictObject({
  status: z.enum(batchStatuses).optional(),
  signer: z
    .string()
    .regex(/^0x[0-9a-fA-F]{40}$/)
    .optional(),
  before: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type BatchFilter = z.output<typeof batchFilterSchema>;

const PROBLEM_LIMIT = 50;

export function presentTransaction(row: TransactionRow) {
  return {
    id: row.id,
    batchId: row.batch_id,
    signer: row.signer,
    nonce: row.nonce.toString(),
    hash: row.hash,
    status: row.status,
    maxFeePerGas: row.max_fee_per_gas,
    maxPriorityFeePerGas: row.max_priority_fee_per_gas,
    gasLimit: row.gas_limit,
    gasUsed: row.gas_used,
    effectiveGasPrice: row.effective_gas_price,
    feeWei:
      row.gas_used && row.effective_gas_price
        ? (BigInt(row.gas_used) * BigInt(row.effective_gas_price)).toString()
        : null,
    blockNumber: row.block_number?.toString() ?? null,
    replacedBy: row.replaced_by,
    createdAt: row.created_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
    minedAt: row.mined_at?.toISOString() ?? null,
  };
}

export async function listBatches(db: Kysely<Database>, filter: BatchFilter) {
  let query = db.selectFrom('batches').selectAll().orderBy('created_at', 'desc').limit(filter.limit);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.signer) query = query.where('signer', '=', filter.signer.toLowerCase());
  if (filter.before) query = query.where('created_at', '<', new Date(filter.before));
  const batches = await query.execute();
  const transactions =
    batches.length === 0
      ? []
      : await db
          .selectFrom('transactions')
          .selectAll()
          .where(
            'batch_id',
            'in',
            batches.map((batch) => batch.id),
          )
          .orderBy('created_at')
          .execute();
  return batches.map((batch) => {
    const own = transactions
      .filter((transaction) => transaction.batch_id === batch.id)
      .map(presentTransaction);
    const landed = own.find((transaction) => transaction.feeWei !== null);
    return {
      id: batch.id,
      signer: batch.signer,
      status: batch.status,
      intentCount: batch.intent_count,
      createdAt: batch.created_at.toISOString(),
      updatedAt: batch.updated_at.toISOString(),
      gasUsed: landed?.gasUsed ?? null,
      feeWei: landed?.feeWei ?? null,
      transactions: own,
    };
  });
}

/** Stuck (one row per nonce: its newest transaction, with how long the nonce has waited), replaced, dropped. */
export async function problemTransactions(db: Kysely<Database>, stuckAfterMs: number, now = new Date()) {
  const live = await db
    .selectFrom('transactions')
    .selectAll()
    .where('status', 'in', ['signed', 'pending'])
    .orderBy('signer')
    .orderBy('nonce')
    .orderBy('created_at')
    .execute();
  const byNonce = new Map<string, TransactionRow[]>();
  for (const row of live) {
    const key = `${row.signer}:${row.nonce}`;
    byNonce.set(key, [...(byNonce.get(key) ?? []), row]);
  }
  const stuck = [...byNonce.values()]
    .map((rows) => ({ first: rows[0]!, newest: rows.at(-1)! }))
    .filter(({ first }) => now.getTime() - first.created_at.getTime() > stuckAfterMs)
    .map(({ first, newest }) => ({
      ...presentTransaction(newest),
      waitingSeconds: Math.round((now.getTime() - first.created_at.getTime()) / 1000),
      attempts: byNonce.get(`${newest.signer}:${newest.nonce}`)!.length,
    }));
  const [replaced, dropped] = await Promise.all(
    (['replaced', 'dropped'] as const).map((status) =>
      db
        .selectFrom('transactions')
        .selectAll()
        .where('status', '=', status)
        .orderBy('updated_at', 'desc')
        .limit(PROBLEM_LIMIT)
        .execute(),
    ),
  );
  return {
    stuck,
    replaced: replaced!.map(presentTransaction),
    dropped: dropped!.map(presentTransaction),
  };
}
