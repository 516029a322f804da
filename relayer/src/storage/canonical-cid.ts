// Turns a caller's CID string into the one spelling the stores use as a key: CIDv1 in base32. Anything that
// does not parse as a CID is INVALID_CID, which also keeps paths like `../../etc/passwd` out of the stores.
import { CID } from 'multiformats/cid';
import { StorageError } from './storage-error.ts';

/** The CIDv1 base32 spelling of `text` (a CIDv0 `Qm…` becomes its `bafy…` twin); throws INVALID_CID otherwise. */
export function canonicalCid(text: string): string {
  let cid: CID;
  try {
    cid = CID.parse(text);
  } catch (cause) {
    throw new StorageError('INVALID_CID', `not a CID: ${JSON.stringify(text)}`, { cause });
  }
  return cid.toV1().toString();
}
