import { type CategoryName, categoryNames } from '@medicrypt/contracts';
import { type FormEvent, useId, useState } from 'react';
import { CategoryChoices } from '../../../components/CategoryChoices.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import { categoryList, purposeLabel } from '../../../patient/consent-labels.ts';
import { type ResearchPurpose, researchPurposes } from '../../../patient/intent-messages.ts';
import { setResearchConsent } from '../../../patient/patient-settings.ts';
import type { PatientSettings } from '../../../relayer/api-types.ts';
import { usePatient } from './patient-context.ts';

/** Which categories may be used, de-identified, for each research purpose (none: opted out). */
export function ResearchConsentForm({ settings }: { settings: PatientSettings }) {
  const { connection } = usePatient();
  const id = useId();
  const action = useAction();
  const [purpose, setPurpose] = useState<ResearchPurpose>('research');
  const currentOf = (name: ResearchPurpose) =>
    (settings.research.find((entry) => entry.purpose === name)?.categories ?? []) as CategoryName[];
  const [chosen, setChosen] = useState<CategoryName[]>(currentOf('research'));
  const [sent, setSent] = useState<string>();

  const choosePurpose = (name: ResearchPurpose) => {
    setPurpose(name);
    setChosen(currentOf(name));
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await setResearchConsent(connection, settings, purpose, chosen);
      setSent('Research consent sent.');
    });
  };

  return (
    <form className="setting" onSubmit={save}>
      <h3 className="subheading">Research consent</h3>
      {settings.research.filter((entry) => entry.categories.length > 0).length === 0 ? (
        <p className="muted">Your records are not used for research.</p>
      ) : (
        <ul className="plain-list">
          {settings.research
            .filter((entry) => entry.categories.length > 0)
            .map((entry) => (
              <li key={entry.purpose}>
                {purposeLabel(entry.purpose)}: {categoryList(entry.categories)}
              </li>
            ))}
        </ul>
      )}
      <div className="field">
        <label htmlFor={`${id}-purpose`}>Purpose</label>
        <select
          id={`${id}-purpose`}
          value={purpose}
          onChange={(event) => choosePurpose(event.target.value as ResearchPurpose)}
          disabled={action.pending}
        >
          {researchPurposes.map((name) => (
            <option key={name} value={name}>
              {purposeLabel(name)}
            </option>
          ))}
        </select>
      </div>
      <details>
        <summary>Categories ({chosen.length === 0 ? 'none' : chosen.length})</summary>
        <CategoryChoices
          legend={`Share de-identified for ${purposeLabel(purpose).toLowerCase()}`}
          options={categoryNames}
          selected={chosen}
          onChange={setChosen}
          disabled={action.pending}
        />
      </details>
      <div className="actions">
        <button type="submit" className="button button-secondary" disabled={action.pending}>
          {chosen.length === 0 ? 'Opt out' : 'Save research consent'}
        </button>
      </div>
      {sent && (
        <p className="notice" role="status">
          {sent}
        </p>
      )}
      <ErrorNotice message={action.error} />
    </form>
  );
}
