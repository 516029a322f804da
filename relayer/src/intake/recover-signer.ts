// Recovers the EOA that signed a digest, with libsecp256k1 and native keccak where their prebuilt bindings load
// (see ../crypto), else with viem.
import { bytesToHex, type Hex, hexToBytes, recoverAddress } from 'viem';
import { keccak256Bytes, toChecksumAddress } from '../crypto/native-keccak.ts';
import { nativeSecp256k1 as native } from '../crypto/native-secp256k1.ts';

const SIGNATURE_BYTES = 65;
/** Half the secp256k1 group order: signatures with a larger s are malleable twins and are rejected. */
const HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

export const recoveryBackend = native ? 'libsecp256k1' : 'viem';

export class BadSignatureError extends Error {
  override name = 'BadSignatureError';
}

/** Splits and checks a 65-byte r ‖ s ‖ v signature: v 27/28 (or 0/1), s in the lower half. */
function parseSignature(signature: Uint8Array): { compact: Uint8Array; recid: number } {
  if (signature.length !== SIGNATURE_BYTES)
    throw new BadSignatureError(`expected ${SIGNATURE_BYTES} bytes, got ${signature.length}`);
  const v = signature[64]!;
  const recid = v >= 27 ? v - 27 : v;
  if (recid !== 0 && recid !== 1) throw new BadSignatureError(`invalid recovery byte ${v}`);
  const s = BigInt(bytesToHex(signature.subarray(32, 64)));
  if (s === 0n || s > HALF_ORDER)
    throw new BadSignatureError('s is zero or in the upper half (malleable signature)');
  return { compact: signature.subarray(0, 64), recid };
}

/** The address whose key made `signature` over `digest`; throws BadSignatureError if none can. */
export async function recoverSigner(digest: Uint8Array, signature: Hex | Uint8Array): Promise<Hex> {
  const bytes = typeof signature === 'string' ? hexToBytes(signature) : signature;
  const { compact, recid } = parseSignature(bytes);
  if (!native) return recoverAddress({ hash: bytesToHex(digest), signature: bytesToHex(bytes) });
  let publicKey: Uint8Array;
  try {
    publicKey = native.ecdsaRecover(compact, recid, digest, false);
  } catch (error) {
    throw new BadSignatureError(`cannot recover a key: ${(error as Error).message}`);
  }
  const hash = keccak256Bytes(publicKey.subarray(1));
  return toChecksumAddress(bytesToHex(hash.subarray(12)));
}
