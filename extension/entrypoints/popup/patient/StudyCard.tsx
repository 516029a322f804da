import { useId, useState } from 'react';
import { AccountAddress } from '../../../components/AccountAddress.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import { categoryList, formatDateTime, purposeLabel } from '../../../patient/consent-labels.ts';
import { contributeToStudy, setStudyConsent, studyTitle } from '../../../patient/study-participation.ts';
import type { StudyView } from '../../../relayer/api-types.ts';
import { usePatient } from './patient-context.ts';

/** One study: what it is for and uses, whether the patient takes part; join, share de-identified data, leave. */
export function StudyCard({ study }: { study: StudyView }) {
  const { connection } = usePatient();
  const id = useId();
  const action = useAction();
  const [outcome, setOutcome] = useState<string>();
  const joined = study.myConsent.granted;

  const consent = (granted: boolean) =>
    action.run(async () => {
      await setStudyConsent(connection, study, granted);
      setOutcome(granted ? 'Consent sent.' : 'Withdrawal sent: your data leaves the study’s next export.');
    });
  const contribute = () =>
    action.run(async () => {
      const sent = await contributeToStudy(connection, study);
      setOutcome(
        `De-identified data sent: ${sent.resources} entr${sent.resources === 1 ? 'y' : 'ies'} from ${sent.records} record${sent.records === 1 ? '' : 's'}; names, addresses, exact dates and ids removed.`,
      );
    });

  return (
    <li className="card" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`} className="card-title">
        {studyTitle(study)}
        {joined && <span className="tag">You take part</span>}
        {!study.active && <span className="tag">Ended</span>}
      </h4>
      <dl className="facts">
        <dt>For</dt>
        <dd>{purposeLabel(study.purpose)}</dd>
        <dt>Uses</dt>
        <dd>{categoryList(study.categories)}, de-identified</dd>
        <dt>Until</dt>
        <dd>{formatDateTime(study.endsAt)}</dd>
        {study.protocol && (
          <>
            <dt>Ethics</dt>
            <dd>{study.protocol.ethicsReference}</dd>
          </>
        )}
      </dl>
      {study.protocol && (
        <details>
          <summary>About this study</summary>
          <p>{study.protocol.description}</p>
          <p>
            <strong>Who may join:</strong> {study.protocol.inclusionCriteria}
          </p>
          <p className="muted">
            Researcher <AccountAddress address={study.researcher} />
            {study.protocol.contact ? ` · ${study.protocol.contact}` : ''}
          </p>
        </details>
      )}
      {outcome && (
        <p className="notice" role="status">
          {outcome}
        </p>
      )}
      <div className="actions">
        {!joined && study.active && (
          <button
            type="button"
            className="button"
            onClick={() => consent(true)}
            disabled={action.pending}
            aria-busy={action.pending}
          >
            Join study
          </button>
        )}
        {joined && (
          <>
            <button type="button" className="button" onClick={contribute} disabled={action.pending}>
              Share de-identified data
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => consent(false)}
              disabled={action.pending}
            >
              Leave study
            </button>
          </>
        )}
      </div>
      <ErrorNotice message={action.error} />
    </li>
  );
}
