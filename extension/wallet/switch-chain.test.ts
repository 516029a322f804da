import { describe, expect, it } from 'vitest';
import { validateAddEthereumChainParams } from '../../test/wallet-extension/src/chain-params.ts';
import { networkNames, networks } from '../settings/networks.ts';
import { FakeProvider, rpcError } from '../testing/fake-provider.ts';
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
          validateAddEthereumChainParams(params);
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

  it('leaves no field out, as EIP-3085 would allow and MetaMask refuses', () => {
    const { blockExplorerUrls: _, ...eip3085 } = addChainParameters(networks.local);
    expect(() => validateAddEthereumChainParams([eip3085])).toThrow(
      "Expected null or array with at least one valid string HTTPS URL 'blockExplorerUrl'",
    );
  });

  it.each(networkNames)('offers %s in a form MetaMask’s checks accept', (name) => {
    const network = networks[name];
    expect(validateAddEthereumChainParams([addChainParameters(network)])).toEqual({
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
