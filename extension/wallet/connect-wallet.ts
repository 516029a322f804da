// Reading and requesting the wallet's accounts and chain.
import { type Address, getAddress } from 'viem';
import { type Eip1193Provider, parseChainId } from './eip1193.ts';
import { NoAccountError, walletErrorFrom } from './errors.ts';

export interface WalletState {
  /** Accounts the wallet shares with MediCrypt; empty while it is locked or before the user connects. */
  accounts: Address[];
  chainId: number;
}

export interface ConnectedWallet {
  account: Address;
  chainId: number;
}

export function parseAccounts(value: unknown): Address[] {
  if (!Array.isArray(value)) throw new TypeError('the wallet returned no account list');
  return value.map((account) => getAddress(String(account)));
}

/** What the wallet shares right now, without prompting the user. */
export async function readWalletState(provider: Eip1193Provider): Promise<WalletState> {
  try {
    const [accounts, chainId] = await Promise.all([
      provider.request({ method: 'eth_accounts' }),
      provider.request({ method: 'eth_chainId' }),
    ]);
    return { accounts: parseAccounts(accounts), chainId: parseChainId(chainId) };
  } catch (error) {
    throw walletErrorFrom(error, 'read');
  }
}

/**
 * Asks the wallet to share an account (MetaMask unlocks and prompts if needed).
 * @throws UserRejectedRequestError when the user declines; NoAccountError when nothing is shared.
 */
export async function connectWallet(provider: Eip1193Provider): Promise<ConnectedWallet> {
  let accounts: Address[];
  try {
    accounts = parseAccounts(await provider.request({ method: 'eth_requestAccounts' }));
  } catch (error) {
    throw walletErrorFrom(error, 'connect');
  }
  const account = accounts[0];
  if (!account) throw new NoAccountError();
  const { chainId } = await readWalletState(provider);
  return { account, chainId };
}
