// What the e2e tests and the test wallet agree on. The wallet's service worker exposes `testWallet`
// (TestWalletControl) on its global scope; tests call it with Playwright's `serviceWorker.evaluate`.
import type { Address, Hex } from 'viem';

/** MetaMask's provider substream: every frame on the port is `{ name: STREAM_NAME, data: <JSON-RPC> }`. */
export const STREAM_NAME = 'metamask-provider';

/** window.postMessage targets between the page provider (MAIN world) and the wallet's bridge (isolated). */
export const BRIDGE_TARGET = 'medicrypt-test-wallet:bridge';
export const INPAGE_TARGET = 'medicrypt-test-wallet:inpage';
/** The first frame the service worker sends on a page's port: the EIP-6963 info to announce. */
export const INFO_FRAME = 'medicrypt-test-wallet:info';

/** What the page provider announces through EIP-6963 (the uuid is fresh on every page load). */
export const PAGE_PROVIDER_INFO = {
  name: 'MediCrypt Test Wallet',
  rdns: 'org.medicrypt.test-wallet',
  icon: 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"%3E%3Ccircle cx="4" cy="4" r="4" fill="%23f6851b"/%3E%3C/svg%3E',
} as const;

/** MetaMask's own EIP-6963 identity, for the tests that need the wallet to be found as MetaMask. */
export const METAMASK_PROVIDER_INFO = {
  name: 'MetaMask',
  rdns: 'io.metamask',
  icon: PAGE_PROVIDER_INFO.icon,
} as const;

export type ProviderInfo = { name: string; rdns: string; icon: string };

export interface TestWalletConfig {
  /** The account's key; null leaves the wallet without an account. */
  privateKey: Hex | null;
  chainId: number;
  /** A locked wallet shares no account until `eth_requestAccounts` (the user unlocking). */
  locked: boolean;
  /** Answer the next request that needs the user (connect, sign, switch chain) with error 4001. */
  rejectNext: boolean;
  /** How the page provider announces itself over EIP-6963 (new pages read it when they load). */
  announceAs: 'test-wallet' | 'metamask';
}

/** What a test may change: the config, and (to test per-origin networks) single origins' networks. */
export type TestWalletChanges = Partial<TestWalletConfig> & { originChainIds?: Record<string, number> };

export interface TestWalletRequest {
  method: string;
  /** The caller's origin as MetaMask names it: chrome-extension://<id>, or the web page's origin. */
  sender: string;
  /** `flagged`: MetaMask would have shown it with a danger alert (a suspicious sign-in); refused here. */
  outcome: 'ok' | 'error' | 'flagged';
  code?: number;
  message?: string;
}

export interface TestWalletStatus extends Omit<TestWalletConfig, 'privateKey'> {
  address: Address | null;
  /** Origins the user connected (answered eth_requestAccounts for). */
  permitted: string[];
  /** Each connected origin's selected network. */
  originChains: Record<string, number>;
  /** Open provider connections, by origin. */
  connections: string[];
  /** Every request answered since start, oldest first. */
  requests: TestWalletRequest[];
}

export interface TestWalletControl {
  configure(changes: TestWalletChanges): Promise<TestWalletStatus>;
  status(): TestWalletStatus;
}

export type TestWalletScope = typeof globalThis & { testWallet: TestWalletControl };
