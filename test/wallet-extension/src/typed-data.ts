// Reads an eth_signTypedData_v4 payload the way MetaMask does: JSON with integers as numbers or strings,
// and an EIP712Domain type that is empty unless the caller spelled it out (eth-sig-util's sanitizeData).
import type { TypedDataDefinition } from 'viem';

type Field = { name: string; type: string };
type Types = Record<string, Field[]>;

const INTEGER = /^u?int(\d+)?$/;

function normaliseValue(types: Types, type: string, value: unknown): unknown {
  if (type.endsWith(']')) {
    const inner = type.slice(0, type.lastIndexOf('['));
    if (!Array.isArray(value)) throw new TypeError(`${type}: expected an array`);
    return value.map((item) => normaliseValue(types, inner, item));
  }
  if (INTEGER.test(type)) {
    if (typeof value === 'bigint') return value;
    if (typeof value === 'number' || typeof value === 'string') return BigInt(value);
    throw new TypeError(`${type}: expected an integer, got ${typeof value}`);
  }
  const struct = types[type];
  if (struct) return normaliseStruct(types, struct, value);
  return value;
}

function normaliseStruct(types: Types, fields: Field[], value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) throw new TypeError('expected a struct');
  const data = value as Record<string, unknown>;
  return Object.fromEntries(fields.map(({ name, type }) => [name, normaliseValue(types, type, data[name])]));
}

export interface ParsedTypedData {
  typedData: TypedDataDefinition;
  /** The domain's chain id, if it names one. */
  chainId: number | undefined;
}

export function parseTypedDataV4(json: unknown): ParsedTypedData {
  if (typeof json !== 'string')
    throw new TypeError('eth_signTypedData_v4 takes the typed data as a JSON string');
  const parsed = JSON.parse(json) as {
    types?: Types;
    primaryType?: string;
    domain?: Record<string, unknown>;
    message?: unknown;
  };
  if (!parsed.types || !parsed.primaryType || !parsed.message) throw new TypeError('incomplete typed data');
  const types: Types = { EIP712Domain: [], ...parsed.types };
  const domain = normaliseStruct(types, types.EIP712Domain ?? [], parsed.domain ?? {});
  const message = normaliseStruct(types, types[parsed.primaryType] ?? [], parsed.message);
  const chainId = domain.chainId === undefined ? undefined : Number(domain.chainId);
  return {
    typedData: { types, primaryType: parsed.primaryType, domain, message } as unknown as TypedDataDefinition,
    chainId,
  };
}
