// Signing a plain-text message in the wallet (`personal_sign`, EIP-191): the sign-in message and the message
// that derives the account's encryption key. Never a transaction, never gas.
import { type Address, type Hex, isHex, size, stringToHex } from 'viem';
import type { Eip1193Provider } from './eip1193.ts';
import { walletErrorFrom } from './errors.ts';

/**
 * Asks the wallet to sign `message` as `account`. The message travels hex-encoded, which every wallet reads
 * as UTF-8 text and shows as such.
 * @throws UserRejectedRequestError when the user rejects; WalletError for anything else.
 */
export async function personalSign(
  provider: Eip1193Provider,
  account: Address,
  message: string,
): Promise<Hex> {
  let signature: unknown;
  try {
    signature = await provider.request({ method: 'personal_sign', params: [stringToHex(message), account] });
  } catch (error) {
    throw walletErrorFrom(error, 'sign');
  }
  if (!isHex(signature) || size(signature) !== 65)
    throw walletErrorFrom(new Error(`not a signature: ${String(signature)}`), 'sign');
  return signature;
}
