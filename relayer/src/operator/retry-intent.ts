// An operator sends a failed intent back to the queue. Its history stays: the failure is kept in its events and
// the retry appends a `queued` event naming the operator and the failure it had. Only while its deadline leaves
// time to batch it, and only if no other live intent took its object version meanwhile.
import type { Kysely } from 'kysely';
import type { Database, IntentRow } from '../db/schema.ts';
import { RelayerError } from '../errors.ts';
import type { IntentStore } from '../queue/intent-store.ts';

/** The batcher expires intents this close to their deadline; a retry needs more time than that. */
export const RETRY_DEADLINE_MARGIN_SECONDS = 30;
const UNIQUE_VIOLATION = '23505';

export async function retryIntent(
  db: Kysely<Database>,
  store: IntentStore,
  id: string,
  by: string,
  now = new Date(),
): Promise<IntentRow> {
  try {
    return await db.transaction().execute(async (trx) => {
      const intent = await trx
        .selectFrom('intents')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!intent) throw new RelayerError('INTENT_NOT_FOUND', 404, 'no intent with this id');
      if (intent.status !== 'failed')
        throw new RelayerError(
          'INTENT_NOT_FAILED',
          409,
          `the intent is ${intent.status}: only a failed intent can be retried`,
        );
      const latest = BigInt(Math.floor(now.getTime() / 1000) + RETRY_DEADLINE_MARGIN_SECONDS);
      if (intent.deadline <= latest)
        throw new RelayerError(
          'DEADLINE_PASSED',
          409,
          'the intent’s deadline leaves no time to batch it again; the signer must sign a new one',
        );
      await trx.updateTable('intents').set({ batch_position: null }).where('id', '=', id).execute();
      await store.transition(
        trx,
        [id],
        'queued',
        {
          batchId: null,
          failureCode: null,
          failureReason: null,
          details: {
            reason: 'retried by an operator',
            operator: by,
            previousFailure: { code: intent.failure_code, reason: intent.failure_reason },
          },
        },
        now,
      );
      return trx.selectFrom('intents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    });
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION)
      throw new RelayerError(
        'NONCE_CONFLICT',
        409,
        'another live intent already uses this intent’s object version; it cannot be retried',
      );
    throw error;
  }
}
