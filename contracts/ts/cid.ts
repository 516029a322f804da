// The registry stores a record's CID compactly: the sha2-256 digest and the codec. These rebuild the CID.
import { CID } from 'multiformats/cid';
import { create as createDigest } from 'multiformats/hashes/digest';
import { sha256 } from 'multiformats/hashes/sha2';
import { bytesToHex, type Hex, hexToBytes } from 'viem';

export interface RecordKey {
  digest: Hex;
  codec: number;
}

/** The on-chain key of a CID; only sha2-256 CIDs can be registered. */
export function recordKeyOf(cid: string | CID): RecordKey {
  const parsed = typeof cid === 'string' ? CID.parse(cid) : cid;
  if (parsed.multihash.code !== sha256.code) {
    throw new RangeError(
      `CID ${parsed.toString()} is not sha2-256 (multihash code ${parsed.multihash.code})`,
    );
  }
  return { digest: bytesToHex(parsed.multihash.digest), codec: parsed.code };
}

/** The CIDv1 string (base32) for an on-chain record key. */
export function cidOf({ digest, codec }: RecordKey): string {
  return CID.createV1(codec, createDigest(sha256.code, hexToBytes(digest))).toString();
}
