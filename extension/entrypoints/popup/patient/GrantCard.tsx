import { useId, useState } from 'react';
import { AccountAddress } from '../../../components/AccountAddress.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import { categoryList, formatDateTime } from '../../../patient/consent-labels.ts';
import { revokeAccess } from '../../../patient/revoke-access.ts';
import { shareRecordKeys } from '../../../patient/share-record-keys.ts';
import type { Grant } from '../../../relayer/api-types.ts';
import { usePatient } from './patient-context.ts';

/** One grant in force: who, what, until when; revoke it, or share record keys again. */
export function GrantCard({ grant }: { grant: Grant }) {
  const { connection } = usePatient();
  const id = useId();
  const action = useAction();
  const [outcome, setOutcome] = useState<string>();
  const emergency = grant.kind === 'break-glass';

  const revoke = () =>
    action.run(async () => {
      await revokeAccess(connection, grant);
      setOutcome('Revocation sent.');
    });
  const share = () =>
    action.run(async () => {
      const { shared, skipped } = await shareRecordKeys(connection, grant.grantee, grant.categories);
      setOutcome(
        `${shared} record key${shared === 1 ? '' : 's'} shared${skipped ? `; ${skipped} could not be shared from this browser` : ''}.`,
      );
    });

  return (
    <li className={`card${emergency ? ' card-emergency' : ''}`} aria-labelledby={`${id}-who`}>
      <h3 id={`${id}-who`} className="card-title">
        <span className="visually-hidden">{emergency ? 'Emergency access of ' : 'Access of '}</span>
        <AccountAddress address={grant.grantee} />
        {emergency && <span className="tag tag-danger">Emergency</span>}
      </h3>
      <dl className="facts">
        <dt>Sees</dt>
        <dd>{categoryList(grant.categories)}</dd>
        <dt>Until</dt>
        <dd>{formatDateTime(grant.expiresAt)}</dd>
        {grant.reason && (
          <>
            <dt>Reason</dt>
            <dd>{grant.reason}</dd>
          </>
        )}
      </dl>
      {outcome && (
        <p className="notice" role="status">
          {outcome}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="button button-danger"
          onClick={revoke}
          disabled={action.pending}
          aria-busy={action.pending}
        >
          Revoke
        </button>
        {!emergency && (
          <button type="button" className="button button-secondary" onClick={share} disabled={action.pending}>
            Share keys again
          </button>
        )}
      </div>
      <ErrorNotice message={action.error} />
    </li>
  );
}
