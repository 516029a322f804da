// A transaction's receipt, telling "the node has none" apart from "the node could not be asked": a caller that
// concludes something from a missing receipt (a nonce taken by another transaction) must not conclude it from
// an RPC error.
import { type Hex, type PublicClient, type TransactionReceipt, TransactionReceiptNotFoundError } from 'viem';
import type { ChainClient } from './chain-client.ts';

/**
 * The receipt, `null` when the node has none, `'unknown'` when the node could not be asked. `client` is the
 * chain's plain client unless given (e.g. its batching one).
 */
export async function receiptOf(
  chain: ChainClient,
  hash: Hex,
  client: PublicClient = chain.publicClient,
): Promise<TransactionReceipt | null | 'unknown'> {
  try {
    return await client.getTransactionReceipt({ hash });
  } catch (error) {
    return error instanceof TransactionReceiptNotFoundError ? null : 'unknown';
  }
}
