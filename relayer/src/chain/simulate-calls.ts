// eth_simulateV1 for calls the relayer has already encoded: one block of calls run in order on the latest state,
// each call's status, gas used and return (or revert) data. It sends the calls as they are and reads back only
// those three fields: viem's simulateBlocks would validate and checksum every address, format every log and
// build an error object for every revert, which costs intake more than the simulation itself (a burst runs one
// of these per dozen intents).
import type { Address, Hex } from 'viem';
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
