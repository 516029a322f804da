import { useEffect } from 'react';
import { browser } from 'wxt/browser';
import { useSettings } from '../../hooks/use-settings.ts';
import { type OpenProvider, openMetaMask, useWallet } from '../../hooks/use-wallet.ts';
import { networks } from '../../settings/networks.ts';
import { markPopupInteractive } from './interactive-mark.ts';
import { WalletPanel } from './WalletPanel.tsx';

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
      </main>
    </>
  );
}
