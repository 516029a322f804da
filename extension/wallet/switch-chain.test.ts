import { describe, expect, it } from 'vitest';
import { networkNames, networks } from '../settings/networks.ts';
import { FakeProvider, rpcError } from '../testing/fake-provider.ts';
import { checkAddEthereumChainParams } from '../testing/metamask-add-chain-rules.ts';
import { addChainParameters, switchChain } from './switch-chain.ts';

describe('switchChain', () => {
  it('asks the wallet to switch to the configured chain', async () => {
    const provider = new FakeProvider({ handlers: { wallet_switchEthereumChain: () => null } });
    await switchChain(provider, networks.local);
    expect(provider.requests).toEqual([
      { method: 'wallet_switchEthereumChain', params: [{ chainId: '0xaa36a7' }] },
    ]);
  });

  it('offers the chain when the wallet has never seen it, in a form MetaMask accepts', async () => {
    const provider = new FakeProvider({
      handlers: {
        wallet_switchEthereumChain: () => Promise.reject(rpcError(4902)),
        // MetaMask's own checks: a refused request fails the test.
        wallet_addEthereumChain: (params) => {
          checkAddEthereumChainParams((params as unknown[])[0]);
          return null;
        },
      },
    });
    await switchChain(provider, networks.local);
    expect(provider.requests[1]).toEqual({
      method: 'wallet_addEthereumChain',
      params: [
        {
          chainId: '0xaa36a7',
          chainName: 'Local Anvil',
          rpcUrls: ['http://127.0.0.1:8545'],
          nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
          blockExplorerUrls: null,
        },
      ],
    });
  });

  it.each(networkNames)('offers %s in a form MetaMask’s checks accept', (name) => {
    const network = networks[name];
    expect(checkAddEthereumChainParams(addChainParameters(network))).toEqual({
      chainId: '0xaa36a7',
      chainName: network.label,
      rpcUrl: network.rpcUrl,
      blockExplorerUrl: network.explorerUrl ?? null,
      ticker: 'ETH',
    });
  });

  it('reports a declined switch clearly', async () => {
    const provider = new FakeProvider({
      handlers: { wallet_switchEthereumChain: () => Promise.reject(rpcError(4001)) },
    });
    await expect(switchChain(provider, networks.sepolia)).rejects.toMatchObject({
      code: 'USER_REJECTED',
      message: 'You declined to switch networks in MetaMask.',
    });
  });
});
