// What the overlay (isolated world) and MediCrypt's wallet bridge in the EMR page (MAIN world) say to each
// other over window.postMessage. The page can read and forge these messages like any other: nothing secret
// crosses (the overlay only asks for accounts, the chain and signatures of intents the doctor reads in the
// wallet), and every signature is verified by the relayer before anything is sent to the chain.

export const TO_PAGE = 'medicrypt:page-wallet';
export const TO_OVERLAY = 'medicrypt:overlay';

/** One EIP-6963 provider's description, as announced (EIP6963ProviderInfo). */
export interface WalletInfo {
  uuid: string;
  name: string;
  icon: string;
  rdns: string;
}

/** `wallet` is a WalletInfo uuid; method `medicrypt_wallets` (no wallet) lists the announced providers. */
export interface PageWalletRequest {
  target: typeof TO_PAGE;
  id: string;
  wallet?: string;
  method: string;
  params?: unknown;
}

export type PageWalletReply =
  | { target: typeof TO_OVERLAY; id: string; result: unknown }
  | { target: typeof TO_OVERLAY; id: string; error: { code: number; message: string } }
  | { target: typeof TO_OVERLAY; wallet: string; event: 'accountsChanged' | 'chainChanged'; value: unknown };

export const LIST_WALLETS = 'medicrypt_wallets';

/** MetaMask's reverse-DNS id: preferred when several wallets announce themselves. */
export const METAMASK_RDNS = 'io.metamask';

/** MetaMask first, then the first wallet that announced itself. */
export function preferredWallet(wallets: readonly WalletInfo[]): WalletInfo | undefined {
  return wallets.find((wallet) => wallet.rdns === METAMASK_RDNS) ?? wallets[0];
}
