// Opening a record in the extension: the reader's envelope (the record key wrapped to the reader's X25519 key,
// by the patient) is unwrapped with the reader's secret key, then the ciphertext is fetched and decrypted. The
// relayer serves both only while the reader may read the record; it never sees the key or the plaintext.
import { decryptRecord, unwrapRecordKey } from '@medicrypt/crypto';
import { type Address, getAddress } from 'viem';
import type { RecordView } from '../relayer/api-types.ts';
import type { RelayerClient } from '../relayer/relayer-client.ts';
import { errorFromResponse } from '../relayer/relayer-error.ts';

/**
 * Decrypts `record` for `reader`: the patient (their own copy of the key) or a grantee.
 * @throws RelayerError (403 ACCESS_DENIED once access ends, ENVELOPE_NOT_FOUND before the key was shared),
 *   CryptoError when the envelope or the ciphertext does not belong to this record and reader.
 */
export async function openRecord(
  client: RelayerClient,
  reader: Address,
  secretKey: Uint8Array,
  record: Pick<RecordView, 'cid' | 'patient' | 'recordId' | 'version' | 'contentType'>,
): Promise<Uint8Array> {
  const context = {
    patient: getAddress(record.patient),
    recordId: record.recordId,
    version: record.version,
    contentType: record.contentType,
  };
  const envelope = await client.json('GET', `/v1/records/${record.cid}/envelope`);
  const recordKey = unwrapRecordKey({
    envelope,
    recipientSecretKey: secretKey,
    context: { ...context, grantee: reader },
  });
  try {
    const response = await client.authed('GET', `/v1/records/${record.cid}/content`);
    if (!response.ok) throw await errorFromResponse(response);
    return await decryptRecord({
      key: recordKey,
      context,
      ciphertext: new Uint8Array(await response.arrayBuffer()),
    });
  } finally {
    recordKey.fill(0);
  }
}
