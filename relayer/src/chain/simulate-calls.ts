// eth_simulateV1 for calls the relayer has already encoded (and, for a node without it, one call through eth_call and
// eth_estimateGas): one block of calls run in order on the latest state,
// each call's status, gas used and return (or revert) data. It sends the calls as they are and reads back only
// those three fields: viem's simulateBlocks would validate and checksum every address, format every log and
// build an error object for every revert, which costs intake more than the simulation itself (a burst runs one
// of these per dozen intents).
import { type Address, BaseError, type Hex } from 'viem';
import type { ChainClient } from './chain-client.ts';

export interface SimulatedCall {
  from: Address;
  to: Address;
  data: Hex;
}

export interface CallOutcome {
  status: 'success' | 'failure';
  gasUsed: bigint;
  /** The return data, or the revert data of a failed call ('0x' when there is none). */
  data: Hex;
}

interface RpcCallResult {
  status: Hex;
  gasUsed: Hex;
  returnData?: Hex;
  error?: { data?: Hex };
}

export async function simulateCalls(chain: ChainClient, calls: SimulatedCall[]): Promise<CallOutcome[]> {
  // The method is in viem's RPC schema, but its typed parameters are the formatted ones; these are already raw.
  const blocks = (await chain.publicClient.request({
    method: 'eth_simulateV1',
    params: [{ blockStateCalls: [{ calls }] }, 'latest'],
  } as never)) as { calls: RpcCallResult[] }[];
  const results = blocks[0]?.calls ?? [];
  if (results.length !== calls.length)
    throw new Error(`eth_simulateV1 returned ${results.length} results for ${calls.length} calls`);
  return results.map((result) => ({
    status: result.status === '0x1' ? 'success' : 'failure',
    gasUsed: BigInt(result.gasUsed),
    data: (result.error?.data ?? result.returnData ?? '0x') as Hex,
  }));
}

/** Revert data carried by a viem error of a reverted call, or undefined when the call did not revert. */
function revertDataOf(error: unknown): Hex | undefined {
  if (!(error instanceof BaseError)) return undefined;
  let data: Hex | undefined;
  error.walk((cause) => {
    const candidate = (cause as { data?: unknown }).data;
    if (typeof candidate === 'string' && /^0x[0-9a-fA-F]*$/.test(candidate)) data = candidate as Hex;
    else if (
      typeof candidate === 'object' &&
      candidate &&
      typeof (candidate as { data?: unknown }).data === 'string'
    )
      data = (candidate as { data: Hex }).data;
    return false;
  });
  if (data !== undefined) return data;
  return /revert/i.test(`${error.shortMessage} ${error.details ?? ''}`) ? '0x' : undefined;
}

/**
 * One call on the latest state without eth_simulateV1 (chain.capabilities.simulateV1 false): eth_call for its status
 * and return or revert data, eth_estimateGas for its gas. The estimate is what the call needs as a gas limit, a
 * little above what it uses, so gas checks err on the safe side. Several calls that build on each other cannot be
 * run this way: see simulate-intents.ts for intents after their predecessors.
 */
export async function callOnLatestState(chain: ChainClient, call: SimulatedCall): Promise<CallOutcome> {
  const client = chain.batchedPublicClient;
  try {
    const { data } = await client.call({ account: call.from, to: call.to, data: call.data });
    const gasUsed = await client.estimateGas({ account: call.from, to: call.to, data: call.data });
    return { status: 'success', gasUsed, data: data ?? '0x' };
  } catch (error) {
    const revert = revertDataOf(error);
    if (revert === undefined) throw error;
    return { status: 'failure', gasUsed: 0n, data: revert };
  }
}
