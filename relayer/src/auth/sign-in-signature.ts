// Whose signature a sign-in carries. An EOA's is recovered locally (no chain call). Everything else goes to the
// chain in one bounded eth_call:
//   - a deployed contract wallet: ERC-1271 `isValidSignature(hash, signature)`; for a Safe that covers the
//     owners' signatures and, with an empty `0x` signature, a message the Safe approved on chain (SignMessageLib
//     → `signedMessages`). Asked directly: the ERC-6492 validator reads the signature's last 32 bytes and so
//     reverts on an empty one;
//   - a counterfactual wallet (ERC-6492 suffix): viem's deployless universal validator deploys it inside the
//     call (the wrapped factory call), then asks ERC-1271.
// The call's gas is bounded: anyone can post a login, and a wallet that loops would otherwise cost the node (and
// our RPC quota) a block's worth of gas per attempt.
import {
  type Address,
  BaseError,
  decodeFunctionResult,
  encodeDeployData,
  encodeFunctionData,
  erc6492SignatureValidatorAbi,
  erc6492SignatureValidatorByteCode,
  type Hex,
  HttpRequestError,
  hashMessage,
  hexToBool,
  isAddressEqual,
  isErc6492Signature,
  recoverMessageAddress,
  size,
  TimeoutError,
} from 'viem';
import type { ChainClient } from '../chain/chain-client.ts';
import { ERC1271_MAGIC, erc1271Abi } from '../chain/erc1271.ts';
import { RelayerError } from '../errors.ts';

/**
 * Most gas the validation call may use. A counterfactual Safe 1.4.1 (proxy deployment, setup, then
 * `isValidSignature` through its fallback handler) needs less than half of it (sign-in.integration.test.ts
 * measures it); a wallet that needs more is refused, and no login costs the node more than this.
 */
export const SIGN_IN_VALIDATION_GAS = 1_000_000n;

export interface SignInSignature {
  address: Address;
  message: string;
  signature: Hex;
}

/** ERC-1271 on a deployed account (any code, EIP-7702 delegations included): false for an address without. */
async function acceptsAsContract(
  chain: Pick<ChainClient, 'publicClient'>,
  address: Address,
  hash: Hex,
  signature: Hex,
): Promise<boolean> {
  const code = await chain.publicClient.getCode({ address });
  if (!code || code === '0x') return false;
  const { data } = await chain.publicClient.call({
    to: address,
    data: encodeFunctionData({ abi: erc1271Abi, functionName: 'isValidSignature', args: [hash, signature] }),
    gas: SIGN_IN_VALIDATION_GAS,
  });
  if (!data || size(data) < 32) return false;
  return decodeFunctionResult({ abi: erc1271Abi, functionName: 'isValidSignature', data }) === ERC1271_MAGIC;
}

/** ERC-6492: the validator deploys the account inside the call (factory, factory data), then asks ERC-1271. */
async function validatesCounterfactually(
  chain: Pick<ChainClient, 'publicClient'>,
  address: Address,
  hash: Hex,
  signature: Hex,
): Promise<boolean> {
  const { data } = await chain.publicClient.call({
    data: encodeDeployData({
      abi: erc6492SignatureValidatorAbi,
      bytecode: erc6492SignatureValidatorByteCode,
      args: [address, hash, signature],
    }),
    gas: SIGN_IN_VALIDATION_GAS,
  });
  return data !== undefined && hexToBool(data);
}

/** True when `signature` is `address`'s over the EIP-191 hash of `message` (EOA, ERC-1271 or ERC-6492). */
export async function verifySignInSignature(
  chain: Pick<ChainClient, 'publicClient'>,
  { address, message, signature }: SignInSignature,
): Promise<boolean> {
  if (size(signature) === 65) {
    try {
      if (isAddressEqual(await recoverMessageAddress({ message, signature }), address)) return true;
    } catch {
      // Not an ECDSA signature: perhaps a contract wallet's 65 bytes; the chain decides below.
    }
  }
  try {
    return isErc6492Signature(signature)
      ? await validatesCounterfactually(chain, address, hashMessage(message), signature)
      : await acceptsAsContract(chain, address, hashMessage(message), signature);
  } catch (error) {
    // The node not answering is not the signer's fault: say so, so the client retries instead of giving up.
    if (
      error instanceof BaseError &&
      error.walk((cause) => cause instanceof HttpRequestError || cause instanceof TimeoutError)
    )
      throw new RelayerError(
        'RPC_UNAVAILABLE',
        503,
        'the chain could not be reached to check the signature; retry',
        {
          cause: error,
        },
      );
    // A revert, an exhausted gas bound or an answer that is not a boolean: not a valid signature.
    return false;
  }
}
