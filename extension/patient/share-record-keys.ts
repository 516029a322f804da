// Giving a grantee the keys of the patient's records: the patient's own copy of each record key (an envelope
// wrapped to the patient at upload) is unwrapped here and wrapped again to the grantee's public key, after
// verifying that the grantee's wallet signed that key. The relayer serves an envelope only while the grant
// lasts, and never sees a key in the clear.
import { type CategoryName, categories } from '@medicrypt/contracts';
import { unwrapRecordKey, verifyKeyBinding, wrapRecordKey } from '@medicrypt/crypto';
import { type Address, getAddress } from 'viem';
import type { RecordView } from '../relayer/api-types.ts';
import type { RelayerClient } from '../relayer/relayer-client.ts';
import { RelayerError } from '../relayer/relayer-error.ts';
import { loadEncryptionKey } from './encryption-key-store.ts';
import type { PatientConnection } from './patient-connection.ts';

export interface ShareResult {
  /** Records whose key the grantee can now open. */
  shared: number;
  /** Records without a key copy of the patient's (uploaded elsewhere): they cannot be shared from here. */
  skipped: number;
}

export class EncryptionKeyMissingError extends Error {
  override name = 'EncryptionKeyMissingError';
  readonly shortMessage = 'Unlock your encryption key first (sign in again).';
}

export class GranteeKeyError extends Error {
  override name = 'GranteeKeyError';
  constructor(
    readonly shortMessage: string,
    options: { cause?: unknown } = {},
  ) {
    super(shortMessage, options);
  }
}

/** The grantee's public key, from a binding their wallet signed for this chain. */
async function granteePublicKey(
  client: RelayerClient,
  grantee: Address,
  chainId: number,
): Promise<Uint8Array> {
  let binding: unknown;
  try {
    binding = await client.json('GET', `/v1/keys/${grantee}`);
  } catch (error) {
    if (error instanceof RelayerError && error.code === 'KEY_NOT_PUBLISHED')
      throw new GranteeKeyError(
        'The doctor has not set up MediCrypt encryption yet, so no record keys were shared. Share them from Grants later.',
        { cause: error },
      );
    throw error;
  }
  try {
    return (await verifyKeyBinding({ binding, chainId, account: grantee })).publicKey;
  } catch (error) {
    throw new GranteeKeyError(
      'The doctor’s published encryption key is not signed by their wallet, so no record keys were shared.',
      { cause: error },
    );
  }
}

/** The records a grant of `names` covers: every version not removed (a doctor may read superseded ones). */
export function recordsInCategories(
  records: readonly RecordView[],
  names: readonly CategoryName[],
): RecordView[] {
  const bits = new Set(names.map((name) => categories[name]));
  return records.filter((record) => record.status !== 'removed' && bits.has(record.category));
}

/**
 * Wraps the keys of the patient's records in `names` for `grantee`. Pass `records` to limit it (a new upload);
 * by default all of the patient's records in those categories.
 * @throws EncryptionKeyMissingError, GranteeKeyError, RelayerError.
 */
export async function shareRecordKeys(
  { client, account, chainId }: Pick<PatientConnection, 'client' | 'account' | 'chainId'>,
  granteeAddress: string,
  names: readonly CategoryName[],
  records?: readonly RecordView[],
): Promise<ShareResult> {
  const keys = await loadEncryptionKey(account);
  if (!keys) throw new EncryptionKeyMissingError();
  const grantee = getAddress(granteeAddress);
  const publicKey = await granteePublicKey(client, grantee, chainId);
  const all = records ?? (await client.json<{ records: RecordView[] }>('GET', '/v1/records')).records;
  const result: ShareResult = { shared: 0, skipped: 0 };
  for (const record of recordsInCategories(all, names)) {
    const context = {
      patient: account,
      recordId: record.recordId,
      version: record.version,
      contentType: record.contentType,
    };
    let own: unknown;
    try {
      own = await client.json('GET', `/v1/records/${record.cid}/envelope`);
    } catch (error) {
      if (error instanceof RelayerError && error.code === 'ENVELOPE_NOT_FOUND') {
        result.skipped += 1;
        continue;
      }
      throw error;
    }
    const recordKey = unwrapRecordKey({
      envelope: own,
      recipientSecretKey: keys.secretKey,
      context: { ...context, grantee: account },
    });
    const envelope = wrapRecordKey({
      recordKey,
      recipientPublicKey: publicKey,
      context: { ...context, grantee },
    });
    recordKey.fill(0);
    await client.json('PUT', `/v1/records/${record.cid}/envelopes`, { body: { envelopes: [envelope] } });
    result.shared += 1;
  }
  return result;
}
