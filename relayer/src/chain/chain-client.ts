// The relayer's view of the chain: viem public clients and the MediCrypt contracts from the deployment. Intake's
// per-intent reads (object nonces, credentials, delegations, ERC-1271 wallets) go through a second client whose
// transport sends the calls made in one turn of the event loop as one JSON-RPC batch: a burst of consent intents
// costs one HTTP round trip per turn instead of one per intent.

import type { Deployment } from '@medicrypt/contracts';
import { type Address, type Chain, createPublicClient, defineChain, http, type PublicClient } from 'viem';
import { createNodeHttpFetch } from './node-http-fetch.ts';
import { FULL_RPC_CAPABILITIES, type RpcCapabilities } from './rpc-capabilities.ts';

export interface ChainClient {
  chain: Chain;
  publicClient: PublicClient;
  /** The same chain; concurrent calls go out together as JSON-RPC batches of at most `rpcBatchSize`. */
  batchedPublicClient: PublicClient;
  /** Most calls in one batch of `batchedPublicClient` (1: none are batched). */
  rpcBatchSize: number;
  /** What the node serves, as probed at start (probeRpcCapabilities); every stage reads its fallbacks here. */
  capabilities: RpcCapabilities;
  deployment: Deployment;
  registry: Address;
  forwarder: Address;
}

export interface ChainClientParameters {
  rpcUrl: string;
  deployment: Deployment;
  /** How often viem polls for receipts and blocks. */
  pollingIntervalMs?: number;
  /** Per-request timeout of the RPC transport. */
  timeoutMs?: number;
  /** Most calls in one JSON-RPC batch of `batchedPublicClient` (1: each call alone, for nodes without batches). */
  rpcBatchSize?: number;
  /** What the node serves (default: everything, as anvil does; the relayer probes its node at start). */
  capabilities?: RpcCapabilities;
}

const DEFAULT_POLLING_MS = 250;
const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_RPC_BATCH_SIZE = 100;

export function createChainClient({
  rpcUrl,
  deployment,
  pollingIntervalMs,
  timeoutMs,
  rpcBatchSize = DEFAULT_RPC_BATCH_SIZE,
  capabilities = FULL_RPC_CAPABILITIES,
}: ChainClientParameters): ChainClient {
  const chain = defineChain({
    id: deployment.chainId,
    name: deployment.chainId === 11155111 ? 'Sepolia' : `chain ${deployment.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const fetchFn = createNodeHttpFetch();
  const client = (batch: false | { batchSize: number }) =>
    createPublicClient({
      chain,
      transport: http(rpcUrl, { timeout: timeoutMs ?? DEFAULT_TIMEOUT_MS, retryCount: 2, fetchFn, batch }),
      pollingInterval: pollingIntervalMs ?? DEFAULT_POLLING_MS,
    });
  return {
    chain,
    publicClient: client(false),
    batchedPublicClient: client(rpcBatchSize > 1 && { batchSize: rpcBatchSize }),
    rpcBatchSize,
    capabilities,
    deployment,
    registry: deployment.registry,
    forwarder: deployment.forwarder,
  };
}
