// Simulates intents against pending state without making intake slow: requests arriving while a simulation is
// running are folded into the next eth_simulateV1 call (see Coalescer, simulateCalls). Each intent runs as
// IntentForwarder.execute after its pending predecessors (the queued intents it depends on), so it is judged
// against the state it will meet on-chain.
//
// On a node without eth_simulateV1 (chain.capabilities.simulateV1 false), each request is judged with eth_call
// and eth_estimateGas instead (callOnLatestState): an intent without predecessors by its own execute call; one with
// predecessors by executeBatch(predecessors) and executeBatch(predecessors + intent), since executeBatch applies
// in order what it can and returns how many it skipped: the intent applies after them when adding it does not
// raise that count. Its gas is the difference of the two estimates plus what a transaction of its own adds (its
// base, and cold storage: STANDALONE_SURCHARGE_GAS); its failure is named by its own revert on the latest state,
// or FailsAfterPendingIntents.
import { intentForwarderAbi, type SignedIntent } from '@medicrypt/contracts';
import {
  type Address,
  concatHex,
  decodeFunctionResult,
  encodeAbiParameters,
  encodeFunctionData,
  getAbiItem,
  type Hex,
  toFunctionSelector,
} from 'viem';
import type { ChainClient } from '../chain/chain-client.ts';
import { decodeRevert } from '../chain/decode-revert.ts';
import {
  type CallOutcome,
  callOnLatestState,
  type SimulatedCall,
  simulateCalls,
} from '../chain/simulate-calls.ts';
import { Coalescer } from './coalescer.ts';

export interface SimulationRequest {
  /** Pending intents that must apply first, in order. */
  predecessors: SignedIntent[];
  intent: SignedIntent;
}

export type SimulationOutcome =
  | { ok: true; gasUsed: bigint }
  | { ok: false; error: string; args: readonly unknown[]; revertData: Hex };

export interface SimulationBatcherOptions {
  chain: ChainClient;
  /** The account the simulated calls come from (the relayer's signer). */
  from: Address;
  /** Most calls in one eth_simulateV1 request. */
  maxCalls?: number;
  /** eth_simulateV1 requests running at once. */
  maxInFlight?: number;
}

/** IntentForwarder.execute, its selector computed once (viem's encodeFunctionData hashes it on every call). */
const executeAbi = getAbiItem({ abi: intentForwarderAbi, name: 'execute' });
const executeSelector = toFunctionSelector(executeAbi);
const encodeExecute = (intent: SignedIntent): Hex =>
  concatHex([executeSelector, encodeAbiParameters(executeAbi.inputs, [intent])]);
const DEFAULT_MAX_CALLS = 256;
const DEFAULT_MAX_IN_FLIGHT = 1;
/** What a transaction costs before it runs: a call of its own includes it, a batch item does not. */
const TX_BASE_GAS = 21_000n;
/**
 * What a transaction of its own pays (EIP-2929) that an intent behind its predecessors in one executeBatch does
 * not: the registry's account cold (2,600 against 100), two of its slots read cold (2,100 against 100 each), and a
 * slot the predecessor wrote rewritten from a new transaction (2,900 against 100). Added so the fallback's figure
 * errs above eth_simulateV1's, never below (simulate-intents.test.ts compares them).
 */
const STANDALONE_SURCHARGE_GAS = 2_500n + 2n * 2_000n + 2_800n;

const outcomeOf = (result: CallOutcome): SimulationOutcome =>
  result.status === 'success'
    ? { ok: true, gasUsed: result.gasUsed }
    : { ok: false, revertData: result.data, ...decodeRevert(result.data) };

export class SimulationBatcher {
  private readonly batches: Coalescer<SimulationRequest, SimulationOutcome>;

  constructor(private readonly options: SimulationBatcherOptions) {
    this.batches = new Coalescer({
      maxBatch: options.maxCalls ?? DEFAULT_MAX_CALLS,
      maxInFlight: options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
      weight: (request) => request.predecessors.length + 1,
      run: (requests) => this.run(requests),
    });
  }

  simulate(request: SimulationRequest): Promise<SimulationOutcome> {
    return this.batches.submit(request);
  }

  private async run(batch: SimulationRequest[]): Promise<(SimulationOutcome | Error)[]> {
    if (!this.options.chain.capabilities.simulateV1)
      return Promise.all(
        batch.map((request) => this.runWithoutSimulateV1(request).catch((error: Error) => error)),
      );
    // One call per distinct intent, predecessors first; a predecessor shared by several requests runs once.
    const calls: SimulatedCall[] = [];
    const positions = new Map<string, number>();
    const add = (intent: SignedIntent) => {
      const key = `${intent.data}:${intent.signature}`;
      let position = positions.get(key);
      if (position === undefined) {
        position = calls.length;
        positions.set(key, position);
        calls.push({
          to: this.options.chain.forwarder,
          from: this.options.from,
          data: encodeExecute(intent),
        });
      }
      return position;
    };
    const targets = batch.map((request) => {
      for (const predecessor of request.predecessors) add(predecessor);
      return add(request.intent);
    });
    const results = await simulateCalls(this.options.chain, calls);
    return targets.map((target) => outcomeOf(results[target]!));
  }

  /** One request through eth_call and eth_estimateGas (see the top of this file). */
  private async runWithoutSimulateV1({
    predecessors,
    intent,
  }: SimulationRequest): Promise<SimulationOutcome> {
    const { chain, from } = this.options;
    const alone = () => callOnLatestState(chain, { from, to: chain.forwarder, data: encodeExecute(intent) });
    if (predecessors.length === 0) return outcomeOf(await alone());
    const batch = async (intents: SignedIntent[]) => {
      const data = encodeFunctionData({
        abi: intentForwarderAbi,
        functionName: 'executeBatch',
        args: [intents],
      });
      const result = await callOnLatestState(chain, { from, to: chain.forwarder, data });
      if (result.status !== 'success')
        throw new Error(`executeBatch reverted: ${decodeRevert(result.data).error}`);
      const skipped = decodeFunctionResult({
        abi: intentForwarderAbi,
        functionName: 'executeBatch',
        data: result.data,
      });
      return { skipped, gasUsed: result.gasUsed };
    };
    const [before, after] = await Promise.all([batch(predecessors), batch([...predecessors, intent])]);
    if (after.skipped === before.skipped) {
      const added = after.gasUsed > before.gasUsed ? after.gasUsed - before.gasUsed : 0n;
      return { ok: true, gasUsed: added + TX_BASE_GAS + STANDALONE_SURCHARGE_GAS };
    }
    const own = await alone();
    if (own.status === 'failure') return outcomeOf(own);
    return { ok: false, error: 'FailsAfterPendingIntents', args: [], revertData: '0x' };
  }
}
