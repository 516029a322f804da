// Follows sent transactions to confirmation. Each tick it reads receipts, marks per-item failures named by
// IntentForwarder's IntentFailed events, confirms after the configured depth if the block is still canonical,
// re-broadcasts stored bytes that the node lost (dropped, reorged, never sent), replaces stuck transactions at
// the same nonce with higher fees, and hands a batch back when an outside transaction took its nonce.
import { randomUUID } from 'node:crypto';
import { intentForwarderAbi } from '@medicrypt/contracts';
import type { Kysely, Transaction } from 'kysely';
import { type Address, decodeEventLog, type Hex, parseTransaction, type TransactionReceipt } from 'viem';
import type { ChainClient } from '../chain/chain-client.ts';
import { decodeRevert } from '../chain/decode-revert.ts';
import { receiptOf } from '../chain/receipt-of.ts';
import { keccak256Hex } from '../crypto/native-keccak.ts';
import type { Database, TransactionRow } from '../db/schema.ts';
import type { IntentStore } from '../queue/intent-store.ts';
import { type FeePolicy, replacementFees } from '../submitter/fee-policy.ts';
import type { LocalSigner } from '../submitter/signer-backend.ts';
import { broadcastRaw, readNetworkFees, type Submitter } from '../submitter/submitter.ts';
import { TickReads } from './tick-reads.ts';

export interface TrackerOptions {
  db: Kysely<Database>;
  store: IntentStore;
  chain: ChainClient;
  submitter: Submitter;
  signers: LocalSigner[];
  /**
   * Addresses of remote signer backends: their transactions (raw bytes unknown here) are followed to
   * confirmation too, while re-broadcasting and replacing stay with the backend.
   */
  remoteSigners?: string[];
  feePolicy: FeePolicy;
  confirmations: number;
  stuckAfterMs: number;
  /** A batch whose whole transaction reverted is retried this many times before its intents fail. */
  maxBatchAttempts?: number;
  /** How long a nonce must look taken by an outside transaction before the batch is signed again (ms). */
  takenNonceGraceMs?: number;
  clock?: () => number;
}

const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_TAKEN_NONCE_GRACE_MS = 3_000;
/**
 * Receipts, confirmations and reorgs only change with a new block, so a tick that finds the head and the open
 * transactions as the last one left them reads nothing more, unless this long has passed: a dropped transaction
 * is sent again and a stuck one replaced even on a chain that makes no blocks without transactions.
 */
const UNCHANGED_HEAD_RECHECK_MS = 2_000;
const failureEventAbi = intentForwarderAbi.filter(
  (item) => item.type === 'event' && item.name === 'IntentFailed',
);

export class Tracker {
  /** The signers by lowercase address, read each time: an operator may add a key while the relayer runs. */
  private get signers(): Map<string, LocalSigner> {
    return new Map(this.options.signers.map((signer) => [signer.address.toLowerCase(), signer]));
  }
  /** When each transaction was first seen with its nonce used and no receipt (in memory: a restart only waits). */
  private readonly takenSince = new Map<string, number>();
  /** The head, open transactions and statuses the last tick that looked at all of them saw, and when. */
  private lastLook: { head: bigint; open: string; at: number } | undefined;

  constructor(private readonly options: TrackerOptions) {}

  private now(): Date {
    return new Date((this.options.clock ?? Date.now)());
  }

  async tick(): Promise<void> {
    const { db } = this.options;
    const open = await db
      .selectFrom('transactions')
      .selectAll()
      .where('status', 'in', ['signed', 'pending', 'mined'])
      .where('signer', 'in', [...this.signers.keys(), ...(this.options.remoteSigners ?? [])])
      .orderBy('nonce')
      .execute();
    if (open.length === 0) return;
    // Uncached: a block is looked at on the first tick after it, not up to a polling interval later.
    const head = await this.options.chain.publicClient.getBlockNumber({ cacheTime: 0 });
    const now = this.now().getTime();
    const seen = open.map((transaction) => `${transaction.id}:${transaction.status}`).join(',');
    const last = this.lastLook;
    if (last && last.head === head && last.open === seen && now - last.at < UNCHANGED_HEAD_RECHECK_MS) return;
    // Every read the checks below may need, asked at once: one batch however many transactions are open.
    const reads = new TickReads(this.options.chain);
    for (const transaction of open) {
      if (transaction.status === 'mined') {
        void reads.block(transaction.block_number!);
        continue;
      }
      void reads.receipt(transaction.hash as Hex);
      if (transaction.raw === null) continue;
      void reads.minedNonce(transaction.signer as Address);
      void reads.transaction(transaction.hash as Hex);
    }
    for (const transaction of open) {
      if (transaction.status === 'mined') await this.checkMined(transaction, head, reads);
      else await this.checkSent(transaction, open, reads);
    }
    // Only a tick that got through every check counts as a look: one that failed is tried again at once.
    this.lastLook = { head, open: seen, at: now };
  }

  /**
   * The receipt as the node has it now, not from the tick's reads (an unanswered lookup is retried on the next
   * tick).
   */
  private async receipt(hash: string): Promise<TransactionReceipt | undefined> {
    const receipt = await receiptOf(this.options.chain, hash as Hex);
    return receipt === 'unknown' || receipt === null ? undefined : receipt;
  }

  /** A signed or pending transaction (or one of its same-nonce replacements) may have landed. */
  private async checkSent(
    transaction: TransactionRow,
    open: TransactionRow[],
    reads: TickReads,
  ): Promise<void> {
    const receipt = await reads.receipt(transaction.hash as Hex);
    if (receipt && receipt !== 'unknown') return this.recordMined(transaction, receipt);
    // A remote backend's transaction: it re-broadcasts and replaces; its new hashes arrive as new rows.
    if (transaction.raw === null) return;
    const mined = await reads.minedNonce(transaction.signer as Address);
    if (BigInt(mined) > transaction.nonce) return this.checkTakenNonce(transaction);
    this.takenSince.delete(transaction.id);
    if (transaction.status === 'signed') {
      await this.options.submitter.send(transaction.id, transaction.raw as Hex);
      return;
    }
    const siblings = open.filter(
      (other) =>
        other.signer === transaction.signer &&
        other.nonce === transaction.nonce &&
        other.id !== transaction.id,
    );
    // Dropped from the node's pool: send the same bytes again.
    const known = await reads.transaction(transaction.hash as Hex);
    if (!known) {
      await broadcastRaw(this.options.chain, transaction.raw as Hex).catch(() => undefined);
      return;
    }
    const sentAt = (transaction.sent_at ?? transaction.created_at).getTime();
    const isLatestForNonce = siblings.every((sibling) => sibling.created_at <= transaction.created_at);
    if (isLatestForNonce && this.now().getTime() - sentAt > this.options.stuckAfterMs)
      await this.replace(transaction);
  }

  /**
   * The chain has used this transaction's nonce but has no receipt for it. Usually one of the batch's other
   * transactions (a replacement, made here or by another relayer process) is the one that landed, or the node
   * has not indexed the receipt yet. Only when no transaction of the batch is known to the node, and that has
   * held for a grace period, did an outside transaction take the nonce: then the batch is signed again.
   * Re-signing too early would execute its intents twice.
   */
  private async checkTakenNonce(transaction: TransactionRow): Promise<void> {
    const { db, chain, submitter } = this.options;
    const batchTransactions = await db
      .selectFrom('transactions')
      .selectAll()
      .where('batch_id', '=', transaction.batch_id)
      .execute();
    for (const candidate of batchTransactions) {
      const landed = await this.receipt(candidate.hash);
      if (landed) return this.recordMined(candidate, landed);
    }
    for (const candidate of batchTransactions) {
      const known = await chain.publicClient
        .getTransaction({ hash: candidate.hash as Hex })
        .catch(() => undefined);
      if (known) return; // mined or pending at the node: its receipt will come
    }
    const now = this.now().getTime();
    const since = this.takenSince.get(transaction.id);
    if (since === undefined) {
      this.takenSince.set(transaction.id, now);
      return;
    }
    if (now - since < (this.options.takenNonceGraceMs ?? DEFAULT_TAKEN_NONCE_GRACE_MS)) return;
    this.takenSince.delete(transaction.id);
    await submitter.releaseTakenNonce(transaction.id);
  }

  /** Same nonce, same batch, higher fees. Both transactions stay tracked until one of them lands. */
  private async replace(transaction: TransactionRow): Promise<void> {
    const signer = this.signers.get(transaction.signer);
    if (!signer) return;
    // An operator's cancel holds this nonce: outbidding it would undo the cancel.
    const cancelling = await this.options.db
      .selectFrom('operator_transactions')
      .select('id')
      .where('signer', '=', transaction.signer)
      .where('nonce', '=', transaction.nonce)
      .where('kind', '=', 'cancel')
      .where('status', 'in', ['signed', 'pending'])
      .executeTakeFirst();
    if (cancelling) return;
    const previous = {
      maxFeePerGas: BigInt(transaction.max_fee_per_gas),
      maxPriorityFeePerGas: BigInt(transaction.max_priority_fee_per_gas),
    };
    const fees = replacementFees(previous, await readNetworkFees(this.options.chain), this.options.feePolicy);
    if (!fees) return; // the fee cap leaves no valid replacement: keep waiting
    const original = parseTransaction(transaction.raw as Hex);
    const raw = await signer.signTransaction({
      to: original.to!,
      data: original.data!,
      gas: original.gas!,
      fees,
      nonce: Number(transaction.nonce),
      chainId: this.options.chain.deployment.chainId,
    });
    const now = this.now();
    const id = randomUUID();
    await this.options.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('transactions')
        .values({
          id,
          batch_id: transaction.batch_id,
          signer: transaction.signer,
          nonce: transaction.nonce,
          hash: keccak256Hex(raw),
          raw,
          max_fee_per_gas: fees.maxFeePerGas.toString(),
          max_priority_fee_per_gas: fees.maxPriorityFeePerGas.toString(),
          gas_limit: transaction.gas_limit,
          status: 'signed',
          created_at: now,
          updated_at: now,
        })
        .execute();
      await trx
        .updateTable('transactions')
        .set({ replaced_by: id, updated_at: now })
        .where('id', '=', transaction.id)
        .execute();
    });
    await this.options.submitter.send(id, raw);
  }

  private async recordMined(transaction: TransactionRow, receipt: TransactionReceipt): Promise<void> {
    const { db, store } = this.options;
    const now = this.now();
    const intents = await db
      .selectFrom('intents')
      .select(['id', 'batch_position', 'attempts'])
      .where('batch_id', '=', transaction.batch_id)
      .orderBy('batch_position')
      .execute();
    await db.transaction().execute(async (trx) => {
      // Several trackers (relayer processes) may see the same receipt: the first one records it.
      const current = await trx
        .selectFrom('transactions')
        .select('status')
        .where('id', '=', transaction.id)
        .forUpdate()
        .executeTakeFirst();
      if (!current || current.status === 'mined' || current.status === 'confirmed') return;
      await trx
        .updateTable('transactions')
        .set({
          status: 'mined',
          block_number: receipt.blockNumber,
          block_hash: receipt.blockHash,
          gas_used: receipt.gasUsed.toString(),
          effective_gas_price: receipt.effectiveGasPrice.toString(),
          mined_at: now,
          updated_at: now,
        })
        .where('id', '=', transaction.id)
        .execute();
      await trx
        .updateTable('transactions')
        .set({ status: 'replaced', updated_at: now })
        .where('batch_id', '=', transaction.batch_id)
        .where('nonce', '=', transaction.nonce)
        .where('id', '!=', transaction.id)
        .where('status', 'in', ['signed', 'pending'])
        .execute();
      if (receipt.status === 'reverted') {
        // executeBatch isolates items, so a whole-batch revert means it ran out of gas: try the intents again.
        const maxAttempts = this.options.maxBatchAttempts ?? DEFAULT_MAX_ATTEMPTS;
        const retry = intents
          .filter((intent) => intent.attempts + 1 < maxAttempts)
          .map((intent) => intent.id);
        const give = intents
          .filter((intent) => intent.attempts + 1 >= maxAttempts)
          .map((intent) => intent.id);
        await trx
          .updateTable('intents')
          .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
          .where('batch_id', '=', transaction.batch_id)
          .execute();
        await trx
          .updateTable('batches')
          .set({ status: 'failed', updated_at: now })
          .where('id', '=', transaction.batch_id)
          .execute();
        await store.transition(
          trx,
          retry,
          'queued',
          { batchId: null, details: { reason: 'batch transaction reverted', hash: transaction.hash } },
          now,
        );
        await store.transition(
          trx,
          give,
          'failed',
          {
            failureCode: 'BATCH_REVERTED',
            failureReason: `batch transaction ${transaction.hash} reverted ${maxAttempts} times`,
          },
          now,
        );
        return;
      }
      const failures = new Map<number, { code: string; reason: string }>();
      for (const log of receipt.logs) {
        if (log.address.toLowerCase() !== this.options.chain.forwarder.toLowerCase()) continue;
        try {
          const event = decodeEventLog({ abi: failureEventAbi, data: log.data, topics: log.topics });
          const { error, args } = decodeRevert(event.args.reason);
          failures.set(Number(event.args.index), {
            code: error,
            reason: `${error}(${args.map(String).join(', ')})`,
          });
        } catch {
          // not an IntentFailed event
        }
      }
      await trx
        .updateTable('batches')
        .set({ status: 'mined', updated_at: now })
        .where('id', '=', transaction.batch_id)
        .execute();
      // Intents that succeeded move together (one statement each way); each failed one carries its own reason.
      const details = { hash: transaction.hash, block: receipt.blockNumber.toString() };
      const succeeded = intents.filter((intent) => !failures.has(intent.batch_position ?? -1));
      await store.transition(
        trx,
        succeeded.map((intent) => intent.id),
        'mined',
        { failureCode: null, failureReason: null, details },
        now,
      );
      for (const intent of intents) {
        const failure = failures.get(intent.batch_position ?? -1);
        if (!failure) continue;
        await store.transition(
          trx,
          [intent.id],
          'mined',
          {
            failureCode: failure.code,
            failureReason: failure.reason,
            details: { ...details, failure: failure.code },
          },
          now,
        );
      }
    });
  }

  /** Confirms after the configured depth if the block is still canonical; a reorged batch goes back to pending. */
  private async checkMined(transaction: TransactionRow, head: bigint, reads: TickReads): Promise<void> {
    const { db, store, chain } = this.options;
    const blockNumber = transaction.block_number!;
    const block = await reads.block(blockNumber);
    const now = this.now();
    const intents = await db
      .selectFrom('intents')
      .select(['id', 'failure_code', 'failure_reason'])
      .where('batch_id', '=', transaction.batch_id)
      .execute();
    const stillMined = async (trx: Transaction<Database>) => {
      const current = await trx
        .selectFrom('transactions')
        .select(['status', 'block_hash'])
        .where('id', '=', transaction.id)
        .forUpdate()
        .executeTakeFirst();
      return current?.status === 'mined' && current.block_hash === transaction.block_hash;
    };
    if (!block || block.hash !== transaction.block_hash) {
      await db.transaction().execute(async (trx) => {
        if (!(await stillMined(trx))) return;
        await trx
          .updateTable('transactions')
          .set({ status: 'pending', block_number: null, block_hash: null, mined_at: null, updated_at: now })
          .where('id', '=', transaction.id)
          .execute();
        await trx
          .updateTable('batches')
          .set({ status: 'submitted', updated_at: now })
          .where('id', '=', transaction.batch_id)
          .execute();
        await trx
          .updateTable('intents')
          .set({ failure_code: null, failure_reason: null })
          .where('batch_id', '=', transaction.batch_id)
          .execute();
        await store.transition(
          trx,
          intents.map((intent) => intent.id),
          'submitted',
          { details: { reason: 'reorg', hash: transaction.hash } },
          now,
        );
      });
      // The same bytes go out again; a remote backend sees its transaction unmined and sends it again itself.
      if (transaction.raw !== null) await broadcastRaw(chain, transaction.raw as Hex).catch(() => undefined);
      return;
    }
    if (head - blockNumber + 1n < BigInt(this.options.confirmations)) return;
    await db.transaction().execute(async (trx) => {
      if (!(await stillMined(trx))) return;
      await trx
        .updateTable('transactions')
        .set({ status: 'confirmed', confirmed_at: now, updated_at: now })
        .where('id', '=', transaction.id)
        .execute();
      await trx
        .updateTable('batches')
        .set({ status: 'confirmed', updated_at: now })
        .where('id', '=', transaction.batch_id)
        .execute();
      const confirmed = intents.filter((intent) => !intent.failure_code).map((intent) => intent.id);
      await store.transition(trx, confirmed, 'confirmed', { details: { hash: transaction.hash } }, now);
      for (const intent of intents.filter((candidate) => candidate.failure_code)) {
        await store.transition(
          trx,
          [intent.id],
          'failed',
          { details: { hash: transaction.hash, reason: intent.failure_reason } },
          now,
        );
      }
    });
  }
}
