// The chain reads of one tracker tick, asked together and remembered for that tick only. Started in one turn of
// the event loop, they go through the batching client as one JSON-RPC batch: a tick over many open transactions
// costs one round trip instead of up to three per transaction, one after another. A decision that must see the
// chain as it is now (a nonce that looks taken by an outside transaction) reads it afresh instead.
import type { Address, Block, Hex, Transaction, TransactionReceipt } from 'viem';
import type { ChainClient } from '../chain/chain-client.ts';
import { receiptOf } from '../chain/receipt-of.ts';

export class TickReads {
  private readonly answers = new Map<string, Promise<unknown>>();

  constructor(private readonly chain: ChainClient) {}

  private once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let answer = this.answers.get(key) as Promise<T> | undefined;
    if (!answer) {
      answer = read();
      // Asked ahead, maybe never awaited: a failure is for the check that awaits it to handle.
      answer.catch(() => undefined);
      this.answers.set(key, answer);
    }
    return answer;
  }

  /** The receipt, `null` when the node has none, `'unknown'` when it could not be asked. */
  receipt(hash: Hex): Promise<TransactionReceipt | null | 'unknown'> {
    return this.once(`receipt:${hash}`, () => receiptOf(this.chain, hash, this.chain.batchedPublicClient));
  }

  /** How many of `signer`'s transactions the latest block includes (its next nonce). */
  minedNonce(signer: Address): Promise<number> {
    return this.once(`nonce:${signer.toLowerCase()}`, () =>
      this.chain.batchedPublicClient.getTransactionCount({ address: signer, blockTag: 'latest' }),
    );
  }

  /** The transaction as the node knows it, mined or in its pool; `undefined` when it does not (or cannot say). */
  transaction(hash: Hex): Promise<Transaction | undefined> {
    return this.once(`transaction:${hash}`, () =>
      this.chain.batchedPublicClient.getTransaction({ hash }).catch(() => undefined),
    );
  }

  /** The canonical block at `number`; `undefined` when the node has none (or cannot say). */
  block(number: bigint): Promise<Block | undefined> {
    return this.once(`block:${number}`, () =>
      this.chain.batchedPublicClient.getBlock({ blockNumber: number }).catch(() => undefined),
    );
  }
}
