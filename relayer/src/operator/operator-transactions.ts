// The relayer's own 0-value self-transfers, sent for an operator:
// - cancel: replaces a stuck batch transaction at its nonce with higher fees. Once the cancel lands, the tracker
//   sees the batch's nonce used with none of its transactions mined and, as for any taken nonce, hands the batch
//   back; a cancelled batch's intents go back to `queued` and are batched again. Nothing is lost (the intents
//   stay in the queue) and nothing runs twice (they are re-batched only once the nonce is provably used by
//   another transaction).
// - fill-gap: takes a nonce the relayer leased but no transaction of its own fills, so that the key's later
//   transactions can be mined.
// Like batch transactions, each is signed by the local signer and stored before it is broadcast; `tick` follows
// them to their receipt and re-broadcasts stored bytes the node lost.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type Address, getAddress, type Hex } from 'viem';
import type { ChainClient } from '../chain/chain-client.ts';
import { receiptOf } from '../chain/receipt-of.ts';
import { keccak256Hex } from '../crypto/native-keccak.ts';
import type { Database, OperatorTransactionKind, OperatorTransactionRow } from '../db/schema.ts';
import { RelayerError } from '../errors.ts';
import { type FeePolicy, type Fees, initialFees, replacementFees } from '../submitter/fee-policy.ts';
import type { LocalSigner } from '../submitter/signer-backend.ts';
import { broadcastRaw, readNetworkFees } from '../submitter/submitter.ts';
import type { SignerMonitor } from './signer-monitor.ts';

export interface OperatorTransactionsOptions {
  db: Kysely<Database>;
  chain: ChainClient;
  signers: LocalSigner[];
  feePolicy: FeePolicy;
  monitor: SignerMonitor;
}

/** A plain transfer costs exactly this much gas. */
const SELF_TRANSFER_GAS = 21_000n;
const LIVE = ['signed', 'pending'] as const;
/** Bids a cancel makes when the node refuses one as underpriced (a replacement raced it). */
const CANCEL_ATTEMPTS = 3;

export class OperatorTransactions {
  /** The signers by lowercase address, read each time: an operator may add a key while the relayer runs. */
  private get signers(): Map<string, LocalSigner> {
    return new Map(this.options.signers.map((signer) => [signer.address.toLowerCase(), signer]));
  }

  constructor(private readonly options: OperatorTransactionsOptions) {}

  /** Cancels a stuck batch transaction (and its same-nonce replacements) with a self-transfer at its nonce. */
  async cancel(transactionId: string, by: string): Promise<OperatorTransactionRow> {
    const { db, chain, feePolicy } = this.options;
    const target = await db
      .selectFrom('transactions')
      .selectAll()
      .where('id', '=', transactionId)
      .executeTakeFirst();
    if (!target) throw new RelayerError('TRANSACTION_NOT_FOUND', 404, 'no transaction with this id');
    if (!(LIVE as readonly string[]).includes(target.status))
      throw new RelayerError(
        'TRANSACTION_NOT_PENDING',
        409,
        `the transaction is ${target.status}: only a signed or pending transaction can be cancelled`,
      );
    const signer = this.localSigner(target.signer);
    await this.requireUnusedNonce(target.signer, target.nonce);
    const cancelling = await db
      .selectFrom('operator_transactions')
      .select('hash')
      .where('signer', '=', target.signer)
      .where('nonce', '=', target.nonce)
      .where('kind', '=', 'cancel')
      .where('status', 'in', LIVE)
      .executeTakeFirst();
    if (cancelling)
      throw new RelayerError('CANCEL_PENDING', 409, `a cancel is already pending: ${cancelling.hash}`);
    // Outbid the highest offer at this nonce (the original or the tracker's latest replacement). Should the
    // tracker have just sent a replacement as high as ours, the node refuses ours: bid again over it.
    for (let attempt = 1; ; attempt++) {
      const siblings = await db
        .selectFrom('transactions')
        .select(['max_fee_per_gas', 'max_priority_fee_per_gas'])
        .where('signer', '=', target.signer)
        .where('nonce', '=', target.nonce)
        .where('status', 'in', LIVE)
        .execute();
      const highest = siblings.reduce<Fees>(
        (best, row) => ({
          maxFeePerGas: bigMax(best.maxFeePerGas, BigInt(row.max_fee_per_gas)),
          maxPriorityFeePerGas: bigMax(best.maxPriorityFeePerGas, BigInt(row.max_priority_fee_per_gas)),
        }),
        {
          maxFeePerGas: BigInt(target.max_fee_per_gas),
          maxPriorityFeePerGas: BigInt(target.max_priority_fee_per_gas),
        },
      );
      const fees = replacementFees(highest, await readNetworkFees(chain), feePolicy);
      if (!fees)
        throw new RelayerError(
          'FEE_CAP_REACHED',
          409,
          'MAX_FEE_PER_GAS_GWEI leaves no fee high enough to replace this transaction',
        );
      try {
        return await this.send('cancel', signer, target.nonce, fees, by, {
          targetTransactionId: target.id,
          batchId: target.batch_id,
        });
      } catch (error) {
        const refused = error instanceof RelayerError && error.code === 'TRANSACTION_REFUSED';
        if (!refused || attempt >= CANCEL_ATTEMPTS) throw error;
      }
    }
  }

  /** Fills a leased nonce that no transaction of ours takes (the lowest missing one unless `nonce` is given). */
  async fillGap(address: string, nonce: bigint | undefined, by: string): Promise<OperatorTransactionRow> {
    const { db, chain, feePolicy, monitor } = this.options;
    const signer = this.localSigner(address);
    const key = signer.address.toLowerCase();
    const next = await db
      .selectFrom('signer_nonces')
      .select('next_nonce')
      .where('signer', '=', key)
      .executeTakeFirst();
    const latest = await chain.publicClient.getTransactionCount({
      address: signer.address,
      blockTag: 'latest',
    });
    const missing = next ? await monitor.missingNonces(db, key, BigInt(latest), next.next_nonce) : [];
    if (missing.length === 0) throw new RelayerError('NO_NONCE_GAP', 409, 'this signer has no nonce gap');
    const chosen = nonce ?? missing[0]!;
    if (!missing.includes(chosen))
      throw new RelayerError(
        'NONCE_NOT_MISSING',
        409,
        `nonce ${chosen} is not missing; missing: ${missing.slice(0, 10).join(', ')}`,
      );
    let fees: Fees;
    try {
      fees = initialFees(await readNetworkFees(chain), feePolicy);
    } catch (error) {
      throw new RelayerError('FEE_CAP_REACHED', 409, (error as Error).message);
    }
    return this.send('fill-gap', signer, chosen, fees, by, { targetTransactionId: null, batchId: null });
  }

  /** Follows our own transactions: receipts, nonces taken by another transaction, bytes the node lost. */
  async tick(): Promise<void> {
    const { db, chain } = this.options;
    if (this.signers.size === 0) return;
    const open = await db
      .selectFrom('operator_transactions')
      .selectAll()
      .where('status', 'in', LIVE)
      .where('signer', 'in', [...this.signers.keys()])
      .orderBy('nonce')
      .execute();
    for (const transaction of open) {
      // Read the nonce before the receipt: a block mined between the two reads then shows up as a receipt, never
      // as "another transaction took the nonce" (read the other way round, a cancel mined in between would be
      // called superseded).
      const used = await chain.publicClient.getTransactionCount({
        address: getAddress(transaction.signer) as Address,
        blockTag: 'latest',
      });
      const receipt = await receiptOf(chain, transaction.hash as Hex);
      if (receipt === 'unknown') continue; // the node did not answer: look again next tick
      const now = new Date();
      if (receipt) {
        await db
          .updateTable('operator_transactions')
          .set({
            status: 'mined',
            block_number: receipt.blockNumber,
            gas_used: receipt.gasUsed.toString(),
            effective_gas_price: receipt.effectiveGasPrice.toString(),
            mined_at: now,
            updated_at: now,
          })
          .where('id', '=', transaction.id)
          .execute();
        continue;
      }
      if (BigInt(used) > transaction.nonce) {
        // Another transaction at this nonce landed (the batch transaction outran the cancel).
        await this.setStatus(transaction.id, 'superseded');
        continue;
      }
      const known = await chain.publicClient
        .getTransaction({ hash: transaction.hash as Hex })
        .catch(() => undefined);
      if (transaction.status === 'signed' || !known)
        await this.broadcast(transaction.id, transaction.raw as Hex);
    }
  }

  private localSigner(address: string): LocalSigner {
    const signer = this.signers.get(address.toLowerCase());
    if (!signer)
      throw new RelayerError(
        'SIGNER_NOT_HELD',
        409,
        'this relayer instance does not hold the key; send the action to an instance that does',
      );
    return signer;
  }

  private async requireUnusedNonce(address: string, nonce: bigint): Promise<void> {
    const used = await this.options.chain.publicClient.getTransactionCount({
      address: getAddress(address) as Address,
      blockTag: 'latest',
    });
    if (BigInt(used) > nonce)
      throw new RelayerError(
        'NONCE_ALREADY_USED',
        409,
        `nonce ${nonce} is already mined; the tracker settles its batch`,
      );
  }

  /** Signs a self-transfer, stores it, then broadcasts it. */
  private async send(
    kind: OperatorTransactionKind,
    signer: LocalSigner,
    nonce: bigint,
    fees: Fees,
    by: string,
    link: { targetTransactionId: string | null; batchId: string | null },
  ): Promise<OperatorTransactionRow> {
    const raw = await signer.signTransaction({
      to: signer.address,
      data: '0x',
      gas: SELF_TRANSFER_GAS,
      fees,
      nonce: Number(nonce),
      chainId: this.options.chain.deployment.chainId,
    });
    const now = new Date();
    const id = randomUUID();
    await this.options.db
      .insertInto('operator_transactions')
      .values({
        id,
        kind,
        signer: signer.address.toLowerCase(),
        nonce,
        hash: keccak256Hex(raw),
        raw,
        max_fee_per_gas: fees.maxFeePerGas.toString(),
        max_priority_fee_per_gas: fees.maxPriorityFeePerGas.toString(),
        target_transaction_id: link.targetTransactionId,
        batch_id: link.batchId,
        status: 'signed',
        requested_by: by,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await this.broadcast(id, raw, { throwIfRefused: true });
    return this.options.db
      .selectFrom('operator_transactions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  }

  /**
   * Broadcasts stored bytes. A node that refuses them for good (underpriced next to a newer replacement, nonce
   * already used) makes the transaction superseded; an unreachable node leaves it for the next tick.
   */
  private async broadcast(id: string, raw: Hex, options: { throwIfRefused?: boolean } = {}): Promise<void> {
    let outcome: 'sent' | 'nonce-too-low';
    try {
      outcome = await broadcastRaw(this.options.chain, raw);
    } catch (error) {
      const message = String((error as Error).message).toLowerCase();
      const refused = message.includes('underpriced') || message.includes('replacement');
      if (!refused) return;
      await this.setStatus(id, 'superseded');
      if (options.throwIfRefused)
        throw new RelayerError(
          'TRANSACTION_REFUSED',
          409,
          'the node refused the transaction as underpriced; try again',
        );
      return;
    }
    if (outcome === 'nonce-too-low') return; // the tracker decides once the receipt is known
    const now = new Date();
    await this.options.db
      .updateTable('operator_transactions')
      .set({ status: 'pending', sent_at: now, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'signed')
      .execute();
  }

  private async setStatus(id: string, status: 'superseded'): Promise<void> {
    await this.options.db
      .updateTable('operator_transactions')
      .set({ status, updated_at: new Date() })
      .where('id', '=', id)
      .where('status', 'in', LIVE)
      .execute();
  }
}

const bigMax = (a: bigint, b: bigint) => (a > b ? a : b);

export function presentOperatorTransaction(row: OperatorTransactionRow) {
  return {
    id: row.id,
    kind: row.kind,
    signer: row.signer,
    nonce: row.nonce.toString(),
    hash: row.hash,
    status: row.status,
    maxFeePerGas: row.max_fee_per_gas,
    maxPriorityFeePerGas: row.max_priority_fee_per_gas,
    targetTransactionId: row.target_transaction_id,
    batchId: row.batch_id,
    requestedBy: row.requested_by,
    blockNumber: row.block_number?.toString() ?? null,
    gasUsed: row.gas_used,
    feeWei:
      row.gas_used && row.effective_gas_price
        ? (BigInt(row.gas_used) * BigInt(row.effective_gas_price)).toString()
        : null,
    createdAt: row.created_at.toISOString(),
    minedAt: row.mined_at?.toISOString() ?? null,
  };
}
