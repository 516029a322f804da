// The test wallet's provider in web pages (MAIN world), announced through EIP-6963 the way MetaMask announces
// itself — under the identity the service worker gives it (this test wallet, or MetaMask's `io.metamask` for the
// tests that need it), which arrives as the bridge's first message. Requests travel by window.postMessage to the
// wallet's bridge (src/bridge.ts, isolated world), which forwards them to the service worker on a port; the
// service worker answers exactly as it answers extensions.
import { BRIDGE_TARGET, INPAGE_TARGET, type ProviderInfo } from './protocol.ts';

type Listener = (...args: unknown[]) => void;

interface ProviderRpcError extends Error {
  code: number;
}

const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
const listeners = new Map<string, Set<Listener>>();
let nextId = 1;

const emit = (event: string, value: unknown) => {
  for (const listener of listeners.get(event) ?? []) listener(value);
};

let info: ProviderInfo | undefined;
// One uuid per page load, as EIP-6963 asks.
const uuid = crypto.randomUUID();

window.addEventListener('message', (event) => {
  if (event.source !== window || event.data?.target !== INPAGE_TARGET) return;
  if (event.data.info) {
    info ??= event.data.info as ProviderInfo;
    announce();
    return;
  }
  const data = event.data.data as {
    id?: number;
    method?: string;
    params?: unknown;
    result?: unknown;
    error?: { code: number; message: string };
  };
  if (data.id !== undefined && pending.has(data.id)) {
    const { resolve, reject } = pending.get(data.id)!;
    pending.delete(data.id);
    if (data.error)
      reject(Object.assign(new Error(data.error.message), { code: data.error.code }) as ProviderRpcError);
    else resolve(data.result);
  } else if (data.method === 'metamask_accountsChanged') emit('accountsChanged', data.params);
  else if (data.method === 'metamask_chainChanged')
    emit('chainChanged', (data.params as { chainId: string }).chainId);
});

const provider = Object.freeze({
  get isMetaMask() {
    return info?.rdns === 'io.metamask';
  },
  request({ method, params }: { method: string; params?: unknown }): Promise<unknown> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      window.postMessage({ target: BRIDGE_TARGET, data: { jsonrpc: '2.0', id, method, params } }, '*');
    });
  },
  on(event: string, listener: Listener) {
    if (!listeners.has(event)) listeners.set(event, new Set());
    listeners.get(event)!.add(listener);
    return provider;
  },
  removeListener(event: string, listener: Listener) {
    listeners.get(event)?.delete(listener);
    return provider;
  },
});

function announce() {
  if (!info) return;
  window.dispatchEvent(
    new CustomEvent('eip6963:announceProvider', {
      detail: Object.freeze({ info: Object.freeze({ ...info, uuid }), provider }),
    }),
  );
}
window.addEventListener('eip6963:requestProvider', announce);
