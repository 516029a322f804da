// MediCrypt's wallet bridge in an EMR page's MAIN world, registered only on the sites the doctor enabled
// (doctor/overlay-registration.ts). It runs EIP-6963 discovery, where wallets announce themselves to pages, and
// relays the overlay's requests (doctor/page-wallet.ts) to the chosen provider. It holds nothing secret.
import { defineContentScript } from 'wxt/utils/define-content-script';
import {
  LIST_WALLETS,
  type PageWalletReply,
  type PageWalletRequest,
  TO_OVERLAY,
  TO_PAGE,
  type WalletInfo,
} from '../doctor/page-wallet-protocol.ts';

interface AnnouncedProvider {
  info: WalletInfo;
  provider: {
    request(args: { method: string; params?: unknown }): Promise<unknown>;
    on?(event: string, listener: (value: unknown) => void): unknown;
  };
}

export default defineContentScript({
  matches: [],
  registration: 'runtime',
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    const providers = new Map<string, AnnouncedProvider>();
    const reply = (message: PageWalletReply) => window.postMessage(message, '*');

    window.addEventListener('eip6963:announceProvider', (event) => {
      const detail = (event as CustomEvent<AnnouncedProvider>).detail;
      if (!detail?.info?.uuid || typeof detail.provider?.request !== 'function') return;
      if (providers.has(detail.info.uuid)) return;
      providers.set(detail.info.uuid, detail);
      for (const name of ['accountsChanged', 'chainChanged'] as const)
        detail.provider.on?.(name, (value) =>
          reply({ target: TO_OVERLAY, wallet: detail.info.uuid, event: name, value }),
        );
    });
    window.dispatchEvent(new Event('eip6963:requestProvider'));

    window.addEventListener('message', async (event) => {
      if (event.source !== window) return;
      const request = event.data as PageWalletRequest | undefined;
      if (request?.target !== TO_PAGE || typeof request.id !== 'string') return;
      const { id, method, params, wallet } = request;
      if (method === LIST_WALLETS) {
        // Late wallets announce in answer to a fresh request.
        window.dispatchEvent(new Event('eip6963:requestProvider'));
        const infos = [...providers.values()].map(({ info: { uuid, name, icon, rdns } }) => ({
          uuid,
          name,
          icon,
          rdns,
        }));
        return reply({ target: TO_OVERLAY, id, result: infos });
      }
      const chosen = wallet ? providers.get(wallet) : undefined;
      if (!chosen)
        return reply({
          target: TO_OVERLAY,
          id,
          error: { code: 4900, message: 'That wallet is no longer on this page.' },
        });
      try {
        const result = await chosen.provider.request(params === undefined ? { method } : { method, params });
        reply({ target: TO_OVERLAY, id, result });
      } catch (error) {
        const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
        reply({
          target: TO_OVERLAY,
          id,
          error: { code: typeof code === 'number' ? code : -32603, message: String(message ?? error) },
        });
      }
    });
  },
});
