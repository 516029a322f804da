// `eth_signTypedData_v4` with MediCrypt's guards: the wallet must be on the domain's chain before it prompts,
// and the answer must be a 65-byte signature.
import { type Address, type Hex, isHex, size } from 'viem';
import { type Eip1193Provider, parseChainId } from './eip1193.ts';
import { WrongNetworkError, walletErrorFrom } from './errors.ts';

/**
 * Asks the wallet to sign typed data given as the JSON string `eth_signTypedData_v4` takes (see
 * typed-data-json.ts).
 * @throws WrongNetworkError before prompting when the wallet is on another chain than `chainId`;
 *   UserRejectedRequestError when the user rejects the request.
 */
export async function signTypedDataJson(
  provider: Eip1193Provider,
  { account, chainId, json }: { account: Address; chainId: number; json: string },
): Promise<Hex> {
  let signature: unknown;
  try {
    const walletChainId = parseChainId(await provider.request({ method: 'eth_chainId' }));
    if (walletChainId !== chainId) throw new WrongNetworkError(chainId, walletChainId);
    signature = await provider.request({ method: 'eth_signTypedData_v4', params: [account, json] });
  } catch (error) {
    throw walletErrorFrom(error, 'sign');
  }
  if (!isHex(signature) || size(signature) !== 65) {
    throw walletErrorFrom(new Error(`not a signature: ${String(signature)}`), 'sign');
  }
  return signature;
}
