// The load the relayer benchmarks send: registerRecord intents from fresh patients, so that no two intents share
// a signer or an object, each with a random digest that identifies it on-chain.
import { consentRegistryAbi, intentForwarderAbi, type SignedIntent } from '@medicrypt/contracts';
import type { Hex } from 'viem';
import type { ChainFixture } from '../relayer/src/testing/chain-fixture.ts';

export interface RecordIntent {
  intent: SignedIntent;
  /** The record digest it registers: how the chain's events name it. */
  digest: Hex;
}

/** `count` signed registerRecord intents, each from a new patient. */
export async function signRecordIntents(
  fixture: ChainFixture,
  count: number,
  deadline: number,
): Promise<RecordIntent[]> {
  const prepared: RecordIntent[] = [];
  for (let i = 0; i < count; i++) prepared.push(await fixture.signNewRecord(deadline));
  return prepared;
}

/** The body POST /v1/intents takes for a signed intent. */
export const intentBody = (fixture: ChainFixture, intent: SignedIntent) =>
  JSON.stringify({ chainId: fixture.deployment.chainId, forwarder: fixture.deployment.forwarder, ...intent });

/** Blocks per getLogs call: a node caps a response's size, and a busy run fills blocks. */
const LOG_RANGE = 100n;

/**
 * On-chain truth since `fromBlock`: `duplicated` counts records registered more than once plus batch items that
 * failed (a replayed intent fails in the forwarder); `missing` counts the given digests never registered.
 */
export async function onChainTally(
  fixture: ChainFixture,
  fromBlock: bigint,
  digests: Hex[],
): Promise<{ duplicated: number; missing: number }> {
  const { publicClient } = fixture.chain;
  const head = await publicClient.getBlockNumber();
  const counts = new Map<string, number>();
  let failedItems = 0;
  for (let start = fromBlock; start <= head; start += LOG_RANGE) {
    const range = {
      fromBlock: start,
      toBlock: start + LOG_RANGE - 1n > head ? head : start + LOG_RANGE - 1n,
    };
    const [registered, failed] = await Promise.all([
      publicClient.getContractEvents({
        address: fixture.deployment.registry,
        abi: consentRegistryAbi,
        eventName: 'RecordRegistered',
        ...range,
      }),
      publicClient.getContractEvents({
        address: fixture.deployment.forwarder,
        abi: intentForwarderAbi,
        eventName: 'IntentFailed',
        ...range,
      }),
    ]);
    for (const event of registered) counts.set(event.args.digest!, (counts.get(event.args.digest!) ?? 0) + 1);
    failedItems += failed.length;
  }
  return {
    duplicated: [...counts.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0) + failedItems,
    missing: digests.filter((digest) => !counts.has(digest)).length,
  };
}
