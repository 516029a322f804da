// A FakeProvider that signs like MetaMask with a viem local account: `personal_sign` of hex text and
// `eth_signTypedData_v4` of the JSON string (read back the way MetaMask reads it). Tests count its prompts and
// make the user reject the next one.
import type { Hex, LocalAccount } from 'viem';
import { parseTypedDataV4 } from '../../test/wallet-extension/src/typed-data.ts';
import { FakeProvider, rpcError } from './fake-provider.ts';

export interface SigningProvider extends FakeProvider {
  /** The next signature prompt is rejected (MetaMask error 4001). */
  rejectNext(): void;
  /** Signature prompts answered so far, by method. */
  prompts(): string[];
}

const PROMPTS = new Set(['personal_sign', 'eth_signTypedData_v4']);

export function signingProvider(account: LocalAccount, chainId = 11155111): SigningProvider {
  let reject = false;
  const provider = new FakeProvider({ accounts: [account.address], chainId }) as SigningProvider;
  const prompt = <T>(sign: () => Promise<T>) => {
    if (reject) {
      reject = false;
      return Promise.reject(rpcError(4001, 'MetaMask Tx Signature: User denied the request.'));
    }
    return sign();
  };
  provider.handlers.personal_sign = (params) => {
    const [message] = params as [Hex, string];
    return prompt(() => account.signMessage({ message: { raw: message } }));
  };
  provider.handlers.eth_signTypedData_v4 = (params) => {
    const [, json] = params as [string, string];
    return prompt(() => account.signTypedData(parseTypedDataV4(json).typedData));
  };
  provider.rejectNext = () => {
    reject = true;
  };
  provider.prompts = () => provider.methods().filter((method) => PROMPTS.has(method));
  return provider;
}
