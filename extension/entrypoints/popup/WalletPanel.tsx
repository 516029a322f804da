import { AccountAddress } from '../../components/AccountAddress.tsx';
import type { UseWalletReturnType } from '../../hooks/use-wallet.ts';
import { describeChain, type Network } from '../../settings/networks.ts';

export interface WalletPanelProps {
  wallet: UseWalletReturnType;
  network: Network | undefined;
  extensionId: string | undefined;
  onOpenSettings(): void;
}

/** The wallet's state and the one action that moves it forward. */
export function WalletPanel({ wallet, network, extensionId, onOpenSettings }: WalletPanelProps) {
  const { view, pending, actionError } = wallet;
  return (
    <section className="wallet-panel" aria-labelledby="wallet-heading" aria-busy={view.status === 'loading'}>
      {view.status === 'loading' && (
        <>
          <h2 id="wallet-heading">Wallet</h2>
          <p role="status">
            <span className="spinner" aria-hidden="true" /> Connecting to MetaMask…
          </p>
        </>
      )}

      {view.status === 'unavailable' && (
        <>
          <h2 id="wallet-heading">
            {view.error.code === 'WALLET_NOT_FOUND' ? 'MetaMask not found' : 'MetaMask unavailable'}
          </h2>
          <p className="notice notice-error" role="alert">
            {view.error.shortMessage}
          </p>
          {extensionId && (
            <p className="muted">
              Looking for the wallet extension <code>{extensionId}</code>.
            </p>
          )}
          <div className="actions">
            <button type="button" className="button" onClick={wallet.retry}>
              Try again
            </button>
            <button type="button" className="button button-secondary" onClick={onOpenSettings}>
              Open settings
            </button>
          </div>
        </>
      )}

      {view.status === 'disconnected' && (
        <>
          <h2 id="wallet-heading">Connect your wallet</h2>
          <p className="muted">
            MetaMask is locked, or has not shared an account with MediCrypt yet. Connecting shares your
            address only; you approve every consent change separately.
          </p>
          <div className="actions">
            <button
              type="button"
              className="button"
              onClick={wallet.connect}
              disabled={pending !== undefined}
              aria-busy={pending === 'connect'}
            >
              {pending === 'connect' ? 'Waiting for MetaMask…' : 'Connect wallet'}
            </button>
          </div>
        </>
      )}

      {(view.status === 'connected' || view.status === 'wrong-network') && (
        <>
          <h2 id="wallet-heading">
            {view.status === 'connected' ? <span className="status-chip">Connected</span> : 'Wallet'}
          </h2>
          <dl className="facts">
            <dt>Account</dt>
            <dd>
              <AccountAddress address={view.account} />
            </dd>
            <dt>Network</dt>
            <dd>
              {view.status === 'connected' && network
                ? `${network.label} (chain ${view.chainId})`
                : describeChain(view.chainId)}
            </dd>
          </dl>
        </>
      )}

      {view.status === 'wrong-network' && network && (
        <div className="notice notice-warning" role="alert">
          <p>
            <strong>Wrong network.</strong> MetaMask is on {describeChain(view.chainId)}; MediCrypt uses{' '}
            {network.label} (chain {network.chainId}).
          </p>
          <div className="actions" style={{ marginTop: '0.6em' }}>
            <button
              type="button"
              className="button"
              onClick={wallet.switchNetwork}
              disabled={pending !== undefined}
              aria-busy={pending === 'switchChain'}
            >
              {pending === 'switchChain' ? 'Waiting for MetaMask…' : `Switch to ${network.label}`}
            </button>
          </div>
        </div>
      )}

      {actionError && view.status !== 'unavailable' && (
        <p className="notice notice-error" role="alert">
          {actionError.shortMessage}
        </p>
      )}
    </section>
  );
}
