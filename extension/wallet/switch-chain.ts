// Moving the wallet to the network MediCrypt is configured for.
import type { Network } from '../settings/networks.ts';
import { type Eip1193Provider, toHexChainId } from './eip1193.ts';
import { rpcErrorCode, walletErrorFrom } from './errors.ts';

/** EIP-3326: the wallet does not know the chain; EIP-3085 lets us offer it. */
const UNRECOGNISED_CHAIN = 4902;

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
      await provider.request({
        method: 'wallet_addEthereumChain',
        params: [
          {
            chainId,
            chainName: network.label,
            rpcUrls: [network.rpcUrl],
            nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
            ...(network.explorerUrl ? { blockExplorerUrls: [network.explorerUrl] } : {}),
          },
        ],
      });
    } catch (addError) {
      throw walletErrorFrom(addError, 'switchChain', network.chainId);
    }
  }
}
