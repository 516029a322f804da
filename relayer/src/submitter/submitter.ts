// Turns open batches into signed transactions. The signer's next nonce is leased under a row lock in
// Postgres, and the signed bytes are stored in the same database transaction, before anything is broadcast:
// a crash at any point leaves either nothing sent or stored bytes the tracker re-broadcasts (same hash).
import { randomUUID } from 'node:crypto';
import { intentForwarderAbi } from '@medicrypt/contracts';
import type { Kysely, Transaction } from 'kysely';
import { type Address, encodeFunctionData, getAddress, type Hex } from 'viem';
import type { ChainClient } from '../chain/chain-client.ts';
import { decodeRevert } from '../chain/decode-revert.ts';
import { callOnLatestState, simulateCalls } from '../chain/simulate-calls.ts';
import { keccak256Hex } from '../crypto/native-keccak.ts';
import type { Database } from '../db/schema.ts';
import type { IntentStore } from '../queue/intent-store.ts';
import { type FeePolicy, type Fees, initialFees, type NetworkFees } from './fee-policy.ts';
import type { LocalSigner } from './signer-backend.ts';

export interface SubmitterOptions {
  db: Kysely<Database>;
  store: IntentStore;
  chain: ChainClient;
  signers: LocalSigner[];
  feePolicy: FeePolicy;
}

/** Headroom over the gas the batch used in simulation: it ran against the latest block, not the one it lands in. */
const GAS_HEADROOM_PERCENT = 25n;
/** Fixed gas per batch item added to the estimate, for items whose simulated cost depends on order. */
const GAS_PER_ITEM_MARGIN = 5_000n;

export async function readNetworkFees(chain: ChainClient): Promise<NetworkFees> {
  const [block, priorityFeePerGas] = await Promise.all([
    chain.publicClient.getBlock({ blockTag: 'latest' }),
    chain.publicClient.estimateMaxPriorityFeePerGas().catch(() => 1_000_000_000n),
  ]);
  return { baseFeePerGas: block.baseFeePerGas ?? 0n, priorityFeePerGas };
}

/** Broadcasts stored signed bytes; "already known" counts as sent. Returns false on "nonce too low". */
export async function broadcastRaw(chain: ChainClient, raw: Hex): Promise<'sent' | 'nonce-too-low'> {
  try {
    await chain.publicClient.sendRawTransaction({ serializedTransaction: raw });
    return 'sent';
  } catch (error) {
    const message = String((error as Error).message).toLowerCase();
    if (message.includes('already known') || message.includes('already imported')) return 'sent';
    if (message.includes('nonce too low') || message.includes('nonce is too low')) return 'nonce-too-low';
    throw error;
  }
}

export interface PreparedBatchTransaction {
  intents: { id: string }[];
  /** executeBatch calldata for the forwarder. */
  data: Hex;
  gas: bigint;
  fees: Fees;
}

/**
 * The executeBatch call of a batch's intents in order, its gas and starting fees. The gas is what one simulation
 * of the whole call used, plus headroom, rather than eth_estimateGas: the estimate's binary search executes the
 * batch a dozen times or more (20x one execution on anvil for 64 intents) and lands within a few hundred gas of
 * the same figure.
 */
export async function prepareBatchTransaction(
  trx: Transaction<Database>,
  chain: ChainClient,
  feePolicy: FeePolicy,
  batchId: string,
  from: Address,
): Promise<PreparedBatchTransaction> {
  const intents = await trx
    .selectFrom('intents')
    .select(['id', 'data', 'signature'])
    .where('batch_id', '=', batchId)
    .orderBy('batch_position')
    .execute();
  const data = encodeFunctionData({
    abi: intentForwarderAbi,
    functionName: 'executeBatch',
    args: [intents.map((intent) => ({ data: intent.data as Hex, signature: intent.signature as Hex }))],
  });
  const call = { from, to: chain.forwarder, data };
  // Without eth_simulateV1 the gas is eth_estimateGas's figure (RpcCapabilities), a little above what it uses.
  const simulated = chain.capabilities.simulateV1
    ? (await simulateCalls(chain, [call]))[0]!
    : await callOnLatestState(chain, call);
  if (simulated.status !== 'success')
    throw new Error(`simulating batch ${batchId} failed: ${decodeRevert(simulated.data).error}`);
  const gas =
    (simulated.gasUsed * (100n + GAS_HEADROOM_PERCENT)) / 100n + GAS_PER_ITEM_MARGIN * BigInt(intents.length);
  const fees = initialFees(await readNetworkFees(chain), feePolicy);
  return { intents, data, gas, fees };
}

/** The oldest open batch of one of `signers` (lowercase addresses), locked; other processes skip it. */
export function claimOpenBatch(trx: Transaction<Database>, signers: string[]) {
  return trx
    .selectFrom('batches')
    .selectAll()
    .where('status', '=', 'open')
    .where('signer', 'in', signers)
    .orderBy('created_at')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

/** The batch and its intents move to `submitted` (in the transaction that stored what will be sent). */
export async function markBatchSubmitted(
  trx: Transaction<Database>,
  store: IntentStore,
  batchId: string,
  intents: { id: string }[],
  details: Record<string, unknown>,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('batches')
    .set({ status: 'submitted', updated_at: now })
    .where('id', '=', batchId)
    .execute();
  await store.transition(
    trx,
    intents.map((intent) => intent.id),
    'submitted',
    Object.keys(details).length > 0 ? { details } : {},
    now,
  );
}

/** Marks the batch's transactions that are not mined as dropped: none of them may land any more. */
export async function dropUnminedTransactions(
  trx: Transaction<Database>,
  batchId: string,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('transactions')
    .set({ status: 'dropped', updated_at: now })
    .where('batch_id', '=', batchId)
    .where('status', 'in', ['signed', 'pending'])
    .execute();
}

/** The batch goes back to `open` and its intents to `batched`, to be sent again as a new transaction. */
export async function reopenBatch(
  trx: Transaction<Database>,
  store: IntentStore,
  batchId: string,
  intents: { id: string }[],
  reason: string,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('batches')
    .set({ status: 'open', updated_at: now })
    .where('id', '=', batchId)
    .execute();
  await store.transition(
    trx,
    intents.map((intent) => intent.id),
    'batched',
    { details: { reason } },
    now,
  );
}

export class Submitter {
  constructor(private readonly options: SubmitterOptions) {}

  /** The signers by lowercase address, read each time: an operator may add a key while the relayer runs. */
  private get signersByAddress(): Map<string, LocalSigner> {
    return new Map(this.options.signers.map((signer) => [signer.address.toLowerCase(), signer]));
  }

  /** Signs and sends the oldest open batch of one of our signers; returns its transaction id, if any. */
  async submitNext(): Promise<string | undefined> {
    const { db, chain } = this.options;
    const signed = await db.transaction().execute(async (trx) => {
      const batch = await claimOpenBatch(trx, [...this.signersByAddress.keys()]);
      if (!batch) return undefined;
      const signer = this.signersByAddress.get(batch.signer)!;
      const { intents, data, gas, fees } = await prepareBatchTransaction(
        trx,
        chain,
        this.options.feePolicy,
        batch.id,
        signer.address,
      );
      const nonce = await this.leaseNonce(trx, signer.address);
      const raw = await signer.signTransaction({
        to: chain.forwarder,
        data,
        gas,
        fees,
        nonce,
        chainId: chain.deployment.chainId,
      });
      const now = new Date();
      const id = randomUUID();
      await trx
        .insertInto('transactions')
        .values({
          id,
          batch_id: batch.id,
          signer: batch.signer,
          nonce: BigInt(nonce),
          hash: keccak256Hex(raw),
          raw,
          max_fee_per_gas: fees.maxFeePerGas.toString(),
          max_priority_fee_per_gas: fees.maxPriorityFeePerGas.toString(),
          gas_limit: gas.toString(),
          status: 'signed',
          created_at: now,
          updated_at: now,
        })
        .execute();
      await markBatchSubmitted(trx, this.options.store, batch.id, intents, {}, now);
      return { id, raw, batchId: batch.id };
    });
    if (!signed) return undefined;
    await this.send(signed.id, signed.raw);
    return signed.id;
  }

  /**
   * Broadcasts a stored transaction and records the outcome. "Nonce too low" is not acted on here: the same
   * bytes may just have been mined (another broadcast of them, a replacement, another relayer process), and
   * only the tracker, which reads receipts, may conclude that an outside transaction took the nonce.
   */
  async send(transactionId: string, raw: Hex): Promise<void> {
    const { db, chain } = this.options;
    let outcome: 'sent' | 'nonce-too-low';
    try {
      outcome = await broadcastRaw(chain, raw);
    } catch {
      return; // the node is unreachable: the tracker re-broadcasts stored bytes
    }
    if (outcome !== 'sent') return;
    const now = new Date();
    await db
      .updateTable('transactions')
      .set({ status: 'pending', sent_at: now, updated_at: now })
      .where('id', '=', transactionId)
      .where('status', '=', 'signed')
      .execute();
  }

  /**
   * Someone else's transaction used our nonce (an outside transaction from the same key, or an operator's
   * cancel): mark ours dropped, resynchronise the nonce from the chain, and give the batch back to be signed
   * again (a cancelled batch's intents go back to the queue instead).
   */
  async releaseTakenNonce(transactionId: string): Promise<void> {
    const { db, chain } = this.options;
    await db.transaction().execute(async (trx) => {
      const transaction = await trx
        .selectFrom('transactions')
        .selectAll()
        .where('id', '=', transactionId)
        .forUpdate()
        .executeTakeFirst();
      if (!transaction || transaction.status === 'mined' || transaction.status === 'confirmed') return;
      // Only a batch still waiting on this nonce, with no transaction of it landed, is handed back.
      const batch = await trx
        .selectFrom('batches')
        .select('status')
        .where('id', '=', transaction.batch_id)
        .forUpdate()
        .executeTakeFirst();
      if (batch?.status !== 'submitted') return;
      const landed = await trx
        .selectFrom('transactions')
        .select('id')
        .where('batch_id', '=', transaction.batch_id)
        .where('status', 'in', ['mined', 'confirmed'])
        .executeTakeFirst();
      if (landed) return;
      const now = new Date();
      // The original and any same-nonce replacements: none of them can land any more.
      await dropUnminedTransactions(trx, transaction.batch_id, now);
      const chainNonce = await chain.publicClient.getTransactionCount({
        address: transaction.signer as Address,
        blockTag: 'pending',
      });
      await trx
        .updateTable('signer_nonces')
        .set({ next_nonce: BigInt(chainNonce), updated_at: now })
        .where('signer', '=', transaction.signer)
        .execute();
      const ids = await trx
        .selectFrom('intents')
        .select('id')
        .where('batch_id', '=', transaction.batch_id)
        .execute();
      // An operator cancelled the batch: its intents go back to the queue to be batched afresh (perhaps with
      // another key), keeping their history.
      const cancel = await trx
        .selectFrom('operator_transactions')
        .select('hash')
        .where('batch_id', '=', transaction.batch_id)
        .where('kind', '=', 'cancel')
        .executeTakeFirst();
      if (cancel) {
        await trx
          .updateTable('batches')
          .set({ status: 'cancelled', updated_at: now })
          .where('id', '=', transaction.batch_id)
          .execute();
        await trx
          .updateTable('intents')
          .set({ batch_position: null })
          .where('batch_id', '=', transaction.batch_id)
          .execute();
        await this.options.store.transition(
          trx,
          ids.map((row) => row.id),
          'queued',
          {
            batchId: null,
            details: { reason: 'batch transaction cancelled by an operator', cancel: cancel.hash },
          },
          now,
        );
        return;
      }
      await reopenBatch(
        trx,
        this.options.store,
        transaction.batch_id,
        ids,
        'nonce taken by another transaction; re-signing',
        now,
      );
    });
  }

  /**
   * The signer's next nonce, under a row lock held until the transaction commits. Never below the chain's
   * count (an outside transaction may have used nonces), never reused.
   */
  private async leaseNonce(trx: Transaction<Database>, address: Address): Promise<number> {
    const signer = address.toLowerCase();
    const chainCount = BigInt(
      await this.options.chain.publicClient.getTransactionCount({
        address: getAddress(address),
        blockTag: 'latest',
      }),
    );
    await trx
      .insertInto('signer_nonces')
      .values({ signer, next_nonce: chainCount, updated_at: new Date() })
      .onConflict((conflict) => conflict.column('signer').doNothing())
      .execute();
    const row = await trx
      .selectFrom('signer_nonces')
      .select('next_nonce')
      .where('signer', '=', signer)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const nonce = row.next_nonce > chainCount ? row.next_nonce : chainCount;
    await trx
      .updateTable('signer_nonces')
      .set({ next_nonce: nonce + 1n, updated_at: new Date() })
      .where('signer', '=', signer)
      .execute();
    return Number(nonce);
  }
}
