// The overlay's access request: categories, a care purpose and a duration, checked before the wallet opens.
import { type CategoryName, carePurposes, categoryNames, type PurposeName } from '@medicrypt/contracts';
import { type FormEvent, useId, useState } from 'react';
import { CategoryChoices } from '../../components/CategoryChoices.tsx';
import { checkRequestChoice, type RequestChoice, requestDurations } from '../../doctor/access-intents.ts';
import { purposeLabel } from '../../patient/consent-labels.ts';
import { errorMessage } from '../../patient/error-message.ts';
import { DurationField } from './DurationField.tsx';

export function RequestForm({
  disabled,
  again,
  onSubmit,
}: {
  disabled: boolean;
  again: boolean;
  onSubmit(choice: RequestChoice): void;
}) {
  const [categories, setCategories] = useState<CategoryName[]>([]);
  const [purpose, setPurpose] = useState<PurposeName>(carePurposes[0]!);
  const [durationSeconds, setDuration] = useState<number>(requestDurations[2].seconds);
  const [invalid, setInvalid] = useState<string>();
  const ids = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    try {
      checkRequestChoice({ categories, purpose, durationSeconds });
    } catch (caught) {
      return setInvalid(errorMessage(caught));
    }
    setInvalid(undefined);
    onSubmit({ categories, purpose, durationSeconds });
  };
  return (
    <form className="request-form" onSubmit={submit} aria-label="Request access">
      <CategoryChoices
        legend="Records needed"
        options={categoryNames}
        selected={categories}
        onChange={setCategories}
        disabled={disabled}
      />
      <div className="field">
        <label htmlFor={`${ids}-purpose`}>Purpose</label>
        <select
          id={`${ids}-purpose`}
          value={purpose}
          disabled={disabled}
          onChange={(event) => setPurpose(event.target.value as PurposeName)}
        >
          {carePurposes.map((name) => (
            <option key={name} value={name}>
              {purposeLabel(name)}
            </option>
          ))}
        </select>
      </div>
      <DurationField
        options={requestDurations}
        value={durationSeconds}
        disabled={disabled}
        onChange={setDuration}
      />
      {invalid && (
        <p className="field-error" role="alert">
          {invalid}
        </p>
      )}
      <button type="submit" className="button" disabled={disabled}>
        {again ? 'Request access again' : 'Request access'}
      </button>
    </form>
  );
}
