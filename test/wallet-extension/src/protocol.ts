// What the e2e tests and the test wallet agree on. The wallet's service worker exposes `testWallet`
// (TestWalletControl) on its global scope; tests call it with Playwright's `serviceWorker.evaluate`.
import type { Address, Hex } from 'viem';

/** MetaMask's provider substream: every frame on the port is `{ name: STREAM_NAME, data: <JSON-RPC> }`. */
export const STREAM_NAME = 'metamask-provider';

/** window.postMessage targets between the page provider (MAIN world) and the wallet's bridge (isolated). */
export const BRIDGE_TARGET = 'medicrypt-test-wallet:bridge';
export const INPAGE_TARGET = 'medicrypt-test-wallet:inpage';

/** What the page provider announces through EIP-6963 (the uuid is fresh on every page load). */
export const PAGE_PROVIDER_INFO = {
  name: 'MediCrypt Test Wallet',
  rdns: 'org.medicrypt.test-wallet',
  icon: 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"%3E%3Ccircle cx="4" cy="4" r="4" fill="%23f6851b"/%3E%3C/svg%3E',
} as const;

export interface TestWalletConfig {
  /** The account's key; null leaves the wallet without an account. */
  privateKey: Hex | null;
  chainId: number;
  /** A locked wallet shares no account until `eth_requestAccounts` (the user unlocking). */
  locked: boolean;
  /** Answer the next request that needs the user (connect, sign, switch chain) with error 4001. */
  rejectNext: boolean;
}

export interface TestWalletRequest {
  method: string;
  /** Extension id of the caller, or the origin of the web page that asked through the page provider. */
  sender: string;
  outcome: 'ok' | 'error';
}

export interface TestWalletStatus extends Omit<TestWalletConfig, 'privateKey'> {
  address: Address | null;
  /** Extensions the user connected (answered eth_requestAccounts for). */
  permitted: string[];
  /** Open provider connections, by extension id. */
  connections: string[];
  /** Every request answered since start, oldest first. */
  requests: TestWalletRequest[];
}

export interface TestWalletControl {
  configure(changes: Partial<TestWalletConfig>): Promise<TestWalletStatus>;
  status(): TestWalletStatus;
}

export type TestWalletScope = typeof globalThis & { testWallet: TestWalletControl };
