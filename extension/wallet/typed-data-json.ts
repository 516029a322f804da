// The JSON string `eth_signTypedData_v4` takes. MetaMask hashes the domain with the `EIP712Domain` type it
// finds in `types` (an empty one if missing), so the type is always spelled out; bigints, which JSON cannot
// hold, become decimal strings, which MetaMask reads back as integers.
import {
  type IntentContext,
  type IntentMessage,
  type IntentName,
  intentTypedData,
} from '@medicrypt/contracts';
import { getTypesForEIP712Domain, serializeTypedData, type TypedDataDomain, validateTypedData } from 'viem';

export interface TypedDataJsonParameters {
  domain: TypedDataDomain;
  types: Record<string, readonly { name: string; type: string }[]>;
  primaryType: string;
  message: Record<string, unknown>;
}

/** Validates the values against their types (throws viem's errors) and serialises for the wallet. */
export function typedDataJson({ domain, types, primaryType, message }: TypedDataJsonParameters): string {
  const withDomain = { EIP712Domain: getTypesForEIP712Domain({ domain }), ...types };
  const typedData = { domain, types: withDomain, primaryType, message } as never;
  validateTypedData(typedData);
  return serializeTypedData(typedData);
}

/** The `eth_signTypedData_v4` payload of a MediCrypt intent. */
export function intentTypedDataJson<N extends IntentName>(
  context: IntentContext,
  name: N,
  message: IntentMessage<N>,
): string {
  return typedDataJson(intentTypedData(context, name, message));
}
