// At start: which JSON-RPC methods the configured node serves, for every method the relayer calls. Not every
// Sepolia provider offers them all (eth_simulateV1 and debug_traceCall least of all), and a missing one would
// otherwise surface as the first intent's 500. Each method either has a documented fallback, recorded in the
// capabilities the chain client carries, or its absence stops the start with RPC_METHOD_MISSING, naming the method
// and nodes known to serve it. Any other failure of a probe stops the start with RPC_PROBE_FAILED and the node's
// own words. The batch check (rpc-batch-check.ts) runs first.
import { intentForwarderAbi } from '@medicrypt/contracts';
import { BaseError, encodeFunctionData, type Hex, numberToHex, zeroAddress, zeroHash } from 'viem';
import { RelayerError } from '../errors.ts';
import type { ChainClient } from './chain-client.ts';

export interface RpcCapabilities {
  /**
   * eth_simulateV1: intake runs each intent after its pending predecessors in one call, and a batch's gas comes
   * from one simulation. Without it: eth_call and eth_estimateGas (intake-fallback in simulate-intents.ts).
   */
  simulateV1: boolean;
  /**
   * debug_traceCall: lets validation trace what a contract wallet's isValidSignature does. Without it, validation
   * that needs a trace falls back to an allow-list of known wallet code.
   */
  traceCall: boolean;
  /** How the tip is read: eth_maxPriorityFeePerGas, else eth_gasPrice less the base fee (viem's fallback). */
  priorityFee: 'eth_maxPriorityFeePerGas' | 'eth_gasPrice';
  /** Most blocks one eth_getLogs call may span: the indexer's range, halved until the node took it. */
  logsBlockRange: number;
}

/** The most blocks the event indexer reads with one eth_getLogs call, where the node takes that many. */
export const DEFAULT_LOGS_BLOCK_RANGE = 2_000;

/** Every method available: what a test client, or a node like anvil, has. */
export const FULL_RPC_CAPABILITIES: RpcCapabilities = {
  simulateV1: true,
  traceCall: true,
  priorityFee: 'eth_maxPriorityFeePerGas',
  logsBlockRange: DEFAULT_LOGS_BLOCK_RANGE,
};

/** Nodes known to serve each method that has no fallback, or whose fallback needs it. */
export const KNOWN_PROVIDERS: Record<string, string> = {
  eth_simulateV1:
    'Geth 1.14.9+, Reth, Nethermind, Erigon 3 and anvil; hosted: QuickNode, Nodit (Sepolia), or your provider if its method list has it',
  debug_traceCall:
    'Geth, Reth, Erigon or Nethermind with the debug API enabled (--http.api …,debug); hosted: QuickNode (Trace & Debug add-on), Alchemy (Debug API)',
  default:
    'every Ethereum execution client (Geth, Reth, Nethermind, Erigon, Besu) and hosted Sepolia endpoint',
};

/** What a node answers for a method it does not serve: JSON-RPC's -32601, or words to that effect. */
const METHOD_MISSING_CODES = new Set([-32601, -32004]);
const METHOD_MISSING_WORDS =
  /method[^.]*(not found|not supported|does not exist|is not available|not available|unsupported|not allowed|disabled|not whitelisted)|unsupported method|unknown method|not whitelisted/i;

export function isMethodMissing(error: unknown): boolean {
  let missing = false;
  const visit = (candidate: unknown) => {
    const { code, message, details } = (candidate ?? {}) as {
      code?: unknown;
      message?: unknown;
      details?: unknown;
    };
    if (typeof code === 'number' && METHOD_MISSING_CODES.has(code)) missing = true;
    for (const text of [message, details])
      if (typeof text === 'string' && METHOD_MISSING_WORDS.test(text)) missing = true;
  };
  if (error instanceof BaseError)
    error.walk((cause) => {
      visit(cause);
      return false;
    });
  else visit(error);
  return missing;
}

function describe(error: unknown): string {
  return error instanceof BaseError
    ? [error.shortMessage, error.details].filter(Boolean).join(' ')
    : (error as Error).message;
}

export function missingMethodError(method: string, cause: unknown, use: string): RelayerError {
  return new RelayerError(
    'RPC_METHOD_MISSING',
    500,
    `RPC_URL does not serve ${method} (${describe(cause)}), which the relayer needs for ${use}. Nodes known to serve it: ${KNOWN_PROVIDERS[method] ?? KNOWN_PROVIDERS.default}`,
    { cause, details: { method } },
  );
}

function probeFailedError(method: string, cause: unknown): RelayerError {
  return new RelayerError('RPC_PROBE_FAILED', 500, `RPC_URL failed ${method} at start: ${describe(cause)}`, {
    cause,
    details: { method },
  });
}

type Answer = { ok: true; result: unknown } | { ok: false; missing: boolean; error: unknown };

async function ask(chain: ChainClient, method: string, params: unknown[]): Promise<Answer> {
  try {
    return { ok: true, result: await chain.publicClient.request({ method, params } as never) };
  } catch (error) {
    return { ok: false, missing: isMethodMissing(error), error };
  }
}

export interface ProbeRpcParameters {
  /** The indexer's eth_getLogs range to try first (default DEFAULT_LOGS_BLOCK_RANGE). */
  logsBlockRange?: number;
  /** Whether this relayer broadcasts signed transactions itself (local signer keys). */
  sendsRawTransactions: boolean;
}

/** The methods every relayer needs, none with a fallback: what each is for, and a valid call of it. */
function requiredCalls(chain: ChainClient, sendsRawTransactions: boolean) {
  const registry = chain.registry;
  const domainSeparator = encodeFunctionData({ abi: intentForwarderAbi, functionName: 'domainSeparator' });
  return [
    ['eth_blockNumber', [], 'the indexer and the tracker'],
    ['eth_getBlockByNumber', ['latest', false], 'fees, the indexer and the tracker'],
    [
      'eth_call',
      [{ to: chain.forwarder, data: domainSeparator }, 'latest'],
      'intake reads (nonces, roles, ERC-1271)',
    ],
    ['eth_getCode', [registry, 'latest'], 'contract-wallet signatures'],
    ['eth_getBalance', [registry, 'latest'], 'signer balances'],
    ['eth_getTransactionCount', [registry, 'pending'], 'signer nonces'],
    ['eth_getTransactionByHash', [zeroHash], 'the tracker'],
    ['eth_getTransactionReceipt', [zeroHash], 'the tracker'],
    ...(sendsRawTransactions ? ([['eth_sendRawTransaction', ['0x'], 'broadcasting batches']] as const) : []),
  ] as const;
}

/**
 * Asks the node for every method the relayer uses and returns what it can use.
 * @throws RelayerError RPC_METHOD_MISSING (a method without fallback, or one a fallback needs) or RPC_PROBE_FAILED.
 */
export async function probeRpcCapabilities(
  chain: ChainClient,
  { logsBlockRange = DEFAULT_LOGS_BLOCK_RANGE, sendsRawTransactions }: ProbeRpcParameters,
): Promise<RpcCapabilities> {
  for (const [method, params, use] of requiredCalls(chain, sendsRawTransactions)) {
    const answer = await ask(chain, method, [...params]);
    if (answer.ok) continue;
    if (answer.missing) throw missingMethodError(method, answer.error, use);
    // An empty raw transaction is refused as malformed by a node that serves the method: that answer is the pass.
    if (method !== 'eth_sendRawTransaction') throw probeFailedError(method, answer.error);
  }

  const domainSeparator = encodeFunctionData({ abi: intentForwarderAbi, functionName: 'domainSeparator' });
  const call = { from: zeroAddress, to: chain.forwarder, data: domainSeparator };
  const simulate = await ask(chain, 'eth_simulateV1', [{ blockStateCalls: [{ calls: [call] }] }, 'latest']);
  if (!simulate.ok && !simulate.missing) throw probeFailedError('eth_simulateV1', simulate.error);
  if (!simulate.ok) {
    // The fallback simulates with eth_call (probed above) and takes gas from eth_estimateGas.
    const estimate = await ask(chain, 'eth_estimateGas', [call]);
    if (!estimate.ok)
      throw estimate.missing
        ? missingMethodError(
            'eth_estimateGas',
            estimate.error,
            'gas figures without eth_simulateV1 (the node serves neither)',
          )
        : probeFailedError('eth_estimateGas', estimate.error);
  }

  const trace = await ask(chain, 'debug_traceCall', [call, 'latest', { tracer: 'callTracer' }]);
  if (!trace.ok && !trace.missing) throw probeFailedError('debug_traceCall', trace.error);

  let priorityFee: RpcCapabilities['priorityFee'] = 'eth_maxPriorityFeePerGas';
  const tip = await ask(chain, 'eth_maxPriorityFeePerGas', []);
  if (!tip.ok) {
    if (!tip.missing) throw probeFailedError('eth_maxPriorityFeePerGas', tip.error);
    const gasPrice = await ask(chain, 'eth_gasPrice', []);
    if (!gasPrice.ok)
      throw gasPrice.missing
        ? missingMethodError(
            'eth_gasPrice',
            gasPrice.error,
            'fees (the node serves no eth_maxPriorityFeePerGas either)',
          )
        : probeFailedError('eth_gasPrice', gasPrice.error);
    priorityFee = 'eth_gasPrice';
  }

  return {
    simulateV1: simulate.ok,
    traceCall: trace.ok,
    priorityFee,
    logsBlockRange: await probeLogsRange(chain, logsBlockRange),
  };
}

/** The largest range up to `wanted` blocks (halving) that eth_getLogs answers, ending at the head. */
async function probeLogsRange(chain: ChainClient, wanted: number): Promise<number> {
  const head = BigInt((await chain.publicClient.request({ method: 'eth_blockNumber' })) as Hex);
  let range = wanted;
  let firstRefusal: unknown;
  while (range >= 1) {
    const fromBlock = head - BigInt(range) + 1n;
    const answer = await ask(chain, 'eth_getLogs', [
      {
        address: chain.registry,
        fromBlock: numberToHex(fromBlock < 0n ? 0n : fromBlock),
        toBlock: numberToHex(head),
      },
    ]);
    if (answer.ok) return range;
    if (answer.missing) throw missingMethodError('eth_getLogs', answer.error, 'the event indexer');
    firstRefusal ??= answer.error;
    range = Math.floor(range / 2);
  }
  throw probeFailedError('eth_getLogs', firstRefusal);
}
