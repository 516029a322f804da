// Runs inside MediCrypt's popup page (injected by the e2e test): MediCrypt's own wallet module, driven
// over the same chrome.runtime port to the wallet that the popup uses.
import type { IntentContext, IntentMessage } from '@medicrypt/contracts';
import type { Address } from 'viem';
import { signInMessage } from '../../../extension/patient/sign-in-message.ts';
import { networks } from '../../../extension/settings/networks.ts';
import { WalletError } from '../../../extension/wallet/errors.ts';
import { openMetaMaskProvider } from '../../../extension/wallet/metamask-provider.ts';
import { signIntent } from '../../../extension/wallet/sign-intent.ts';
import { addChainParameters } from '../../../extension/wallet/switch-chain.ts';

/** approveAccess fields as JSON can carry them: the uint64 category mask as a decimal string. */
export type ApproveAccessJson = Omit<IntentMessage<'approveAccess'>, 'categories'> & { categories: string };

export interface ProbeSignParameters {
  extensionId: string;
  account: Address;
  context: IntentContext;
  message: ApproveAccessJson;
}

export type ProbeResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: { name: string; code: string | undefined; message: string } };

export interface WalletProbe {
  signApproveAccess(
    parameters: ProbeSignParameters,
  ): Promise<ProbeResult<Awaited<ReturnType<typeof signIntent<'approveAccess'>>>>>;
  /** A raw request to the wallet from this page, as MediCrypt's provider sends it. */
  request(parameters: {
    extensionId: string;
    method: string;
    params?: unknown[];
  }): Promise<{ ok: true; value: unknown } | { ok: false; error: { code: number; message: string } }>;
  /** The wallet_addEthereumChain parameter MediCrypt sends for each network it knows. */
  addChainParameters(): unknown[];
  /** The sign-in message MediCrypt's popup writes on this page. */
  signInMessage(parameters: { account: Address; chainId: number; nonce: string }): string;
}

export type WalletProbeScope = typeof globalThis & { walletProbe: WalletProbe };

(globalThis as WalletProbeScope).walletProbe = {
  async signApproveAccess({ extensionId, account, context, message }) {
    try {
      const provider = await openMetaMaskProvider({ extensionId });
      const value = await signIntent(provider, {
        account,
        context,
        name: 'approveAccess',
        message: { ...message, categories: BigInt(message.categories) },
      });
      return { ok: true, value };
    } catch (error) {
      const code = error instanceof WalletError ? error.code : undefined;
      const { name, message: text } =
        error instanceof Error ? error : { name: 'Error', message: String(error) };
      return { ok: false, error: { name, code, message: text } };
    }
  },
  async request({ extensionId, method, params }) {
    const provider = await openMetaMaskProvider({ extensionId });
    try {
      return { ok: true, value: await provider.request({ method, params }) };
    } catch (error) {
      const { code, message } = error as { code: number; message: string };
      return { ok: false, error: { code, message } };
    }
  },
  addChainParameters() {
    return Object.values(networks).map(addChainParameters);
  },
  signInMessage({ account, chainId, nonce }) {
    return signInMessage({ account, chainId, nonce, pageUrl: location.href, now: new Date() });
  },
};
