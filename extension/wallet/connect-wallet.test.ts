import { describe, expect, it } from 'vitest';
import { FakeProvider, rpcError } from '../testing/fake-provider.ts';
import { connectWallet, readWalletState } from './connect-wallet.ts';

const lowercase = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const checksummed = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

describe('connectWallet', () => {
  it('asks for accounts and returns the first, checksummed, with the chain', async () => {
    const provider = new FakeProvider({ accounts: [lowercase as never], chainId: 1 });
    expect(await connectWallet(provider)).toEqual({ account: checksummed, chainId: 1 });
    expect(provider.methods()[0]).toBe('eth_requestAccounts');
  });

  it('turns a declined connection into a clear error', async () => {
    const provider = new FakeProvider({
      handlers: { eth_requestAccounts: () => Promise.reject(rpcError(4001)) },
    });
    await expect(connectWallet(provider)).rejects.toMatchObject({
      code: 'USER_REJECTED',
      message: 'You declined to connect MetaMask, so nothing was shared with MediCrypt.',
    });
  });

  it('fails when the wallet shares no account', async () => {
    await expect(connectWallet(new FakeProvider())).rejects.toMatchObject({ code: 'NO_ACCOUNT' });
  });
});

describe('readWalletState', () => {
  it('reads accounts and chain without prompting', async () => {
    const provider = new FakeProvider({ accounts: [checksummed], chainId: 11155111 });
    expect(await readWalletState(provider)).toEqual({ accounts: [checksummed], chainId: 11155111 });
    expect(provider.methods()).not.toContain('eth_requestAccounts');
  });

  it('treats a locked wallet as sharing nothing', async () => {
    expect((await readWalletState(new FakeProvider())).accounts).toEqual([]);
  });
});
