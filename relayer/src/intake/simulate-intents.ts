// Simulates intents against pending state without making intake slow: requests arriving while a simulation is
// running are folded into the next eth_simulateV1 call (see Coalescer, simulateCalls). Each intent runs as
// IntentForwarder.execute after its pending predecessors (the queued intents it depends on), so it is judged
// against the state it will meet on-chain.
import { intentForwarderAbi, type SignedIntent } from '@medicrypt/contracts';
import { type Address, concatHex, encodeAbiParameters, getAbiItem, type Hex, toFunctionSelector } from 'viem';
import type { ChainClient } from '../chain/chain-client.ts';
import { decodeRevert } from '../chain/decode-revert.ts';
import { type SimulatedCall, simulateCalls } from '../chain/simulate-calls.ts';
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
    return targets.map((target): SimulationOutcome => {
      const result = results[target]!;
      if (result.status === 'success') return { ok: true, gasUsed: result.gasUsed };
      return { ok: false, revertData: result.data, ...decodeRevert(result.data) };
    });
  }
}
