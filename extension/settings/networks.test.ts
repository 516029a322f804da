import { ANVIL_MNEMONIC } from '@medicrypt/contracts/node';
import { getContractAddress } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { LOCAL_FORWARDER, networks } from './networks.ts';

describe('networks', () => {
  it('knows the forwarder a fresh local chain deploys first, from anvil’s first account', () => {
    const deployer = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: 0 }).address;
    expect(getContractAddress({ from: deployer, nonce: 0n })).toBe(LOCAL_FORWARDER);
    expect(networks.local.forwarder).toBe(LOCAL_FORWARDER);
  });

  it('has no forwarder where MediCrypt is not deployed yet', () => {
    expect(networks.sepolia.forwarder).toBeUndefined();
  });
});
