// A wallet for e2e tests: answers MetaMask's external provider protocol (chrome.runtime.connect from another
// extension) and, through its EIP-6963 page provider, web pages, with a viem local account; and lets the test
// drive everything a user would do in MetaMask.
import { type Address, getAddress, isHex } from 'viem';
import { type LocalAccount, privateKeyToAccount } from 'viem/accounts';
import { chrome, type Port } from './chrome.ts';
import {
  STREAM_NAME,
  type TestWalletConfig,
  type TestWalletRequest,
  type TestWalletScope,
  type TestWalletStatus,
} from './protocol.ts';
import { parseTypedDataV4 } from './typed-data.ts';

interface JsonRpcRequest {
  id: string | number | null;
  jsonrpc: '2.0';
  method: string;
  params?: unknown;
}

class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const userRejected = () => new RpcError(4001, 'MetaMask Tx Signature: User denied the request.');
const unauthorised = () => new RpcError(4100, 'The requested account and/or method has not been authorized.');

// chrome.storage.session keeps the test's settings across service worker restarts within one browser run.
const STORAGE_KEY = 'testWallet';

interface PersistedState {
  config: TestWalletConfig;
  permitted: string[];
}

let state: PersistedState = {
  config: { privateKey: null, chainId: 11155111, locked: false, rejectNext: false },
  permitted: [],
};
let account: LocalAccount | null = null;
const ports = new Set<Port>();
const requests: TestWalletRequest[] = [];

const restored = chrome.storage.session.get(STORAGE_KEY).then((stored) => {
  const saved = stored[STORAGE_KEY] as PersistedState | undefined;
  if (saved) applyState(saved);
});

function applyState(next: PersistedState) {
  state = next;
  account = next.config.privateKey ? privateKeyToAccount(next.config.privateKey) : null;
}

async function persist() {
  await chrome.storage.session.set({ [STORAGE_KEY]: state });
}

const hexChainId = () => `0x${state.config.chainId.toString(16)}`;
/** Who is asking: another extension by its id, a web page (through our bridge) by its origin. */
const pagePorts = new WeakSet<Port>();
const senderOf = (port: Port) => (pagePorts.has(port) ? port.sender?.origin : port.sender?.id) ?? 'unknown';

/** What MetaMask shares with a caller: its account when unlocked and the caller is connected. */
function accountsFor(sender: string): Address[] {
  if (!account || state.config.locked || !state.permitted.includes(sender)) return [];
  return [account.address];
}

function send(port: Port, data: unknown) {
  try {
    port.postMessage({ name: STREAM_NAME, data });
  } catch {
    ports.delete(port);
  }
}

function notifyAll(method: string, params: (port: Port) => unknown) {
  for (const port of ports) send(port, { jsonrpc: '2.0', method, params: params(port) });
}

const notifyAccounts = () => notifyAll('metamask_accountsChanged', (port) => accountsFor(senderOf(port)));
const notifyChain = () =>
  notifyAll('metamask_chainChanged', () => ({
    chainId: hexChainId(),
    networkVersion: String(state.config.chainId),
    isConnected: true,
  }));

/** Stands in for the user's answer to a MetaMask prompt. */
function userApproves() {
  if (!state.config.rejectNext) return true;
  state.config.rejectNext = false;
  return false;
}

function signerFor(sender: string, address: unknown): LocalAccount {
  const [shared] = accountsFor(sender);
  if (!account || !shared || typeof address !== 'string' || getAddress(address) !== shared)
    throw unauthorised();
  return account;
}

async function handle(sender: string, method: string, params: unknown): Promise<unknown> {
  const list = Array.isArray(params) ? params : [];
  switch (method) {
    case 'metamask_getProviderState':
      return {
        accounts: accountsFor(sender),
        chainId: hexChainId(),
        networkVersion: String(state.config.chainId),
        isConnected: true,
        isUnlocked: !state.config.locked,
      };
    case 'eth_accounts':
      return accountsFor(sender);
    case 'eth_requestAccounts': {
      // As MetaMask: a caller already connected to the unlocked wallet gets its account without a prompt.
      if (accountsFor(sender).length > 0) return accountsFor(sender);
      if (!userApproves()) throw userRejected();
      if (!account) throw new RpcError(-32603, 'The wallet has no account.');
      state.config.locked = false;
      if (!state.permitted.includes(sender)) state.permitted.push(sender);
      await persist();
      notifyAccounts();
      return accountsFor(sender);
    }
    case 'eth_chainId':
      return hexChainId();
    case 'net_version':
      return String(state.config.chainId);
    case 'eth_signTypedData_v4': {
      const signer = signerFor(sender, list[0]);
      const { typedData, chainId } = parseTypedDataV4(list[1]);
      if (chainId !== undefined && chainId !== state.config.chainId) {
        throw new RpcError(
          -32603,
          `Provided chainId "${chainId}" must match the active chainId "${state.config.chainId}"`,
        );
      }
      if (!userApproves()) throw userRejected();
      await persist();
      return signer.signTypedData(typedData);
    }
    case 'personal_sign': {
      const [message, address] = list;
      const signer = signerFor(sender, address);
      if (!isHex(message)) throw new RpcError(-32602, 'personal_sign takes a hex message.');
      if (!userApproves()) throw userRejected();
      await persist();
      return signer.signMessage({ message: { raw: message } });
    }
    case 'wallet_switchEthereumChain': {
      const chainId = (list[0] as { chainId?: unknown } | undefined)?.chainId;
      if (typeof chainId !== 'string' || !isHex(chainId)) throw new RpcError(-32602, 'Expected { chainId }.');
      if (!userApproves()) throw userRejected();
      state.config.chainId = Number.parseInt(chainId, 16);
      await persist();
      notifyChain();
      return null;
    }
    default:
      throw new RpcError(4200, `The test wallet does not support ${method}.`);
  }
}

async function onFrame(port: Port, frame: unknown) {
  const { name, data } = (frame ?? {}) as { name?: unknown; data?: JsonRpcRequest };
  if (name !== STREAM_NAME || !data || typeof data.method !== 'string') return;
  await restored;
  const sender = senderOf(port);
  try {
    const result = await handle(sender, data.method, data.params);
    requests.push({ method: data.method, sender, outcome: 'ok' });
    if (data.id !== undefined) send(port, { jsonrpc: '2.0', id: data.id, result });
  } catch (error) {
    requests.push({ method: data.method, sender, outcome: 'error' });
    const { code, message } =
      error instanceof RpcError
        ? error
        : { code: -32603, message: error instanceof Error ? error.message : String(error) };
    if (data.id !== undefined) send(port, { jsonrpc: '2.0', id: data.id, error: { code, message } });
  }
}

const serve = (port: Port) => {
  ports.add(port);
  port.onMessage.addListener((frame) => void onFrame(port, frame));
  port.onDisconnect.addListener(() => ports.delete(port));
};
chrome.runtime.onConnectExternal.addListener(serve);
// The page provider's bridge, one port per page: the page's origin is the caller.
chrome.runtime.onConnect.addListener((port) => {
  pagePorts.add(port);
  serve(port);
});

function status(): TestWalletStatus {
  const { privateKey: _, ...config } = state.config;
  return {
    ...config,
    address: account?.address ?? null,
    permitted: [...state.permitted],
    connections: [...ports].map(senderOf),
    requests: [...requests],
  };
}

(globalThis as TestWalletScope).testWallet = {
  async configure(changes: Partial<TestWalletConfig>) {
    await restored;
    const before = { address: account?.address, locked: state.config.locked, chainId: state.config.chainId };
    applyState({ ...state, config: { ...state.config, ...changes } });
    await persist();
    if (before.address !== account?.address || before.locked !== state.config.locked) notifyAccounts();
    if (before.chainId !== state.config.chainId) notifyChain();
    return status();
  },
  status,
};
