import { type CategoryName, categoryNames } from '@medicrypt/contracts';
import { type FormEvent, useId, useState } from 'react';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import { addRecord } from '../../../patient/add-record.ts';
import { categoryLabel } from '../../../patient/consent-labels.ts';
import { errorMessage, isUserRejection } from '../../../patient/error-message.ts';
import { type PreparedUpload, prepareUpload } from '../../../patient/upload-record.ts';
import type { Grant, RecordView } from '../../../relayer/api-types.ts';
import { usePatient } from './patient-context.ts';

export interface UploadRecordFormProps {
  grants: readonly Grant[];
  /** Uploading a new version of this record. */
  previous?: RecordView;
  onCancel?(): void;
}

/** Choose a file, check it, pick its category, then encrypt, upload and register it. */
export function UploadRecordForm({ grants, previous, onCancel }: UploadRecordFormProps) {
  const { connection, refresh } = usePatient();
  const id = useId();
  const reading = useAction();
  const uploading = useAction();
  const [prepared, setPrepared] = useState<PreparedUpload>();
  const [category, setCategory] = useState<CategoryName>('other');
  const [outcome, setOutcome] = useState<{ text: string; warning?: string }>();

  const choose = (file: File | undefined) => {
    setPrepared(undefined);
    setOutcome(undefined);
    uploading.clearError();
    if (!file) return;
    void reading.run(async () => {
      const upload = await prepareUpload(file);
      setPrepared(upload);
      setCategory(upload.category);
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!prepared) return;
    void uploading.run(async () => {
      const result = await addRecord(connection, prepared, { category, previous }, grants);
      refresh();
      const sharing = result.sharingErrors.map(({ error }) => errorMessage(error));
      if (result.registration.ok) setOutcome({ text: 'Encrypted and uploaded. Registration sent.' });
      else
        setOutcome({
          text: 'Encrypted and uploaded, but not registered yet: use Register in the list below.',
          warning: isUserRejection(result.registration.error)
            ? errorMessage(result.registration.error)
            : `Registration failed: ${errorMessage(result.registration.error)}`,
        });
      if (sharing.length > 0)
        setOutcome((current) => ({ text: current?.text ?? '', warning: sharing.join(' ') }));
      setPrepared(undefined);
    });
  };

  return (
    <form className="card upload-form" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} className="card-title">
        {previous ? `New version of ${previous.name}` : 'Add a record'}
      </h3>
      <div className="field">
        <label htmlFor={`${id}-file`}>Record file</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".json,application/json,application/fhir+json,application/pdf,application/dicom,image/*,text/plain"
          onChange={(event) => choose(event.target.files?.[0])}
          disabled={uploading.pending}
          aria-describedby={`${id}-file-hint`}
        />
        <p className="field-hint muted" id={`${id}-file-hint`}>
          FHIR JSON is checked first. Everything is encrypted here before it leaves your browser.
        </p>
      </div>
      <ErrorNotice message={reading.error} />
      {prepared && (
        <>
          <p className="muted">
            {prepared.fhir ? `FHIR ${prepared.fhir.resourceType}` : prepared.contentType} ·{' '}
            {prepared.bytes.length.toLocaleString()} bytes
          </p>
          <div className="field">
            <label htmlFor={`${id}-category`}>Category</label>
            <select
              id={`${id}-category`}
              value={category}
              onChange={(event) => setCategory(event.target.value as CategoryName)}
              disabled={uploading.pending}
            >
              {categoryNames.map((name) => (
                <option key={name} value={name}>
                  {categoryLabel(name)}
                  {name === prepared.category ? ' (suggested)' : ''}
                </option>
              ))}
            </select>
          </div>
        </>
      )}
      <div className="actions">
        <button
          type="submit"
          className="button"
          disabled={!prepared || uploading.pending}
          aria-busy={uploading.pending}
        >
          {uploading.pending ? 'Encrypting and uploading…' : 'Encrypt and upload'}
        </button>
        {onCancel && (
          <button
            type="button"
            className="button button-secondary"
            onClick={onCancel}
            disabled={uploading.pending}
          >
            Cancel
          </button>
        )}
      </div>
      {outcome && (
        <p className="notice" role="status">
          {outcome.text}
        </p>
      )}
      {outcome?.warning && <p className="notice notice-warning">{outcome.warning}</p>}
      <ErrorNotice message={uploading.error} />
    </form>
  );
}
