// An in-memory EIP-1193 wallet for unit tests: scripted answers, recorded requests, emitted events.
import type { Address } from 'viem';
import type { Eip1193Provider, RequestArguments, WalletEvents } from '../wallet/eip1193.ts';
import { toHexChainId } from '../wallet/eip1193.ts';

type Handler = (params: RequestArguments['params']) => unknown;

/** An error shaped like the ones wallets throw: a message and an EIP-1193 / JSON-RPC code. */
export function rpcError(code: number, message = `error ${code}`): Error & { code: number } {
  return Object.assign(new Error(message), { code });
}

export interface FakeProviderOptions {
  accounts?: Address[];
  chainId?: number;
  /** Overrides per method; a handler that throws is a wallet error. */
  handlers?: Record<string, Handler>;
}

export class FakeProvider implements Eip1193Provider {
  accounts: Address[];
  chainId: number;
  handlers: Record<string, Handler>;
  readonly requests: RequestArguments[] = [];
  private readonly listeners = new Map<keyof WalletEvents, Set<(...args: never[]) => void>>();

  constructor({ accounts = [], chainId = 11155111, handlers = {} }: FakeProviderOptions = {}) {
    this.accounts = accounts;
    this.chainId = chainId;
    this.handlers = handlers;
  }

  async request(args: RequestArguments): Promise<unknown> {
    this.requests.push(args);
    const handler = this.handlers[args.method];
    if (handler) return handler(args.params);
    switch (args.method) {
      case 'eth_accounts':
      case 'eth_requestAccounts':
        return [...this.accounts];
      case 'eth_chainId':
        return toHexChainId(this.chainId);
      default:
        throw rpcError(4200, `unsupported: ${args.method}`);
    }
  }

  methods(): string[] {
    return this.requests.map((request) => request.method);
  }

  on<E extends keyof WalletEvents>(event: E, listener: WalletEvents[E]): this {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener as (...args: never[]) => void);
    return this;
  }

  removeListener<E extends keyof WalletEvents>(event: E, listener: WalletEvents[E]): this {
    this.listeners.get(event)?.delete(listener as (...args: never[]) => void);
    return this;
  }

  listenerCount(event: keyof WalletEvents): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  emit<E extends keyof WalletEvents>(event: E, ...args: Parameters<WalletEvents[E]>): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => void)(...args);
  }
}
