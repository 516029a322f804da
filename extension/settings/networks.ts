// The networks MediCrypt can run on. Both answer with Sepolia's chain id: the local one is an anvil
// started with `--chain-id 11155111`, so intents signed locally and on Sepolia use the same domain shape.
import type { Address } from 'viem';

/**
 * The intent forwarder a fresh local chain gets: `npm start` and the test fixtures deploy it first, from anvil's
 * first development account at nonce 0 (checked by networks.test.ts).
 */
export const LOCAL_FORWARDER: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

export type NetworkName = 'local' | 'sepolia';

export interface Network {
  name: NetworkName;
  /** What the user sees. */
  label: string;
  chainId: number;
  /** The RPC endpoint offered to the wallet when it does not know the chain yet. */
  rpcUrl: string;
  explorerUrl?: string;
  /** The IntentForwarder: the EIP-712 domain of every intent. Unset where MediCrypt is not deployed yet. */
  forwarder?: Address;
}

export const networks: Record<NetworkName, Network> = {
  local: {
    name: 'local',
    label: 'Local Anvil',
    chainId: 11155111,
    rpcUrl: 'http://127.0.0.1:8545',
    forwarder: LOCAL_FORWARDER,
  },
  sepolia: {
    name: 'sepolia',
    label: 'Sepolia',
    chainId: 11155111,
    rpcUrl: 'https://ethereum-sepolia-rpc.publicnode.com',
    explorerUrl: 'https://sepolia.etherscan.io',
  },
};

export const networkNames = Object.keys(networks) as NetworkName[];

export function isNetworkName(value: unknown): value is NetworkName {
  return typeof value === 'string' && Object.hasOwn(networks, value);
}

const knownChains: Record<number, string> = { 1: 'Ethereum', 11155111: 'Sepolia', 31337: 'Anvil' };

/** A chain's name for messages, e.g. "Sepolia (chain 11155111)". */
export function describeChain(chainId: number): string {
  const name = knownChains[chainId];
  return name ? `${name} (chain ${chainId})` : `chain ${chainId}`;
}
