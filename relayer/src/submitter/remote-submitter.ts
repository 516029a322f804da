// Sends open batches through a remote signer backend (the OpenZeppelin Relayer; Defender, legacy), which signs,
// manages the nonce, broadcasts and replaces. Crash safety: the submission (with its exact calldata) is stored
// and the batch marked submitted in one database transaction before the backend is called; a `sending` row the
// backend's answer never reached is resolved later by finding that calldata among the backend's transactions,
// and sent again only when the backend does not have it. Every hash the backend reports becomes a
// `transactions` row, so the tracker follows it to confirmation (receipts, per-item failures, reorgs) exactly
// as it follows the local signer's.
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Address, Hex } from 'viem';
import type { ChainClient } from '../chain/chain-client.ts';
import { receiptOf } from '../chain/receipt-of.ts';
import type { Database, RemoteSubmissionRow } from '../db/schema.ts';
import { RelayerError } from '../errors.ts';
import type { IntentStore } from '../queue/intent-store.ts';
import type { FeePolicy } from './fee-policy.ts';
import { SIGNER_BACKEND_REJECTED } from './remote/remote-errors.ts';
import type { RemoteSigner, RemoteSubmission } from './signer-backend.ts';
import {
  claimOpenBatch,
  dropUnminedTransactions,
  markBatchSubmitted,
  prepareBatchTransaction,
  reopenBatch,
} from './submitter.ts';

export interface RemoteSubmitterOptions {
  db: Kysely<Database>;
  store: IntentStore;
  chain: ChainClient;
  signer: RemoteSigner;
  feePolicy: FeePolicy;
  /** A `sending` row older than this lost its answer (the process died or the call failed): resolve it (ms). */
  lostAfterMs?: number;
  clock?: () => number;
}

const DEFAULT_LOST_AFTER_MS = 30_000;
/** Backend statuses after which it will not land the transaction. */
const GIVEN_UP = new Set(['failed', 'expired', 'canceled']);

type SubmissionRow = RemoteSubmissionRow;

export class RemoteSubmitter {
  constructor(private readonly options: RemoteSubmitterOptions) {}

  private get address(): string {
    return this.options.signer.address.toLowerCase();
  }

  private now(): Date {
    return new Date((this.options.clock ?? Date.now)());
  }

  /** Stores the oldest open batch of the backend's address as a submission, then sends it. */
  async submitNext(): Promise<string | undefined> {
    const { db, chain, signer } = this.options;
    const stored = await db.transaction().execute(async (trx) => {
      const batch = await claimOpenBatch(trx, [this.address]);
      if (!batch) return undefined;
      const { intents, data, gas, fees } = await prepareBatchTransaction(
        trx,
        chain,
        this.options.feePolicy,
        batch.id,
        signer.address,
      );
      const now = this.now();
      const row = {
        id: randomUUID(),
        batch_id: batch.id,
        signer: this.address,
        backend: signer.kind,
        to: chain.forwarder.toLowerCase(),
        data,
        gas_limit: gas.toString(),
        max_fee_per_gas: fees.maxFeePerGas.toString(),
        max_priority_fee_per_gas: fees.maxPriorityFeePerGas.toString(),
        status: 'sending' as const,
        remote_id: null,
        remote_status: null,
        created_at: now,
        updated_at: now,
      };
      await trx.insertInto('remote_submissions').values(row).execute();
      await markBatchSubmitted(trx, this.options.store, batch.id, intents, { backend: signer.kind }, now);
      return row;
    });
    if (!stored) return undefined;
    // Unanswered: tick() resolves it after lostAfterMs. Refused outright: its intents fail with the reason.
    await this.send(stored).catch((error: unknown) => this.refused(stored, error));
    return stored.id;
  }

  /** Resolves lost sends and follows accepted submissions: new hashes, and a backend that gave up. */
  async tick(): Promise<void> {
    const { db } = this.options;
    const lostBefore = new Date(this.now().getTime() - (this.options.lostAfterMs ?? DEFAULT_LOST_AFTER_MS));
    const lost = await db
      .selectFrom('remote_submissions')
      .selectAll()
      .where('signer', '=', this.address)
      .where('status', '=', 'sending')
      .where('updated_at', '<', lostBefore)
      .execute();
    for (const row of lost) await this.resolveLost(row);
    const accepted = await db
      .selectFrom('remote_submissions')
      .innerJoin('batches', 'batches.id', 'remote_submissions.batch_id')
      .selectAll('remote_submissions')
      .where('remote_submissions.signer', '=', this.address)
      .where('remote_submissions.status', '=', 'accepted')
      .where('batches.status', '=', 'submitted')
      .execute();
    for (const row of accepted) await this.follow(row);
  }

  private async send(row: SubmissionRow): Promise<void> {
    const submission = await this.options.signer.send({
      to: row.to as Address,
      data: row.data as Hex,
      gas: BigInt(row.gas_limit),
      fees: {
        maxFeePerGas: BigInt(row.max_fee_per_gas),
        maxPriorityFeePerGas: BigInt(row.max_priority_fee_per_gas),
      },
    });
    await this.accept(row, submission, 'pending');
  }

  /**
   * A `sending` row whose answer was lost: the backend either has the calldata (adopt its id) or never got it
   * (send again). Claimed under a row lock, so of several relayer processes one resolves it.
   */
  private async resolveLost(row: SubmissionRow): Promise<void> {
    const { db, signer } = this.options;
    const claimed = await db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom('remote_submissions')
        .select(['status', 'updated_at'])
        .where('id', '=', row.id)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (current?.status !== 'sending' || current.updated_at.getTime() !== row.updated_at.getTime())
        return false;
      // Pushes the row out of every other process's lost window while this one resolves it.
      await trx
        .updateTable('remote_submissions')
        .set({ updated_at: this.now() })
        .where('id', '=', row.id)
        .execute();
      return true;
    });
    if (!claimed) return;
    const found = await signer.findByData(row.to as Address, row.data as Hex);
    if (found) await this.accept(row, found, found.status);
    else await this.send(row).catch((error: unknown) => this.refused(row, error));
  }

  /**
   * The backend refused the batch itself (a 4xx other than authentication: the request is wrong, not the
   * moment): sending it again would be refused again, so its intents end `failed` with the backend's reason. An
   * operator can retry them. Any other error leaves the row `sending` for tick() to resolve.
   */
  private async refused(row: SubmissionRow, error: unknown): Promise<void> {
    if (!(error instanceof RelayerError) || error.code !== SIGNER_BACKEND_REJECTED) return;
    const now = this.now();
    await this.options.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('remote_submissions')
        .set({ status: 'failed', remote_status: 'refused', updated_at: now })
        .where('id', '=', row.id)
        .where('status', '=', 'sending')
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) return;
      await trx
        .updateTable('batches')
        .set({ status: 'failed', updated_at: now })
        .where('id', '=', row.batch_id)
        .execute();
      const ids = await trx.selectFrom('intents').select('id').where('batch_id', '=', row.batch_id).execute();
      await this.options.store.transition(
        trx,
        ids.map((intent) => intent.id),
        'failed',
        { failureCode: SIGNER_BACKEND_REJECTED, failureReason: error.message },
        now,
      );
    });
  }

  private async accept(
    row: SubmissionRow,
    submission: RemoteSubmission,
    remoteStatus: string,
  ): Promise<void> {
    const now = this.now();
    await this.options.db
      .updateTable('remote_submissions')
      .set({
        status: 'accepted',
        remote_id: submission.remoteId,
        remote_status: remoteStatus,
        updated_at: now,
      })
      .where('id', '=', row.id)
      .where('status', '=', 'sending')
      .execute();
    await this.recordHash(row, submission);
  }

  /** A hash the backend reported (first broadcast or a replacement) becomes a transaction the tracker follows. */
  private async recordHash(row: SubmissionRow, submission: RemoteSubmission): Promise<void> {
    if (!submission.hash || submission.nonce === undefined) return;
    const now = this.now();
    await this.options.db
      .insertInto('transactions')
      .values({
        id: randomUUID(),
        batch_id: row.batch_id,
        signer: row.signer,
        nonce: BigInt(submission.nonce),
        hash: submission.hash.toLowerCase(),
        raw: null,
        max_fee_per_gas: row.max_fee_per_gas,
        max_priority_fee_per_gas: row.max_priority_fee_per_gas,
        gas_limit: row.gas_limit,
        status: 'pending',
        created_at: now,
        sent_at: now,
        updated_at: now,
      })
      .onConflict((conflict) => conflict.column('hash').doNothing())
      .execute();
  }

  private async follow(row: SubmissionRow): Promise<void> {
    const status = await this.options.signer.status(row.remote_id!);
    if (status.status !== row.remote_status)
      await this.options.db
        .updateTable('remote_submissions')
        .set({ remote_status: status.status, updated_at: this.now() })
        .where('id', '=', row.id)
        .execute();
    await this.recordHash(row, status);
    if (GIVEN_UP.has(status.status)) await this.handBack(row, status.status);
  }

  /**
   * The backend gave up on the batch. If no hash of it has a receipt (a reverted batch has one, and the tracker
   * retries it), the batch goes back to be sent again as a new submission.
   */
  private async handBack(row: SubmissionRow, remoteStatus: string): Promise<void> {
    const { db, chain, store } = this.options;
    const hashes = await db
      .selectFrom('transactions')
      .select('hash')
      .where('batch_id', '=', row.batch_id)
      .execute();
    for (const { hash } of hashes) {
      const receipt = await receiptOf(chain, hash as Hex);
      if (receipt === 'unknown' || receipt) return; // landed (the tracker records it) or the node did not answer
    }
    await db.transaction().execute(async (trx: Transaction<Database>) => {
      const now = this.now();
      const updated = await trx
        .updateTable('remote_submissions')
        .set({ status: 'failed', remote_status: remoteStatus, updated_at: now })
        .where('id', '=', row.id)
        .where('status', '=', 'accepted')
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) return;
      await dropUnminedTransactions(trx, row.batch_id, now);
      const ids = await trx.selectFrom('intents').select('id').where('batch_id', '=', row.batch_id).execute();
      await reopenBatch(
        trx,
        store,
        row.batch_id,
        ids,
        `the ${row.backend} backend gave up (${remoteStatus}); sending again`,
        now,
      );
    });
  }
}
