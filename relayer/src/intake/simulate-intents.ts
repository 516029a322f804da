// Simulates intents against pending state without making intake slow: requests arriving within a short window
// are folded into one eth_simulateV1 call. Each intent runs as IntentForwarder.execute after its pending
// predecessors (the queued intents it depends on), so it is judged against the state it will meet on-chain.
import { consentRegistryAbi, intentForwarderAbi, type SignedIntent } from '@medicrypt/contracts';
import { type Address, decodeErrorResult, encodeFunctionData, type Hex } from 'viem';
import type { ChainClient } from '../chain/chain-client.ts';

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
  /** How long to wait for more requests before simulating (ms). */
  windowMs?: number;
  /** Most calls in one eth_simulateV1 request. */
  maxCalls?: number;
}

const errorAbi = [...intentForwarderAbi, ...consentRegistryAbi];
const DEFAULT_WINDOW_MS = 2;
const DEFAULT_MAX_CALLS = 256;

interface Waiting {
  request: SimulationRequest;
  resolve: (outcome: SimulationOutcome) => void;
  reject: (error: unknown) => void;
}

export function decodeRevert(revertData: Hex): { error: string; args: readonly unknown[] } {
  try {
    const decoded = decodeErrorResult({ abi: errorAbi, data: revertData });
    return { error: decoded.errorName, args: decoded.args ?? [] };
  } catch {
    return { error: revertData === '0x' ? 'EmptyRevert' : 'UnknownRevert', args: [] };
  }
}

export class SimulationBatcher {
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly windowMs: number;
  private readonly maxCalls: number;

  constructor(private readonly options: SimulationBatcherOptions) {
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
    this.maxCalls = options.maxCalls ?? DEFAULT_MAX_CALLS;
  }

  simulate(request: SimulationRequest): Promise<SimulationOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      const calls = this.waiting.reduce((sum, item) => sum + item.request.predecessors.length + 1, 0);
      if (calls >= this.maxCalls) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length > 0) void this.run(batch);
  }

  private async run(batch: Waiting[]): Promise<void> {
    // One call per distinct intent, predecessors first; a predecessor shared by several requests runs once.
    const calls: { to: Address; data: Hex; from: Address }[] = [];
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
          data: encodeFunctionData({ abi: intentForwarderAbi, functionName: 'execute', args: [intent] }),
        });
      }
      return position;
    };
    const targets = batch.map(({ request }) => {
      for (const predecessor of request.predecessors) add(predecessor);
      return add(request.intent);
    });
    try {
      const [block] = await this.options.chain.publicClient.simulateBlocks({ blocks: [{ calls }] });
      const results = block?.calls ?? [];
      for (const [i, waiting] of batch.entries()) {
        const result = results[targets[i]!];
        if (!result) waiting.reject(new Error('eth_simulateV1 returned fewer results than calls'));
        else if (result.status === 'success') waiting.resolve({ ok: true, gasUsed: result.gasUsed });
        else {
          const revertData = (result.data ?? '0x') as Hex;
          waiting.resolve({ ok: false, revertData, ...decodeRevert(revertData) });
        }
      }
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }
}
