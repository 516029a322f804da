// Adding a record: the file is checked (FHIR JSON must be valid R4) and filed under a suggested category, then
// encrypted here with a fresh key per version. Only ciphertext leaves the extension. The record key is kept by
// wrapping it to the patient's own public key, so the patient can later share it with grantees.
import { type CategoryName, categories } from '@medicrypt/contracts';
import { encryptRecord, generateRecordKey, wrapRecordKey } from '@medicrypt/crypto';
import { type PreparedRecord, prepareRecord } from '@medicrypt/fhir';
import type { RecordView } from '../relayer/api-types.ts';
import { loadEncryptionKey } from './encryption-key-store.ts';
import type { PatientConnection } from './patient-connection.ts';
import { EncryptionKeyMissingError } from './share-record-keys.ts';

export interface PreparedUpload extends PreparedRecord {
  name: string;
  bytes: Uint8Array;
}

/** What a file's type says, or what its name does when the browser gives none. */
function contentTypeOf(file: Pick<File, 'type' | 'name'>): string {
  if (file.type) return file.type;
  const extension = file.name.toLowerCase().split('.').pop();
  if (extension === 'json') return 'application/json';
  if (extension === 'dcm') return 'application/dicom';
  if (extension === 'pdf') return 'application/pdf';
  return 'application/octet-stream';
}

/**
 * Reads and checks a file before anything is encrypted.
 * @throws FhirValidationError for FHIR that is not valid R4.
 */
export async function prepareUpload(file: File): Promise<PreparedUpload> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return { ...prepareRecord(bytes, contentTypeOf(file)), name: file.name, bytes };
}

export interface UploadChoice {
  category: CategoryName;
  /** A new version of an existing record: its id and the version number to create. */
  recordId?: string;
  version?: number;
}

/**
 * Encrypts and uploads a prepared file, then stores the patient's own copy of its key. Answers the record as
 * the relayer stored it (`unregistered` until its registerRecord intent lands).
 * @throws EncryptionKeyMissingError, RelayerError.
 */
export async function uploadRecord(
  { client, account }: Pick<PatientConnection, 'client' | 'account'>,
  upload: PreparedUpload,
  { category, recordId = crypto.randomUUID(), version = 1 }: UploadChoice,
): Promise<RecordView> {
  const keys = await loadEncryptionKey(account);
  if (!keys) throw new EncryptionKeyMissingError();
  if (categories[category] === undefined) throw new RangeError(`unknown category ${category}`);
  const context = { patient: account, recordId, version, contentType: upload.contentType };
  const recordKey = generateRecordKey();
  try {
    const ciphertext = await encryptRecord({ key: recordKey, context, plaintext: upload.bytes });
    const form = new FormData();
    form.append('recordId', recordId);
    form.append('version', String(version));
    form.append('contentType', upload.contentType);
    form.append('category', category);
    form.append('name', upload.name);
    form.append('file', new Blob([ciphertext], { type: 'application/octet-stream' }), upload.name);
    const record = await client.json<RecordView>('POST', '/v1/records', { body: form });
    const ownCopy = wrapRecordKey({
      recordKey,
      recipientPublicKey: keys.publicKey,
      context: { ...context, grantee: account },
    });
    await client.json('PUT', `/v1/records/${record.cid}/envelopes`, { body: { envelopes: [ownCopy] } });
    return record;
  } finally {
    recordKey.fill(0);
  }
}
