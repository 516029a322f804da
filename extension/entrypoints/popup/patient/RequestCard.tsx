import type { CategoryName } from '@medicrypt/contracts';
import { useId, useState } from 'react';
import { AccountAddress } from '../../../components/AccountAddress.tsx';
import { CategoryChoices } from '../../../components/CategoryChoices.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import {
  categoryList,
  formatDateTime,
  formatDuration,
  purposeLabel,
} from '../../../patient/consent-labels.ts';
import { approveRequest, denyRequest } from '../../../patient/decide-request.ts';
import { errorMessage } from '../../../patient/error-message.ts';
import type { AccessRequest } from '../../../relayer/api-types.ts';
import { usePatient } from './patient-context.ts';

const DAY = 86_400;

/** Durations the patient may pick: common ones shorter than asked, and what was asked. */
export function durationOptions(requested: number): number[] {
  return [
    ...new Set([DAY, 7 * DAY, 30 * DAY, 90 * DAY].filter((seconds) => seconds < requested).concat(requested)),
  ];
}

export interface DecisionOutcome {
  text: string;
  warning?: string;
}

export interface RequestCardProps {
  request: AccessRequest;
  /** What came of a decision; the panel shows it, since the card leaves the list once the decision lands. */
  onDecided(outcome: DecisionOutcome): void;
}

/** One pending request: who asks, for what, why and how long; approve (as asked, or narrower) or deny. */
export function RequestCard({ request, onDecided }: RequestCardProps) {
  const { connection } = usePatient();
  const id = useId();
  const action = useAction();
  const [customising, setCustomising] = useState(false);
  const [chosen, setChosen] = useState<CategoryName[]>(request.categories);
  const [duration, setDuration] = useState(request.durationSeconds);
  const [sent, setSent] = useState(false);

  const approve = () =>
    action.run(async () => {
      const result = await approveRequest(connection, request, {
        categories: chosen,
        durationSeconds: duration,
      });
      setSent(true);
      if (!result.keys.ok)
        return onDecided({ text: 'Approval sent.', warning: errorMessage(result.keys.error) });
      const { shared, skipped } = result.keys.result;
      const unshared = skipped ? `, ${skipped} could not be shared from this browser` : '';
      onDecided({ text: `Approval sent. ${shared} record key${shared === 1 ? '' : 's'} shared${unshared}.` });
    });
  const deny = () =>
    action.run(async () => {
      await denyRequest(connection, request);
      setSent(true);
      onDecided({ text: 'Denial sent.' });
    });

  return (
    <li className="card request-card" aria-labelledby={`${id}-who`}>
      <h3 id={`${id}-who`} className="card-title">
        <span className="visually-hidden">Request from </span>
        <AccountAddress address={request.doctor} />
      </h3>
      <dl className="facts">
        <dt>Wants</dt>
        <dd>{categoryList(request.categories)}</dd>
        <dt>Why</dt>
        <dd>{purposeLabel(request.purpose)}</dd>
        <dt>For</dt>
        <dd>{formatDuration(request.durationSeconds)}</dd>
        <dt>Asked</dt>
        <dd>{formatDateTime(request.requestedAt)}</dd>
      </dl>

      {customising && (
        <div className="customise">
          <CategoryChoices
            legend="Share only"
            options={request.categories}
            selected={chosen}
            onChange={setChosen}
            disabled={action.pending}
          />
          <div className="field">
            <label htmlFor={`${id}-duration`}>For how long</label>
            <select
              id={`${id}-duration`}
              value={duration}
              onChange={(event) => setDuration(Number(event.target.value))}
              disabled={action.pending}
            >
              {durationOptions(request.durationSeconds).map((seconds) => (
                <option key={seconds} value={seconds}>
                  {formatDuration(seconds)}
                  {seconds === request.durationSeconds ? ' (as asked)' : ''}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}

      {sent ? (
        <p className="muted">Decision sent; waiting for it to land.</p>
      ) : (
        <div className="actions">
          <button
            type="button"
            className="button"
            onClick={approve}
            disabled={action.pending || chosen.length === 0}
            aria-busy={action.pending}
          >
            {action.pending ? 'Waiting for MetaMask…' : customising ? 'Approve selection' : 'Approve'}
          </button>
          <button type="button" className="button button-danger" onClick={deny} disabled={action.pending}>
            Deny
          </button>
          <button
            type="button"
            className="link-button"
            aria-expanded={customising}
            onClick={() => setCustomising(!customising)}
            disabled={action.pending}
          >
            {customising ? 'Share as asked' : 'Share less…'}
          </button>
        </div>
      )}
      <ErrorNotice message={action.error} />
    </li>
  );
}
