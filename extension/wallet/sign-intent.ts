// Signing a MediCrypt intent in the wallet: the result is exactly what the relayer's POST /v1/intents takes.
import { encodeIntent, type IntentContext, type IntentMessage, type IntentName } from '@medicrypt/contracts';
import type { Address, Hex } from 'viem';
import type { Eip1193Provider } from './eip1193.ts';
import { signTypedDataJson } from './sign-typed-data.ts';
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
  const signature = await signTypedDataJson(provider, { account, chainId: context.chainId, json });
  return { chainId: context.chainId, forwarder: context.forwarder, data, signature };
}
