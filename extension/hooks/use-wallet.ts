// The popup's view of the wallet: opens the provider for the configured extension, follows its account and
// chain events, and runs the two things the user can ask for (connect, switch network).
import { useCallback, useEffect, useState } from 'react';
import type { Address } from 'viem';
import type { Network } from '../settings/networks.ts';
import { connectWallet, parseAccounts, readWalletState } from '../wallet/connect-wallet.ts';
import { type Eip1193Provider, parseChainId } from '../wallet/eip1193.ts';
import { WalletDisconnectedError, type WalletError, walletErrorFrom } from '../wallet/errors.ts';
import { walletIdsToTry } from '../wallet/metamask-extension-ids.ts';
import { switchChain } from '../wallet/switch-chain.ts';

export type OpenProvider = (extensionId: string) => Promise<Eip1193Provider>;

export type WalletView =
  | { status: 'loading' }
  | { status: 'unavailable'; error: WalletError }
  /** Reachable but sharing no account: locked, or not connected to MediCrypt yet. */
  | { status: 'disconnected'; chainId: number }
  | { status: 'wrong-network'; account: Address; chainId: number }
  | { status: 'connected'; account: Address; chainId: number };

export type PendingAction = 'connect' | 'switchChain';

export interface UseWalletParameters {
  extensionId: string | undefined;
  network: Network | undefined;
  openProvider: OpenProvider;
}

export interface UseWalletReturnType {
  view: WalletView;
  /** The wallet to sign with, once it answered (whatever its state). */
  provider: Eip1193Provider | undefined;
  pending: PendingAction | undefined;
  /** The last action's failure, cleared when the next one starts. */
  actionError: WalletError | undefined;
  connect(): Promise<void>;
  switchNetwork(): Promise<void>;
  retry(): void;
}

type Connection =
  | { phase: 'loading' }
  | { phase: 'unavailable'; error: WalletError }
  | { phase: 'ready'; provider: Eip1193Provider; accounts: Address[]; chainId: number };

/**
 * Lazily loads MetaMask's provider so the popup paints before the provider's code is parsed. The browser's default
 * MetaMask id stands for every MetaMask id of the browser (in Edge: its own store's, then the Chrome Web Store's).
 */
export const openMetaMask: OpenProvider = async (extensionId) => {
  const { openFirstWalletProvider } = await import('../wallet/metamask-provider.ts');
  return openFirstWalletProvider(walletIdsToTry(extensionId));
};

function parseOrSkip<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch {
    return undefined;
  }
}

function viewOf(connection: Connection, expectedChainId: number | undefined): WalletView {
  if (connection.phase === 'loading') return { status: 'loading' };
  if (connection.phase === 'unavailable') return { status: 'unavailable', error: connection.error };
  const { accounts, chainId } = connection;
  const account = accounts[0];
  if (!account) return { status: 'disconnected', chainId };
  if (expectedChainId !== undefined && chainId !== expectedChainId)
    return { status: 'wrong-network', account, chainId };
  return { status: 'connected', account, chainId };
}

export function useWallet({ extensionId, network, openProvider }: UseWalletParameters): UseWalletReturnType {
  const [connection, setConnection] = useState<Connection>({ phase: 'loading' });
  const [pending, setPending] = useState<PendingAction>();
  const [actionError, setActionError] = useState<WalletError>();
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the effect on retry.
  useEffect(() => {
    if (!extensionId) return;
    let active = true;
    let cleanup = () => {};
    setConnection({ phase: 'loading' });
    const update = (change: (ready: Extract<Connection, { phase: 'ready' }>) => Connection) =>
      active && setConnection((current) => (current.phase === 'ready' ? change(current) : current));

    (async () => {
      const provider = await openProvider(extensionId);
      // A malformed event is the wallet's bug; the popup keeps the last good state rather than crash.
      const onAccountsChanged = (accounts: string[]) => {
        const parsed = parseOrSkip(() => parseAccounts(accounts));
        if (parsed) update((ready) => ({ ...ready, accounts: parsed }));
      };
      const onChainChanged = (chainId: string) => {
        const parsed = parseOrSkip(() => parseChainId(chainId));
        if (parsed) update((ready) => ({ ...ready, chainId: parsed }));
      };
      const onDisconnect = (error: unknown) =>
        active &&
        setConnection({ phase: 'unavailable', error: new WalletDisconnectedError({ cause: error }) });
      provider.on('accountsChanged', onAccountsChanged);
      provider.on('chainChanged', onChainChanged);
      provider.on('disconnect', onDisconnect);
      cleanup = () => {
        provider.removeListener('accountsChanged', onAccountsChanged);
        provider.removeListener('chainChanged', onChainChanged);
        provider.removeListener('disconnect', onDisconnect);
      };
      if (!active) return cleanup();
      const state = await readWalletState(provider);
      if (active) setConnection({ phase: 'ready', provider, ...state });
    })().catch((error: unknown) => {
      if (active) setConnection({ phase: 'unavailable', error: walletErrorFrom(error, 'read') });
    });

    return () => {
      active = false;
      cleanup();
    };
  }, [extensionId, openProvider, attempt]);

  const run = useCallback(
    async (action: PendingAction, task: (provider: Eip1193Provider) => Promise<void>) => {
      if (connection.phase !== 'ready') return;
      setPending(action);
      setActionError(undefined);
      try {
        await task(connection.provider);
      } catch (error) {
        setActionError(walletErrorFrom(error, action));
      } finally {
        setPending(undefined);
      }
    },
    [connection],
  );

  const connect = useCallback(
    () =>
      run('connect', async (provider) => {
        const { account, chainId } = await connectWallet(provider);
        setConnection((current) =>
          current.phase === 'ready' ? { ...current, accounts: [account], chainId } : current,
        );
      }),
    [run],
  );

  const switchNetwork = useCallback(
    () =>
      run('switchChain', async (provider) => {
        if (!network) return;
        await switchChain(provider, network);
        const state = await readWalletState(provider);
        setConnection((current) => (current.phase === 'ready' ? { ...current, ...state } : current));
      }),
    [run, network],
  );

  const retry = useCallback(() => {
    setActionError(undefined);
    setAttempt((n) => n + 1);
  }, []);

  const view = viewOf(connection, network?.chainId);
  // An action's failure explains the state it failed in; once the wallet moves on, it no longer applies.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the status changes, on purpose.
  useEffect(() => setActionError(undefined), [view.status]);

  const provider = connection.phase === 'ready' ? connection.provider : undefined;
  return { view, provider, pending, actionError, connect, switchNetwork, retry };
}
