// The doctor's wallet as the EMR page sees it (EIP-6963), reached from the overlay through MediCrypt's bridge
// in the page's MAIN world (entrypoints/emr-wallet.content.ts). It is an Eip1193Provider, so the overlay signs
// intents with the same code as the popup.
import type { Eip1193Provider, RequestArguments, WalletEvents } from '../wallet/eip1193.ts';
import {
  LIST_WALLETS,
  type PageWalletReply,
  type PageWalletRequest,
  preferredWallet,
  TO_OVERLAY,
  TO_PAGE,
  type WalletInfo,
} from './page-wallet-protocol.ts';

export class NoPageWalletError extends Error {
  override name = 'NoPageWalletError';
  readonly code = 'WALLET_NOT_FOUND';
  readonly shortMessage =
    'No wallet announced itself on this page (EIP-6963). Install or enable MetaMask, then reload the page.';
}

/** Announcements arrive within a few ms of the request (EIP-6963 is synchronous in every wallet we know). */
const DISCOVERY_MS = 500;

type Pending = { resolve(value: unknown): void; reject(error: unknown): void };

export class PageWallet implements Eip1193Provider {
  private readonly pending = new Map<string, Pending>();
  private readonly listeners = new Map<string, Set<(value: never) => void>>();

  private constructor(
    private readonly target: Window,
    readonly info: WalletInfo | undefined,
  ) {
    target.addEventListener('message', this.onMessage);
  }

  /**
   * Finds the wallets the page's EIP-6963 discovery announced and picks MetaMask, else the first one.
   * @throws NoPageWalletError when no wallet announced itself.
   */
  static async discover(target: Window = window): Promise<PageWallet> {
    const lister = new PageWallet(target, undefined);
    let wallets: WalletInfo[] = [];
    try {
      wallets = (await lister.call(LIST_WALLETS, undefined, DISCOVERY_MS)) as WalletInfo[];
    } finally {
      lister.close();
    }
    const chosen = preferredWallet(wallets);
    if (!chosen) throw new NoPageWalletError();
    return new PageWallet(target, chosen);
  }

  request({ method, params }: RequestArguments): Promise<unknown> {
    return this.call(method, params);
  }

  on<E extends keyof WalletEvents>(event: E, listener: WalletEvents[E]): this {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(listener as (value: never) => void);
    return this;
  }

  removeListener<E extends keyof WalletEvents>(event: E, listener: WalletEvents[E]): this {
    this.listeners.get(event)?.delete(listener as (value: never) => void);
    return this;
  }

  close(): void {
    this.target.removeEventListener('message', this.onMessage);
    for (const { reject } of this.pending.values()) reject(new Error('the page wallet was closed'));
    this.pending.clear();
  }

  private call(method: string, params: unknown, timeoutMs?: number): Promise<unknown> {
    const id = crypto.randomUUID();
    const request: PageWalletRequest = { target: TO_PAGE, id, wallet: this.info?.uuid, method, params };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (timeoutMs !== undefined)
        setTimeout(() => {
          if (this.pending.delete(id)) resolve([]);
        }, timeoutMs);
      this.target.postMessage(request, '*');
    });
  }

  private readonly onMessage = (event: MessageEvent) => {
    if (event.source !== this.target) return;
    const reply = event.data as PageWalletReply | undefined;
    if (reply?.target !== TO_OVERLAY) return;
    if ('event' in reply) {
      if (reply.wallet !== this.info?.uuid) return;
      for (const listener of this.listeners.get(reply.event) ?? []) listener(reply.value as never);
      return;
    }
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if ('error' in reply)
      pending.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
    else pending.resolve(reply.result);
  };
}
