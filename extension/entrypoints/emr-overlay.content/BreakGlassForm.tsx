// The overlay's emergency access (break-glass): categories, a stated reason and at most a day.
import { type CategoryName, categoryNames } from '@medicrypt/contracts';
import { type FormEvent, useId, useState } from 'react';
import { CategoryChoices } from '../../components/CategoryChoices.tsx';
import {
  type BreakGlassChoice,
  breakGlassDurations,
  checkBreakGlassChoice,
} from '../../doctor/access-intents.ts';
import { errorMessage } from '../../patient/error-message.ts';
import type { AccessStanding } from '../../relayer/api-types.ts';
import { DurationField } from './DurationField.tsx';

export function BreakGlassForm({
  standing,
  disabled,
  onSubmit,
}: {
  standing: AccessStanding;
  disabled: boolean;
  onSubmit(choice: BreakGlassChoice): void;
}) {
  const [categories, setCategories] = useState<CategoryName[]>([]);
  const [durationSeconds, setDuration] = useState<number>(breakGlassDurations[0].seconds);
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<string>();
  const ids = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    try {
      checkBreakGlassChoice(standing, { categories, durationSeconds, reason });
    } catch (caught) {
      return setInvalid(errorMessage(caught));
    }
    setInvalid(undefined);
    onSubmit({ categories, durationSeconds, reason });
  };
  return (
    <details className="break-glass">
      <summary>Emergency access (break-glass)</summary>
      {!standing.breakGlassAllowed ? (
        <p className="notice notice-warning">This patient has switched emergency access off.</p>
      ) : (
        <form onSubmit={submit} aria-label="Emergency access">
          <p className="muted small">
            Opens access at once, for at most a day. The patient is notified immediately and sees your reason.
          </p>
          <CategoryChoices
            legend="Records needed now"
            options={categoryNames}
            selected={categories}
            onChange={setCategories}
            disabled={disabled}
          />
          <div className="field">
            <label htmlFor={`${ids}-reason`}>Reason</label>
            <textarea
              id={`${ids}-reason`}
              value={reason}
              rows={2}
              disabled={disabled}
              onChange={(event) => setReason(event.target.value)}
            />
          </div>
          <DurationField
            options={breakGlassDurations}
            value={durationSeconds}
            disabled={disabled}
            onChange={setDuration}
          />
          {invalid && (
            <p className="field-error" role="alert">
              {invalid}
            </p>
          )}
          <button type="submit" className="button button-danger" disabled={disabled}>
            Open emergency access
          </button>
        </form>
      )}
    </details>
  );
}
