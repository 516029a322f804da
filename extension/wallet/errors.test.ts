import { describe, expect, it } from 'vitest';
import { rpcError } from '../testing/fake-provider.ts';
import { UserRejectedRequestError, WalletError, WalletNotFoundError, walletErrorFrom } from './errors.ts';

describe('walletErrorFrom', () => {
  it.each([
    [4001, 'USER_REJECTED'],
    [4100, 'UNAUTHORIZED'],
    [4900, 'WALLET_DISCONNECTED'],
    [4901, 'WALLET_DISCONNECTED'],
    [-32002, 'REQUEST_PENDING'],
    [-32603, 'WALLET_REQUEST_FAILED'],
  ])('maps code %i to %s', (code, expected) => {
    expect(walletErrorFrom(rpcError(code), 'read').code).toBe(expected);
  });

  it('words a rejection after what the user was doing', () => {
    expect(walletErrorFrom(rpcError(4001), 'sign').message).toBe(
      'You rejected the signature request in MetaMask, so nothing was signed or sent.',
    );
    expect(walletErrorFrom(rpcError(4001), 'connect').message).toBe(
      'You declined to connect MetaMask, so nothing was shared with MediCrypt.',
    );
    expect(walletErrorFrom({ code: 4001, message: 'plain object' }, 'switchChain')).toBeInstanceOf(
      UserRejectedRequestError,
    );
  });

  it('keeps the wallet’s own words as details and the original error as cause', () => {
    const original = rpcError(-32603, 'Internal JSON-RPC error.');
    const error = walletErrorFrom(original, 'sign');
    expect(error).toBeInstanceOf(WalletError);
    expect(error.details).toBe('Internal JSON-RPC error.');
    expect(error.cause).toBe(original);
    expect(error.message).toContain('Internal JSON-RPC error.');
  });

  it('passes wallet errors through unchanged', () => {
    const missing = new WalletNotFoundError('nkbihfbeogaeaoehlefnkodbefgpgknn');
    expect(walletErrorFrom(missing, 'connect')).toBe(missing);
  });

  it('names the chain a wallet does not know when it can', () => {
    expect(walletErrorFrom(rpcError(4902), 'switchChain', 11155111).message).toContain(
      'Sepolia (chain 11155111)',
    );
  });
});
