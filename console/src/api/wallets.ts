// The wallets in this browser, found the way EIP-6963 says: listen for `eip6963:announceProvider`, then ask with
// `eip6963:requestProvider` (wallets that load later announce on their own). MetaMask and the other extension
// wallets announce themselves this way; one that only injects `window.ethereum` is offered as a fallback.

export interface Eip1193Provider {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

export interface WalletInfo {
  uuid: string;
  name: string;
  icon: string;
  rdns: string;
}

export interface Wallet {
  info: WalletInfo;
  provider: Eip1193Provider;
}

const METAMASK_RDNS = 'io.metamask';
const INJECTED: WalletInfo = { uuid: 'injected', name: 'Browser wallet', icon: '', rdns: 'window.ethereum' };

const isAnnouncement = (detail: unknown): detail is Wallet => {
  const { info, provider } = (detail ?? {}) as Partial<Wallet>;
  return (
    typeof info?.uuid === 'string' &&
    typeof info.name === 'string' &&
    typeof info.rdns === 'string' &&
    typeof provider?.request === 'function'
  );
};

/** MetaMask first, then the others in the order they announced. */
const ordered = (wallets: Wallet[]) =>
  [...wallets].sort((a, b) => Number(b.info.rdns === METAMASK_RDNS) - Number(a.info.rdns === METAMASK_RDNS));

/**
 * Calls `onChange` with the wallets found so far, each time one announces itself; answers a function that stops
 * listening. `window.ethereum` is included only while no wallet has announced itself.
 */
export function watchWallets(onChange: (wallets: Wallet[]) => void): () => void {
  const announced = new Map<string, Wallet>();
  const publish = () => {
    const injected = (window as unknown as { ethereum?: Eip1193Provider }).ethereum;
    const wallets =
      announced.size > 0 || typeof injected?.request !== 'function'
        ? ordered([...announced.values()])
        : [{ info: INJECTED, provider: injected }];
    onChange(wallets);
  };
  const onAnnounce = (event: Event) => {
    const detail = (event as CustomEvent<unknown>).detail;
    if (!isAnnouncement(detail) || announced.has(detail.info.uuid)) return;
    announced.set(detail.info.uuid, { info: { ...detail.info }, provider: detail.provider });
    publish();
  };
  window.addEventListener('eip6963:announceProvider', onAnnounce);
  window.dispatchEvent(new Event('eip6963:requestProvider'));
  publish();
  return () => window.removeEventListener('eip6963:announceProvider', onAnnounce);
}
