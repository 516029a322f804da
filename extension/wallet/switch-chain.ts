// Moving the wallet to the network MediCrypt is configured for.
import type { Network } from '../settings/networks.ts';
import { type Eip1193Provider, toHexChainId } from './eip1193.ts';
import { rpcErrorCode, walletErrorFrom } from './errors.ts';

/** EIP-3326: the wallet does not know the chain; EIP-3085 lets us offer it. */
const UNRECOGNISED_CHAIN = 4902;

/** EIP-3085's parameter, as MetaMask takes it: every field present, `null` where a network has no explorer. */
export interface AddChainParameters {
  chainId: `0x${string}`;
  chainName: string;
  rpcUrls: string[];
  nativeCurrency: { name: string; symbol: string; decimals: 18 };
  blockExplorerUrls: string[] | null;
}

/**
 * The `wallet_addEthereumChain` parameter for `network`. MetaMask refuses the request unless `blockExplorerUrls`
 * is an array with an https (or localhost) URL or `null`: leaving it out, as EIP-3085 allows, fails there.
 */
export function addChainParameters(network: Network): AddChainParameters {
  return {
    chainId: toHexChainId(network.chainId),
    chainName: network.label,
    rpcUrls: [network.rpcUrl],
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    blockExplorerUrls: network.explorerUrl ? [network.explorerUrl] : null,
  };
}

/**
 * Asks the wallet to switch to `network`; if it has never heard of the chain, offers to add it first.
 * @throws UserRejectedRequestError when the user declines.
 */
export async function switchChain(provider: Eip1193Provider, network: Network): Promise<void> {
  const chainId = toHexChainId(network.chainId);
  try {
    await provider.request({ method: 'wallet_switchEthereumChain', params: [{ chainId }] });
  } catch (error) {
    if (rpcErrorCode(error) !== UNRECOGNISED_CHAIN) throw walletErrorFrom(error, 'switchChain');
    try {
      await provider.request({ method: 'wallet_addEthereumChain', params: [addChainParameters(network)] });
    } catch (addError) {
      throw walletErrorFrom(addError, 'switchChain', network.chainId);
    }
  }
}
