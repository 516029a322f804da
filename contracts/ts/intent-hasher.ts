// Fast EIP-712 digests of intent calldata, computed the way IntentForwarder does: for an intent with only static
// arguments, encodeData is the calldata after the selector, so the struct hash is keccak(typehash ‖ calldata[4:])
// with no decoding or re-encoding. Intents with a dynamic argument fall back to viem's typed-data hashing.
import {
  concatBytes,
  domainSeparator,
  type Hex,
  hexToBytes,
  keccak256,
  toBytes,
  toFunctionSelector,
} from 'viem';
import {
  decodeIntent,
  type IntentContext,
  type IntentName,
  intentDigest,
  intentNames,
  intentTypes,
  primaryTypeOf,
} from './intents.ts';

interface IntentShape {
  name: IntentName;
  typehash: Uint8Array;
  argCount: number;
  dynamic: boolean;
}

const SELECTOR_BYTES = 4;
const WORD_BYTES = 32;
const EIP712_PREFIX = new Uint8Array([0x19, 0x01]);

/** Intent shapes by selector (as a 0x-prefixed lowercase hex string). */
export const intentShapes: ReadonlyMap<string, IntentShape> = new Map(
  intentNames.map((name) => {
    const primaryType = primaryTypeOf(name);
    const fields = intentTypes[primaryType]!;
    const encodeType = `${primaryType}(${fields.map((field) => `${field.type} ${field.name}`).join(',')})`;
    const selector = toFunctionSelector(`${name}(${fields.map((field) => field.type).join(',')})`);
    const dynamic = fields.some(
      (field) => field.type === 'string' || field.type === 'bytes' || field.type.endsWith(']'),
    );
    return [
      selector,
      { name, typehash: keccak256(toBytes(encodeType), 'bytes'), argCount: fields.length, dynamic },
    ];
  }),
);

export class MalformedIntentError extends Error {
  override name = 'MalformedIntentError';
}

export interface HashedIntent {
  name: IntentName;
  digest: Uint8Array;
}

export interface IntentHasherOptions {
  /** Keccak-256 over bytes; viem's pure-JS one unless given (the relayer passes a native one). */
  keccak256?: (data: Uint8Array) => Uint8Array;
}

const viemKeccak256 = (data: Uint8Array) => keccak256(data, 'bytes');

/** A digest function bound to one domain (chain id and forwarder); precomputes the domain separator. */
export function createIntentHasher(
  context: IntentContext,
  { keccak256: hash = viemKeccak256 }: IntentHasherOptions = {},
): (data: Hex | Uint8Array) => HashedIntent {
  const separator = hexToBytes(
    domainSeparator({
      domain: {
        name: 'MediCrypt',
        version: '1',
        chainId: context.chainId,
        verifyingContract: context.forwarder,
      },
    }),
  );
  return (data) => {
    const bytes = typeof data === 'string' ? hexToBytes(data) : data;
    if (bytes.length < SELECTOR_BYTES) throw new MalformedIntentError('calldata shorter than a selector');
    const selector = `0x${Buffer.from(bytes.subarray(0, SELECTOR_BYTES)).toString('hex')}`;
    const shape = intentShapes.get(selector);
    if (!shape) throw new MalformedIntentError(`selector ${selector} is not an intent`);
    if (shape.dynamic) {
      const hex = typeof data === 'string' ? data : (`0x${Buffer.from(bytes).toString('hex')}` as Hex);
      let decoded: ReturnType<typeof decodeIntent>;
      try {
        decoded = decodeIntent(hex);
      } catch (error) {
        throw new MalformedIntentError(`${shape.name}: ${(error as Error).message}`);
      }
      return {
        name: shape.name,
        digest: hexToBytes(intentDigest(context, decoded.name, decoded.message as never)),
      };
    }
    if (bytes.length !== SELECTOR_BYTES + shape.argCount * WORD_BYTES) {
      throw new MalformedIntentError(`${shape.name}: expected ${shape.argCount} argument words`);
    }
    const structHash = hash(concatBytes([shape.typehash, bytes.subarray(SELECTOR_BYTES)]));
    return { name: shape.name, digest: hash(concatBytes([EIP712_PREFIX, separator, structHash])) };
  };
}
