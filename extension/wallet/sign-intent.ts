// Signing a MediCrypt intent in the wallet: the result is exactly what the relayer's POST /v1/intents takes.
import { encodeIntent, type IntentContext, type IntentMessage, type IntentName } from '@medicrypt/contracts';
import { type Address, type Hex, isHex, size } from 'viem';
import { type Eip1193Provider, parseChainId } from './eip1193.ts';
import { WrongNetworkError, walletErrorFrom } from './errors.ts';
import { intentTypedDataJson } from './typed-data-json.ts';

export interface SignIntentParameters<N extends IntentName> {
  /** The signer: the intent's `actor`, an account the wallet shares with MediCrypt. */
  account: Address;
  context: IntentContext;
  name: N;
  message: IntentMessage<N>;
}

export interface SignIntentReturnType {
  chainId: number;
  forwarder: Address;
  /** The registry calldata the forwarder executes. */
  data: Hex;
  signature: Hex;
}

/**
 * Asks the wallet to sign an intent with `eth_signTypedData_v4`.
 * @throws WrongNetworkError before prompting when the wallet is on another chain than the intent's domain;
 *   UserRejectedRequestError when the user rejects the request.
 */
export async function signIntent<N extends IntentName>(
  provider: Eip1193Provider,
  { account, context, name, message }: SignIntentParameters<N>,
): Promise<SignIntentReturnType> {
  const json = intentTypedDataJson(context, name, message);
  const data = encodeIntent(name, message);
  let signature: unknown;
  try {
    const walletChainId = parseChainId(await provider.request({ method: 'eth_chainId' }));
    if (walletChainId !== context.chainId) throw new WrongNetworkError(context.chainId, walletChainId);
    signature = await provider.request({ method: 'eth_signTypedData_v4', params: [account, json] });
  } catch (error) {
    throw walletErrorFrom(error, 'sign');
  }
  if (!isHex(signature) || size(signature) !== 65) {
    throw walletErrorFrom(new Error(`not a signature: ${String(signature)}`), 'sign');
  }
  return { chainId: context.chainId, forwarder: context.forwarder, data, signature };
}
