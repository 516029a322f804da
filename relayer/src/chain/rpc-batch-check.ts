// At start, with JSON-RPC batches on (RPC_BATCH_SIZE > 1): checks that the node answers a batch as large as the
// setting allows. A node that refuses batches, or caps them lower, would otherwise fail every intake read of the
// first burst; this way the relayer does not start, and says which setting to change.
import { BaseError } from 'viem';
import { RelayerError } from '../errors.ts';
import type { ChainClient } from './chain-client.ts';

export async function checkRpcBatches(chain: ChainClient): Promise<void> {
  const batchSize = chain.rpcBatchSize;
  if (batchSize <= 1) return;
  try {
    // Plain requests, not getChainId: viem would fold identical concurrent calls into one.
    const answers = await Promise.all(
      Array.from({ length: batchSize }, () => chain.batchedPublicClient.request({ method: 'eth_chainId' })),
    );
    if (answers.some((answer) => Number(answer) !== chain.deployment.chainId))
      throw new Error(`the batch's answers are not all chain ${chain.deployment.chainId}`);
  } catch (error) {
    // viem's short message names the JSON-RPC error; its details carry what the node itself said.
    const reason =
      error instanceof BaseError
        ? [error.shortMessage, error.details].filter(Boolean).join(' ')
        : (error as Error).message;
    throw new RelayerError(
      'RPC_BATCH_REFUSED',
      500,
      `RPC_URL did not answer a JSON-RPC batch of ${batchSize} calls (${reason}): set RPC_BATCH_SIZE lower, or to 1 to send each call alone`,
      { cause: error },
    );
  }
}
