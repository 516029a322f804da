// The relayer's view of the chain: one viem public client and the MediCrypt contracts from the deployment.

import type { Deployment } from '@medicrypt/contracts';
import { type Address, type Chain, createPublicClient, defineChain, http, type PublicClient } from 'viem';
import { createNodeHttpFetch } from './node-http-fetch.ts';

export interface ChainClient {
  chain: Chain;
  publicClient: PublicClient;
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
}

const DEFAULT_POLLING_MS = 250;
const DEFAULT_TIMEOUT_MS = 10_000;

export function createChainClient({
  rpcUrl,
  deployment,
  pollingIntervalMs,
  timeoutMs,
}: ChainClientParameters): ChainClient {
  const chain = defineChain({
    id: deployment.chainId,
    name: deployment.chainId === 11155111 ? 'Sepolia' : `chain ${deployment.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const publicClient = createPublicClient({
    chain,
    transport: http(rpcUrl, {
      timeout: timeoutMs ?? DEFAULT_TIMEOUT_MS,
      retryCount: 2,
      fetchFn: createNodeHttpFetch(),
    }),
    pollingInterval: pollingIntervalMs ?? DEFAULT_POLLING_MS,
  });
  return { chain, publicClient, deployment, registry: deployment.registry, forwarder: deployment.forwarder };
}
