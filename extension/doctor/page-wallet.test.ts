// The overlay's page wallet against the real bridge script's protocol: the MAIN-world side is played here by
// a listener that answers as entrypoints/emr-wallet.content.ts does.
import { afterEach, describe, expect, it } from 'vitest';
import { NoPageWalletError, PageWallet } from './page-wallet.ts';
import {
  LIST_WALLETS,
  type PageWalletRequest,
  TO_OVERLAY,
  TO_PAGE,
  type WalletInfo,
} from './page-wallet-protocol.ts';

const metamask: WalletInfo = { uuid: 'mm', name: 'MetaMask', icon: 'data:,', rdns: 'io.metamask' };
const other: WalletInfo = { uuid: 'ot', name: 'Other', icon: 'data:,', rdns: 'com.other' };

let stop: (() => void) | undefined;

/** A message from the page itself (a browser sets `source` to the window; happy-dom's postMessage does not). */
const fromPage = (data: unknown) =>
  setTimeout(() => window.dispatchEvent(new MessageEvent('message', { data, source: window })));
afterEach(() => stop?.());

/** Answers like the bridge: lists `wallets`, and answers each wallet's requests with `answer`. */
function bridge(wallets: WalletInfo[], answer: (request: PageWalletRequest) => unknown) {
  const seen: PageWalletRequest[] = [];
  const listener = (event: MessageEvent) => {
    const request = event.data as PageWalletRequest;
    if (request?.target !== TO_PAGE) return;
    seen.push(request);
    const reply =
      request.method === LIST_WALLETS
        ? { target: TO_OVERLAY, id: request.id, result: wallets }
        : { target: TO_OVERLAY, id: request.id, ...(answer(request) as object) };
    fromPage(reply);
  };
  window.addEventListener('message', listener);
  stop = () => window.removeEventListener('message', listener);
  return seen;
}

describe('the wallet the EMR page discovered (EIP-6963)', () => {
  it('prefers MetaMask among the announced wallets and relays requests to it', async () => {
    const seen = bridge([other, metamask], (request) => ({ result: `${request.wallet}:${request.method}` }));
    const wallet = await PageWallet.discover(window);
    expect(wallet.info?.name).toBe('MetaMask');
    expect(await wallet.request({ method: 'eth_chainId' })).toBe('mm:eth_chainId');
    expect(seen.at(-1)).toMatchObject({ wallet: 'mm', method: 'eth_chainId' });
    wallet.close();
  });

  it('keeps the wallet’s error code, so a rejection reads as a rejection', async () => {
    bridge([other], () => ({ error: { code: 4001, message: 'User rejected the request.' } }));
    const wallet = await PageWallet.discover(window);
    await expect(wallet.request({ method: 'eth_signTypedData_v4' })).rejects.toMatchObject({ code: 4001 });
    wallet.close();
  });

  it('passes on the wallet’s account changes', async () => {
    bridge([metamask], () => ({ result: null }));
    const wallet = await PageWallet.discover(window);
    const changes: string[][] = [];
    wallet.on('accountsChanged', (accounts) => changes.push(accounts));
    fromPage({ target: TO_OVERLAY, wallet: 'ot', event: 'accountsChanged', value: ['0xother'] });
    fromPage({ target: TO_OVERLAY, wallet: 'mm', event: 'accountsChanged', value: ['0xabc'] });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(changes).toEqual([['0xabc']]);
    wallet.close();
  });

  it('says so when no wallet announced itself', async () => {
    bridge([], () => ({}));
    await expect(PageWallet.discover(window)).rejects.toThrow(NoPageWalletError);
  });
});
