// A wallet for e2e tests, as strict as MetaMask: answers MetaMask's external provider protocol
// (chrome.runtime.connect from another extension) and, through its EIP-6963 page provider, web pages; and lets
// the test drive everything a user would do in MetaMask. Every request goes through MetaMask's own checks
// (metamask-checks.ts, chain-params.ts): a request MetaMask would refuse is refused with MetaMask's error, and one
// it would show with a danger alert (a suspicious sign-in) is refused too, so the e2e test that sent it fails.
// Like MetaMask it names each caller by origin (`new URL(sender.url).origin`: chrome-extension://<id> for an
// extension, the page's origin for a web page), keeps a selected network per origin, knows its built-in networks
// and those added with wallet_addEthereumChain (4902 for any other), and signs typed data with eth-sig-util.
import './buffer-global.ts';
import { SignTypedDataVersion, signTypedData } from '@metamask/eth-sig-util';
import { type Address, getAddress, type Hex, hexToBytes } from 'viem';
import { type LocalAccount, privateKeyToAccount } from 'viem/accounts';
import { validateAddEthereumChainParams, validateSwitchEthereumChainParams } from './chain-params.ts';
import { chrome, type Port } from './chrome.ts';
import { checkPersonalSign, checkTypedData, MetaMaskRefusal } from './metamask-checks.ts';
import {
  INFO_FRAME,
  METAMASK_PROVIDER_INFO,
  PAGE_PROVIDER_INFO,
  STREAM_NAME,
  type TestWalletChanges,
  type TestWalletConfig,
  type TestWalletRequest,
  type TestWalletScope,
  type TestWalletStatus,
} from './protocol.ts';

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

/** MetaMask's built-in networks (it switches to these without wallet_addEthereumChain). */
const BUILT_IN_CHAINS = [1, 11155111, 59144, 59141];

interface PersistedState {
  config: TestWalletConfig;
  permitted: string[];
  /** Each connected origin's selected network (MetaMask's SelectedNetworkController). */
  originChains: Record<string, number>;
  /** Networks added with wallet_addEthereumChain. */
  addedChains: number[];
}

let state: PersistedState = {
  config: {
    privateKey: null,
    chainId: 11155111,
    locked: false,
    rejectNext: false,
    announceAs: 'test-wallet',
  },
  permitted: [],
  originChains: {},
  addedChains: [],
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

/** The origin's selected network: its own once it connected, else the wallet's. */
const chainOf = (origin: string) => state.originChains[origin] ?? state.config.chainId;
const hexChainId = (origin: string) => `0x${chainOf(origin).toString(16)}`;
const knows = (chainId: number) => BUILT_IN_CHAINS.includes(chainId) || state.addedChains.includes(chainId);
/** Who is asking, as MetaMask names it: the origin of the sender's URL (an extension page, a web page). */
const senderOf = (port: Port) => {
  const { url, origin } = port.sender ?? {};
  if (origin && origin !== 'null') return origin;
  return url ? new URL(url).origin : 'unknown';
};

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
  notifyAll('metamask_chainChanged', (port) => ({
    chainId: hexChainId(senderOf(port)),
    networkVersion: String(chainOf(senderOf(port))),
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

/** MetaMask's answer to wallet_switchEthereumChain for a chain it does not know. */
const unrecognisedChain = (chainId: string) =>
  new MetaMaskRefusal(
    4902,
    `Unrecognized chain ID "${chainId}". Try adding the chain using wallet_addEthereumChain first.`,
  );

/** Moves `origin` (and, as MetaMask's switch does, the wallet) to `chainId`, after the user's approval. */
async function switchTo(origin: string, chainId: number) {
  if (chainOf(origin) === chainId) return null;
  if (!userApproves()) throw userRejected();
  state.config.chainId = chainId;
  if (state.permitted.includes(origin)) state.originChains[origin] = chainId;
  await persist();
  notifyChain();
  return null;
}

async function handle(sender: string, method: string, params: unknown): Promise<unknown> {
  const list = Array.isArray(params) ? params : [];
  switch (method) {
    case 'metamask_getProviderState':
      return {
        accounts: accountsFor(sender),
        chainId: hexChainId(sender),
        networkVersion: String(chainOf(sender)),
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
      // A newly connected origin starts on the wallet's network and keeps its own from then on.
      state.originChains[sender] ??= state.config.chainId;
      await persist();
      notifyAccounts();
      return accountsFor(sender);
    }
    case 'eth_chainId':
      return hexChainId(sender);
    case 'net_version':
      return String(chainOf(sender));
    case 'eth_signTypedData_v4': {
      const signer = signerFor(sender, list[0]);
      const typedData = checkTypedData({
        origin: sender,
        from: list[0],
        data: list[1],
        currentChainId: hexChainId(sender),
        internalAccounts: account ? [account.address] : [],
      });
      if (!userApproves()) throw userRejected();
      await persist();
      // eth-sig-util signs, as MetaMask's keyring does.
      if (!signer) throw unauthorised();
      return signTypedData({
        privateKey: Buffer.from(hexToBytes(state.config.privateKey as Hex)),
        data: typedData as never,
        version: SignTypedDataVersion.V4,
      });
    }
    case 'personal_sign': {
      const [data, from] = list;
      const signer = signerFor(sender, from);
      const checked = checkPersonalSign({ origin: sender, data, from });
      if (!userApproves()) throw userRejected();
      await persist();
      return signer.signMessage({ message: { raw: checked.data } });
    }
    case 'wallet_switchEthereumChain': {
      const chainId = validateSwitchEthereumChainParams(params);
      if (!knows(Number.parseInt(chainId, 16))) throw unrecognisedChain(chainId);
      return switchTo(sender, Number.parseInt(chainId, 16));
    }
    case 'wallet_addEthereumChain': {
      const chain = validateAddEthereumChainParams(params);
      const chainId = Number.parseInt(chain.chainId, 16);
      if (!knows(chainId)) {
        if (!userApproves()) throw userRejected();
        state.addedChains.push(chainId);
        await persist();
      }
      // MetaMask then offers to switch to it; declining the switch still answers null.
      try {
        return await switchTo(sender, chainId);
      } catch (error) {
        if (error instanceof RpcError && error.code === 4001) return null;
        throw error;
      }
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
    const { code, message } =
      error instanceof RpcError || error instanceof MetaMaskRefusal
        ? error
        : { code: -32603, message: error instanceof Error ? error.message : String(error) };
    // A request MetaMask would show with a danger alert is "flagged": the tests look for these.
    const flagged = error instanceof MetaMaskRefusal && error.alert;
    requests.push({ method: data.method, sender, outcome: flagged ? 'flagged' : 'error', code, message });
    const answer = flagged ? `MetaMask would warn before signing this. ${message}` : message;
    if (data.id !== undefined) send(port, { jsonrpc: '2.0', id: data.id, error: { code, message: answer } });
    if (data.id !== undefined) send(port, { jsonrpc: '2.0', id: data.id, error: { code, message } });
  }
}

const serve = (port: Port) => {
  ports.add(port);
  port.onMessage.addListener((frame) => void onFrame(port, frame));
  port.onDisconnect.addListener(() => ports.delete(port));
};
chrome.runtime.onConnectExternal.addListener(serve);
// The page provider's bridge, one port per page: the page's origin is the caller. It first learns how to
// announce itself over EIP-6963 (as this test wallet, or as MetaMask for the tests that need it).
chrome.runtime.onConnect.addListener((port) => {
  serve(port);
  void restored.then(() =>
    port.postMessage({
      name: INFO_FRAME,
      data: state.config.announceAs === 'metamask' ? METAMASK_PROVIDER_INFO : PAGE_PROVIDER_INFO,
    }),
  );
});

function status(): TestWalletStatus {
  const { privateKey: _, ...config } = state.config;
  return {
    ...config,
    address: account?.address ?? null,
    permitted: [...state.permitted],
    originChains: { ...state.originChains },
    connections: [...ports].map(senderOf),
    requests: [...requests],
  };
}

(globalThis as TestWalletScope).testWallet = {
  async configure(changes: TestWalletChanges) {
    await restored;
    const before = { address: account?.address, locked: state.config.locked, chainId: state.config.chainId };
    const { originChainIds, ...config } = changes;
    // The user switching MetaMask's network: every origin follows, unless the test names origins.
    const originChains =
      originChainIds ??
      (config.chainId === undefined
        ? state.originChains
        : Object.fromEntries(Object.keys(state.originChains).map((origin) => [origin, config.chainId!])));
    applyState({
      ...state,
      config: { ...state.config, ...config },
      originChains: { ...state.originChains, ...originChains },
    });
    await persist();
    if (before.address !== account?.address || before.locked !== state.config.locked) notifyAccounts();
    if (before.chainId !== state.config.chainId || originChainIds) notifyChain();
    return status();
  },
  status,
};
