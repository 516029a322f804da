// The patient's answer to an access request: approve (possibly fewer categories, shorter) or deny. Approving also
// shares the keys of the records the grant covers with the doctor, right away: the relayer serves them only once
// the approval is on chain, and only while it lasts.
import type { CategoryName } from '@medicrypt/contracts';
import type { TrackedIntent } from '../intents/intent-activity.ts';
import { intentDeadline, submitIntent } from '../intents/submit-intent.ts';
import type { AccessRequest } from '../relayer/api-types.ts';
import { shortAddress } from './consent-labels.ts';
import { approveMessage, denyMessage } from './intent-messages.ts';
import type { PatientConnection } from './patient-connection.ts';
import { type ShareResult, shareRecordKeys } from './share-record-keys.ts';

export interface ApproveChoice {
  categories: CategoryName[];
  durationSeconds: number;
}

export interface ApproveResult {
  intent: TrackedIntent;
  /** The keys shared, or why they could not be (the approval stands either way). */
  keys: { ok: true; result: ShareResult } | { ok: false; error: unknown };
}

export async function approveRequest(
  connection: PatientConnection,
  request: AccessRequest,
  choice: ApproveChoice,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<ApproveResult> {
  const message = approveMessage(
    { account: connection.account, deadline: intentDeadline(nowSeconds) },
    request,
    choice,
    nowSeconds,
  );
  const intent = await submitIntent(
    connection,
    'approveAccess',
    message,
    `Approve access for ${shortAddress(request.doctor)}`,
  );
  try {
    return {
      intent,
      keys: { ok: true, result: await shareRecordKeys(connection, request.doctor, choice.categories) },
    };
  } catch (error) {
    return { intent, keys: { ok: false, error } };
  }
}

export function denyRequest(connection: PatientConnection, request: AccessRequest): Promise<TrackedIntent> {
  return submitIntent(
    connection,
    'denyAccess',
    denyMessage({ account: connection.account, deadline: intentDeadline() }, request),
    `Deny access for ${shortAddress(request.doctor)}`,
  );
}
