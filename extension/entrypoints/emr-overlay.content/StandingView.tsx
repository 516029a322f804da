// What the overlay shows once it knows the doctor's standing with the patient: access held, the latest request
// and its outcome, and the forms to ask.

import type { BreakGlassChoice, RequestChoice } from '../../doctor/access-intents.ts';
import { categoryList, formatDateTime, formatDuration, purposeLabel } from '../../patient/consent-labels.ts';
import type { AccessStanding, IntentView } from '../../relayer/api-types.ts';
import { BreakGlassForm } from './BreakGlassForm.tsx';
import { RequestForm } from './RequestForm.tsx';

export type Sending = { label: string; intent?: IntentView } | undefined;

export interface StandingViewProps {
  standing: AccessStanding;
  sending: Sending;
  onRequest(choice: RequestChoice): void;
  onBreakGlass(choice: BreakGlassChoice): void;
  onOpenRecords(): void;
}

export function StandingView({
  standing,
  sending,
  onRequest,
  onBreakGlass,
  onOpenRecords,
}: StandingViewProps) {
  const request = standing.latestRequest;
  const pending = request?.status === 'pending';
  return (
    <div className="standing">
      {standing.grants.length > 0 ? (
        <div className="access access-granted" data-access="granted">
          {standing.grants.map((grant) => (
            <p key={grant.kind}>
              <strong>{grant.kind === 'break-glass' ? 'Emergency access' : 'Access granted'}</strong>:{' '}
              {categoryList(grant.categories)} until {formatDateTime(grant.expiresAt)}
              {grant.reason ? ` (${grant.reason})` : ''}
            </p>
          ))}
          <button type="button" className="button" onClick={onOpenRecords}>
            Open records
          </button>
          <p className="muted small">Records open decrypted in a MediCrypt tab, never in this page.</p>
        </div>
      ) : (
        <p className="access" data-access="none">
          <strong>No access</strong> to this patient's records.
        </p>
      )}
      {request && (
        <p className="request-line" data-request={request.status}>
          {pending && (
            <>
              <strong>Waiting for the patient</strong>: you asked for {categoryList(request.categories)},{' '}
              {purposeLabel(request.purpose)}, {formatDuration(request.durationSeconds)} (
              {formatDateTime(request.requestedAt)}).
            </>
          )}
          {request.status === 'denied' && (
            <>
              <strong>The patient declined</strong> your request of {formatDateTime(request.requestedAt)}.
            </>
          )}
          {request.status === 'approved' && standing.grants.every((grant) => grant.kind !== 'consent') && (
            <>Your access from {formatDateTime(request.decidedAt)} has ended or was revoked.</>
          )}
        </p>
      )}
      {!pending &&
        (standing.grants.some((grant) => grant.kind === 'consent') ? (
          // With access in hand, asking for more is the exception: folded away, one click to open.
          <details className="more-access">
            <summary>Ask for more or longer access</summary>
            <RequestForm disabled={sending !== undefined} onSubmit={onRequest} again />
          </details>
        ) : (
          <RequestForm disabled={sending !== undefined} onSubmit={onRequest} again={request !== null} />
        ))}
      <BreakGlassForm standing={standing} disabled={sending !== undefined} onSubmit={onBreakGlass} />
    </div>
  );
}
