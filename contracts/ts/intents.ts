// EIP-712 intents: the typed data a patient, delegate, doctor or issuer signs, derived from the registry ABI.
// Every registry function whose first parameter is `actor` is an intent; its struct is named after the
// function (capitalised) and has exactly its parameters (see contracts/src/IntentTypes.sol).

import * as AbiParameters from 'ox/AbiParameters';
import {
  type AbiParameterToPrimitiveType,
  type Address,
  encodeFunctionData,
  type Hex,
  hashTypedData,
  type LocalAccount,
  type TypedDataDomain,
  toFunctionSelector,
} from 'viem';
import { consentRegistryAbi } from '../generated/abis.ts';

type RegistryFunction = Extract<(typeof consentRegistryAbi)[number], { type: 'function' }>;
type IntentFunction = Extract<RegistryFunction, { inputs: readonly [{ name: 'actor' }, ...unknown[]] }>;

export type IntentName = IntentFunction['name'];
type InputsOf<N extends IntentName> = Extract<IntentFunction, { name: N }>['inputs'];
/** The fields of intent `N`, as viem takes them (uintN ≤ 48 bits as number, wider as bigint). */
export type IntentMessage<N extends IntentName> = {
  [P in InputsOf<N>[number] as P['name']]: AbiParameterToPrimitiveType<P>;
};
export type AnyIntentMessage = { [N in IntentName]: { name: N; message: IntentMessage<N> } }[IntentName];

const isIntentFunction = (item: (typeof consentRegistryAbi)[number]): item is IntentFunction =>
  item.type === 'function' && item.stateMutability === 'nonpayable' && item.inputs[0]?.name === 'actor';

const intentFunctions = consentRegistryAbi.filter(isIntentFunction);
/** Intent functions by selector, computed once: viem's decodeFunctionData hashes every ABI entry per call. */
const intentBySelector = new Map<string, IntentFunction>(
  intentFunctions.map((fn) => [toFunctionSelector(fn), fn]),
);
const SELECTOR_HEX_CHARS = 10;

/** The names of all intents, in ABI order. */
export const intentNames = intentFunctions.map((fn) => fn.name) as IntentName[];

export const primaryTypeOf = (name: IntentName) => name[0]!.toUpperCase() + name.slice(1);

/** EIP-712 struct definitions, e.g. `ApproveAccess: [{ name: 'actor', type: 'address' }, ...]`. */
export const intentTypes: Record<string, { name: string; type: string }[]> = Object.fromEntries(
  intentFunctions.map((fn) => [primaryTypeOf(fn.name), fn.inputs.map(({ name, type }) => ({ name, type }))]),
);

/** The EIP-712 domain of MediCrypt intents: the forwarder verifies them. */
export function intentDomain(chainId: number, forwarder: Address): TypedDataDomain {
  return { name: 'MediCrypt', version: '1', chainId, verifyingContract: forwarder };
}

export interface IntentContext {
  chainId: number;
  forwarder: Address;
}

/** The typed data to hand to `eth_signTypedData_v4` (MetaMask shows each field by name). */
export function intentTypedData<N extends IntentName>(
  context: IntentContext,
  name: N,
  message: IntentMessage<N>,
) {
  const primaryType = primaryTypeOf(name);
  const fields = intentTypes[primaryType];
  if (!fields) throw new RangeError(`unknown intent: ${name}`);
  return {
    domain: intentDomain(context.chainId, context.forwarder),
    types: { [primaryType]: fields },
    primaryType,
    message: message as Record<string, unknown>,
  } as const;
}

/** The registry calldata of an intent: the `data` the forwarder hashes and forwards. */
export function encodeIntent<N extends IntentName>(name: N, message: IntentMessage<N>): Hex {
  const fn = intentFunctions.find((candidate) => candidate.name === name);
  if (!fn) throw new RangeError(`unknown intent: ${name}`);
  const values = message as Record<string, unknown>;
  const args = fn.inputs.map((input) => {
    if (!(input.name in values)) throw new TypeError(`${name}: missing field ${input.name}`);
    return values[input.name];
  });
  return encodeFunctionData({ abi: consentRegistryAbi, functionName: name, args } as never);
}

export interface DecodeIntentOptions {
  /**
   * Addresses in EIP-55 mixed case (the default), or lowercase: checksumming hashes every address with viem's
   * pure-JS keccak, which a caller that compares or stores addresses lowercase (the relayer's intake) skips.
   */
  checksumAddresses?: boolean;
}

/** Decodes registry calldata back into an intent; throws on anything that is not an intent. */
export function decodeIntent(
  data: Hex,
  { checksumAddresses = true }: DecodeIntentOptions = {},
): AnyIntentMessage {
  const selector = data.slice(0, SELECTOR_HEX_CHARS).toLowerCase();
  const fn = intentBySelector.get(selector);
  if (!fn) throw new RangeError(`not an intent: selector ${selector}`);
  const args = AbiParameters.decode(fn.inputs, `0x${data.slice(SELECTOR_HEX_CHARS)}`, {
    checksumAddress: checksumAddresses,
  });
  const message = Object.fromEntries(fn.inputs.map((input, i) => [input.name, args[i]]));
  return { name: fn.name, message } as AnyIntentMessage;
}

/** The EIP-712 digest the actor signs. */
export function intentDigest<N extends IntentName>(
  context: IntentContext,
  name: N,
  message: IntentMessage<N>,
): Hex {
  return hashTypedData(intentTypedData(context, name, message) as never);
}

export interface SignedIntent {
  data: Hex;
  signature: Hex;
}

/** Signs an intent with a local account (tests, scripts, the test wallet). */
export async function signIntent<N extends IntentName>(
  account: LocalAccount,
  context: IntentContext,
  name: N,
  message: IntentMessage<N>,
): Promise<SignedIntent> {
  const signature = await account.signTypedData(intentTypedData(context, name, message) as never);
  return { data: encodeIntent(name, message), signature };
}
