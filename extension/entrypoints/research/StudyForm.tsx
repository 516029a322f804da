import { type CategoryName, categoryNames } from '@medicrypt/contracts';
import { type FormEvent, useId, useState } from 'react';
import { CategoryChoices } from '../../components/CategoryChoices.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { purposeLabel } from '../../patient/consent-labels.ts';
import { type ResearchPurpose, researchPurposes } from '../../patient/intent-messages.ts';
import type { PatientConnection } from '../../patient/patient-connection.ts';
import { publishStudy } from '../../research/research-studies.ts';

const DEFAULT_DURATION_DAYS = 365;

/** A new study: its protocol is published to the relayer, then its hash registered on chain by a signature. */
export function StudyForm({ connection }: { connection: PatientConnection }) {
  const id = useId();
  const action = useAction();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [purpose, setPurpose] = useState<ResearchPurpose>('research');
  const [chosen, setChosen] = useState<CategoryName[]>([]);
  const [inclusionCriteria, setInclusionCriteria] = useState('');
  const [durationDays, setDurationDays] = useState(DEFAULT_DURATION_DAYS);
  const [ethicsReference, setEthicsReference] = useState('');
  const [contact, setContact] = useState('');
  const [sent, setSent] = useState<string>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      if (chosen.length === 0) throw new Error('Choose the categories of data the study needs.');
      const { studyId } = await publishStudy(connection, {
        title: title.trim(),
        description: description.trim(),
        purpose,
        categories: chosen,
        inclusionCriteria: inclusionCriteria.trim(),
        durationDays,
        ethicsReference: ethicsReference.trim(),
        ...(contact.trim() ? { contact: contact.trim() } : {}),
      });
      setSent(`Registration of ${studyId.slice(0, 10)}… sent; the study is listed once it is on chain.`);
    });
  };
  const field = (name: string) => `${id}-${name}`;

  return (
    <form className="panel stack" onSubmit={submit} aria-labelledby={field('heading')}>
      <h2 id={field('heading')} className="panel-heading">
        New study
      </h2>
      <div className="field">
        <label htmlFor={field('title')}>Title</label>
        <input
          id={field('title')}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          required
          minLength={3}
        />
      </div>
      <div className="field">
        <label htmlFor={field('description')}>Purpose and method</label>
        <textarea
          id={field('description')}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          required
        />
      </div>
      <div className="field">
        <label htmlFor={field('purpose')}>Kind of use</label>
        <select
          id={field('purpose')}
          value={purpose}
          onChange={(e) => setPurpose(e.target.value as ResearchPurpose)}
        >
          {researchPurposes.map((name) => (
            <option key={name} value={name}>
              {purposeLabel(name)}
            </option>
          ))}
        </select>
      </div>
      <CategoryChoices
        legend="Data the study needs"
        options={categoryNames}
        selected={chosen}
        onChange={setChosen}
      />
      <div className="field">
        <label htmlFor={field('inclusion')}>Who may join (inclusion criteria)</label>
        <textarea
          id={field('inclusion')}
          value={inclusionCriteria}
          onChange={(e) => setInclusionCriteria(e.target.value)}
          required
        />
      </div>
      <div className="field">
        <label htmlFor={field('duration')}>Duration (days)</label>
        <input
          id={field('duration')}
          type="number"
          min={1}
          max={3650}
          value={durationDays}
          onChange={(e) => setDurationDays(Number(e.target.value))}
          required
        />
      </div>
      <div className="field">
        <label htmlFor={field('ethics')}>Ethics board reference</label>
        <input
          id={field('ethics')}
          value={ethicsReference}
          onChange={(e) => setEthicsReference(e.target.value)}
          required
        />
      </div>
      <div className="field">
        <label htmlFor={field('contact')}>Contact (optional)</label>
        <input id={field('contact')} value={contact} onChange={(e) => setContact(e.target.value)} />
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={action.pending} aria-busy={action.pending}>
          Publish and register
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
