// MetaMask as seen from another extension: a port to MetaMask's background, speaking its provider protocol.
import './polyfills.ts';
import { createExternalExtensionProvider } from '@metamask/providers';
import type { Eip1193Provider } from './eip1193.ts';
import { WalletNotFoundError } from './errors.ts';

export interface OpenMetaMaskProviderParameters {
  /** MetaMask's extension id (or a compatible wallet's). */
  extensionId: string;
  /** How long to wait for the wallet's first answer before calling it missing. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 3_000;

/**
 * Connects to the wallet extension and waits until it has answered `metamask_getProviderState`.
 * @throws WalletNotFoundError when the extension is not installed, disabled, or does not answer in time.
 */
export async function openMetaMaskProvider({
  extensionId,
  timeoutMs = DEFAULT_TIMEOUT_MS,
}: OpenMetaMaskProviderParameters): Promise<Eip1193Provider> {
  let provider: ReturnType<typeof createExternalExtensionProvider>;
  try {
    provider = createExternalExtensionProvider(extensionId);
  } catch (error) {
    throw new WalletNotFoundError(extensionId, { cause: error });
  }
  // An extension that is not there closes the port at once ("Receiving end does not exist"), which the
  // provider reports as `disconnect`; one that is there answers the state request first.
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: unknown) => {
      clearTimeout(timer);
      provider.removeListener('_initialized', onInitialized);
      provider.removeListener('disconnect', onDisconnect);
      if (error === undefined) resolve();
      else reject(new WalletNotFoundError(extensionId, { cause: error }));
    };
    const onInitialized = () => (provider.isConnected() ? settle() : settle(new Error('not connected')));
    const onDisconnect = (error: unknown) => settle(error ?? new Error('disconnected'));
    const timer = setTimeout(() => settle(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
    provider.on('_initialized', onInitialized);
    provider.on('disconnect', onDisconnect);
  });
  return provider;
}

/**
 * Connects to the first of `extensionIds` that answers (see walletIdsToTry: MetaMask from Edge's store, then the
 * Chrome Web Store's, in Edge).
 * @throws the first id's WalletNotFoundError when none answers.
 */
export async function openFirstWalletProvider(
  extensionIds: string[],
  timeoutMs?: number,
): Promise<Eip1193Provider> {
  let firstMissing: WalletNotFoundError | undefined;
  for (const extensionId of extensionIds) {
    try {
      return await openMetaMaskProvider({ extensionId, timeoutMs });
    } catch (error) {
      if (!(error instanceof WalletNotFoundError)) throw error;
      firstMissing ??= error;
    }
  }
  throw firstMissing ?? new WalletNotFoundError('');
}
