import { lazy, Suspense, useEffect } from 'react';
import { browser } from 'wxt/browser';
import { useSettings } from '../../hooks/use-settings.ts';
import { type OpenProvider, openMetaMask, useWallet } from '../../hooks/use-wallet.ts';
import { networks } from '../../settings/networks.ts';
import { markPopupInteractive } from './interactive-mark.ts';
import { isPoppedOut, popOut } from './pop-out.ts';
import { WalletPanel } from './WalletPanel.tsx';

// The patient's views load after the wallet controls are usable: the popup paints and answers first.
const PatientHome = lazy(() => import('./patient/PatientHome.tsx'));

export interface AppProps {
  /** How to reach the wallet; tests pass a fake. */
  openProvider?: OpenProvider;
}

export function App({ openProvider = openMetaMask }: AppProps) {
  const settings = useSettings();
  const network = settings ? networks[settings.network] : undefined;
  const extensionId = settings?.metamaskExtensionId;
  const wallet = useWallet({ extensionId, network, openProvider });
  const ready = wallet.view.status !== 'loading';

  useEffect(() => {
    if (ready) markPopupInteractive();
  }, [ready]);

  const openSettings = () => void browser.runtime.openOptionsPage();

  return (
    <>
      <header className="popup-header">
        <div>
          <h1>MediCrypt</h1>
          <p className="tagline muted">Your records, your consent</p>
        </div>
        <button type="button" className="link-button" onClick={openSettings}>
          Settings
        </button>
      </header>
      <main className="popup-main">
        <WalletPanel
          wallet={wallet}
          network={network}
          extensionId={extensionId}
          onOpenSettings={openSettings}
        />
        {wallet.view.status === 'connected' && wallet.provider && network && settings && (
          // The slot keeps the sign-in card's height while the patient's views load: nothing jumps.
          <div className="patient-slot">
            <Suspense
              fallback={
                <p className="placeholder" role="status">
                  <span className="spinner" aria-hidden="true" /> Loading…
                </p>
              }
            >
              <PatientHome
                provider={wallet.provider}
                account={wallet.view.account}
                network={network}
                relayerUrl={settings.relayerUrl}
              />
            </Suspense>
          </div>
        )}
      </main>
      {!isPoppedOut() && (
        <footer className="popup-footer">
          <button type="button" className="link-button" onClick={() => void popOut()}>
            Open in a window
          </button>
          <span className="muted"> stays open while MetaMask asks you to sign</span>
        </footer>
      )}
    </>
  );
}
