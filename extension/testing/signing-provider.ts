// A FakeProvider that signs like MetaMask with a viem local account: `personal_sign` of hex text and
// `eth_signTypedData_v4` of the JSON string, each first through the checks MetaMask applies (the strict test
// wallet's: SIWE origin and account, EIP-712 schema, the domain's chain), so a unit test that sends what
// MetaMask would refuse or flag fails. Tests count its prompts and make the user reject the next one.
import { SignTypedDataVersion, TypedDataUtils } from '@metamask/eth-sig-util';
import { bytesToHex, type Hex, type LocalAccount } from 'viem';
import { checkPersonalSign, checkTypedData } from '../../test/wallet-extension/src/metamask-checks.ts';
import { FakeProvider, rpcError } from './fake-provider.ts';

export interface SigningProvider extends FakeProvider {
  /** The next signature prompt is rejected (MetaMask error 4001). */
  rejectNext(): void;
  /** Signature prompts answered so far, by method. */
  prompts(): string[];
}

const PROMPTS = new Set(['personal_sign', 'eth_signTypedData_v4']);

/**
 * @param origin The origin MetaMask would give the requests: the page's own (`location.origin`) by default.
 */
export function signingProvider(
  account: LocalAccount,
  chainId = 11155111,
  origin = globalThis.location.origin,
): SigningProvider {
  let reject = false;
  const provider = new FakeProvider({ accounts: [account.address], chainId }) as SigningProvider;
  const prompt = <T>(check: () => void, sign: () => Promise<T>) => {
    try {
      check();
    } catch (error) {
      const { code, message } = error as { code: number; message: string };
      return Promise.reject(rpcError(code, message));
    }
    if (reject) {
      reject = false;
      return Promise.reject(rpcError(4001, 'MetaMask Tx Signature: User denied the request.'));
    }
    return sign();
  };
  provider.handlers.personal_sign = (params) => {
    const [message, from] = params as [Hex, string];
    return prompt(
      () => checkPersonalSign({ origin, data: message, from }),
      () => account.signMessage({ message: { raw: message } }),
    );
  };
  provider.handlers.eth_signTypedData_v4 = (params) => {
    const [from, json] = params as [string, string];
    let typedData: ReturnType<typeof checkTypedData> | undefined;
    return prompt(
      () => {
        typedData = checkTypedData({
          origin,
          from,
          data: json,
          currentChainId: `0x${chainId.toString(16)}`,
          internalAccounts: [account.address],
        });
      },
      // The digest eth-sig-util computes, as MetaMask's keyring does (it differs from viem's when the JSON
      // leaves EIP712Domain out of its types).
      () =>
        account.sign!({
          hash: bytesToHex(TypedDataUtils.eip712Hash(typedData as never, SignTypedDataVersion.V4)),
        }),
    );
  };
  provider.rejectNext = () => {
    reject = true;
  };
  provider.prompts = () => provider.methods().filter((method) => PROMPTS.has(method));
  return provider;
}
