import { describe, expect, it } from 'vitest';
import { networks } from '../settings/networks.ts';
import { FakeProvider, rpcError } from '../testing/fake-provider.ts';
import { switchChain } from './switch-chain.ts';

describe('switchChain', () => {
  it('asks the wallet to switch to the configured chain', async () => {
    const provider = new FakeProvider({ handlers: { wallet_switchEthereumChain: () => null } });
    await switchChain(provider, networks.local);
    expect(provider.requests).toEqual([
      { method: 'wallet_switchEthereumChain', params: [{ chainId: '0xaa36a7' }] },
    ]);
  });

  it('offers the chain when the wallet has never seen it', async () => {
    const provider = new FakeProvider({
      handlers: {
        wallet_switchEthereumChain: () => Promise.reject(rpcError(4902)),
        wallet_addEthereumChain: () => null,
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
        },
      ],
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
