// A new record (or a new version of one), end to end: encrypt and upload, register it on chain with a signed
// intent, and share its key with the doctors whose grants cover its category.
import { type CategoryName, categoriesOf } from '@medicrypt/contracts';
import type { TrackedIntent } from '../intents/intent-activity.ts';
import { intentDeadline, submitIntent } from '../intents/submit-intent.ts';
import type { Grant, RecordView } from '../relayer/api-types.ts';
import { registerMessage, updateMessage } from './intent-messages.ts';
import type { PatientConnection } from './patient-connection.ts';
import { shareRecordKeys } from './share-record-keys.ts';
import { type PreparedUpload, uploadRecord } from './upload-record.ts';

/** Signs and submits the intent that puts an uploaded record on chain (a new version replaces `previous`). */
export function registerRecord(
  connection: PatientConnection,
  record: RecordView,
  previous?: RecordView,
): Promise<TrackedIntent> {
  const signer = { account: connection.account, deadline: intentDeadline() };
  return previous
    ? submitIntent(
        connection,
        'updateRecord',
        updateMessage(signer, previous, record),
        `Register version ${record.version} of ${record.name}`,
      )
    : submitIntent(connection, 'registerRecord', registerMessage(signer, record), `Register ${record.name}`);
}

export interface AddRecordResult {
  record: RecordView;
  /** The register intent, or the wallet/relayer error that stopped it (the upload stays, unregistered). */
  registration: { ok: true; intent: TrackedIntent } | { ok: false; error: unknown };
  /** Grantees the key could not be shared with, and why. */
  sharingErrors: { grantee: string; error: unknown }[];
}

export async function addRecord(
  connection: PatientConnection,
  upload: PreparedUpload,
  choice: { category: CategoryName; previous?: RecordView },
  grants: readonly Grant[],
): Promise<AddRecordResult> {
  const { previous } = choice;
  const record = await uploadRecord(connection, upload, {
    category: choice.category,
    ...(previous ? { recordId: previous.recordId, version: previous.version + 1 } : {}),
  });
  let registration: AddRecordResult['registration'];
  try {
    registration = { ok: true, intent: await registerRecord(connection, record, previous) };
  } catch (error) {
    registration = { ok: false, error };
  }
  const sharingErrors: AddRecordResult['sharingErrors'] = [];
  for (const grant of grants) {
    if (!categoriesOf(BigInt(grant.categoryMask)).includes(choice.category)) continue;
    try {
      await shareRecordKeys(connection, grant.grantee, [choice.category], [record]);
    } catch (error) {
      sharingErrors.push({ grantee: grant.grantee, error });
    }
  }
  return { record, registration, sharingErrors };
}
