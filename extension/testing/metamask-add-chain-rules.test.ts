// The reproduction of MetaMask's wallet_addEthereumChain checks refuses what MetaMask's own tests expect refused
// (add-ethereum-chain.test.ts and ethereum-chain-utils.test.ts in metamask-extension), including the params
// MediCrypt used to send for the local chain.
import { describe, expect, it } from 'vitest';
import { checkAddEthereumChainParams, MetaMaskInvalidParamsError } from './metamask-add-chain-rules.ts';

const sepolia = {
  chainId: '0xaa36a7',
  chainName: 'Sepolia',
  rpcUrls: ['https://ethereum-sepolia-rpc.publicnode.com'],
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  blockExplorerUrls: ['https://sepolia.etherscan.io'],
};

describe('MetaMask’s wallet_addEthereumChain checks', () => {
  it('accept a complete request, and localhost or 127.0.0.1 over http', () => {
    expect(checkAddEthereumChainParams(sepolia)).toEqual({
      chainId: '0xaa36a7',
      chainName: 'Sepolia',
      rpcUrl: 'https://ethereum-sepolia-rpc.publicnode.com',
      blockExplorerUrl: 'https://sepolia.etherscan.io',
      ticker: 'ETH',
    });
    for (const rpcUrl of ['http://127.0.0.1:8545', 'http://localhost:8545'])
      expect(
        checkAddEthereumChainParams({ ...sepolia, rpcUrls: [rpcUrl], blockExplorerUrls: null }).rpcUrl,
      ).toBe(rpcUrl);
    expect(checkAddEthereumChainParams({ ...sepolia, iconUrls: ['https://x.example/i.png'] }).chainId).toBe(
      '0xaa36a7',
    );
  });

  const refusals: [string, Record<string, unknown>, string][] = [
    [
      'the local chain without blockExplorerUrls (what MediCrypt sent before)',
      {
        chainId: '0xaa36a7',
        chainName: 'Local Anvil',
        rpcUrls: ['http://127.0.0.1:8545'],
        nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      },
      "Expected null or array with at least one valid string HTTPS URL 'blockExplorerUrl'",
    ],
    [
      'an http explorer',
      { ...sepolia, blockExplorerUrls: ['http://sepolia.etherscan.io'] },
      "'blockExplorerUrl'",
    ],
    ['an empty explorer list', { ...sepolia, blockExplorerUrls: [] }, "'blockExplorerUrl'"],
    [
      'a plain-http RPC off this machine',
      { ...sepolia, rpcUrls: ['http://rpc.example'] },
      "HTTPS url 'rpcUrls'",
    ],
    ['no RPC URL', { ...sepolia, rpcUrls: [] }, "HTTPS url 'rpcUrls'"],
    ['an invalid RPC URL', { ...sepolia, rpcUrls: ['invalid'] }, "HTTPS url 'rpcUrls'"],
    ['a host with a space', { ...sepolia, rpcUrls: ['https://rpc%20x.example'] }, "HTTPS url 'rpcUrls'"],
    ['a decimal chain id', { ...sepolia, chainId: '11155111' }, "hexadecimal string 'chainId'"],
    ['a zero-padded chain id', { ...sepolia, chainId: '0x0aa36a7' }, "hexadecimal string 'chainId'"],
    ['an unsafe chain id', { ...sepolia, chainId: '0xFFFFFFFFFFFFFFFF' }, 'greater than max safe value'],
    ['no chain name', { ...sepolia, chainName: '' }, "non-empty string 'chainName'"],
    ['no native currency', { ...sepolia, nativeCurrency: undefined }, "null or object 'nativeCurrency'"],
    [
      '17 decimals',
      { ...sepolia, nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 17 } },
      'the number 18',
    ],
    [
      'a long symbol',
      { ...sepolia, nativeCurrency: { name: 'Ether', symbol: 'ETHEREUM', decimals: 18 } },
      '1-6 character',
    ],
    ['an unknown key', { ...sepolia, rpcPrefs: {} }, 'Unsupported keys'],
  ];

  it.each(refusals)('refuse %s', (_, params, message) => {
    expect(() => checkAddEthereumChainParams(params)).toThrow(MetaMaskInvalidParamsError);
    expect(() => checkAddEthereumChainParams(params)).toThrow(message);
    try {
      checkAddEthereumChainParams(params);
    } catch (error) {
      expect(error).toMatchObject({ code: -32602 });
    }
  });

  it('accept null for an explorer and a native currency, as MetaMask does', () => {
    expect(
      checkAddEthereumChainParams({ ...sepolia, blockExplorerUrls: null, nativeCurrency: null }),
    ).toMatchObject({
      blockExplorerUrl: null,
      ticker: 'UNKNOWN',
    });
  });
});
