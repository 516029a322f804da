import { useId, useState } from 'react';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import { registerRecord } from '../../../patient/add-record.ts';
import { categoryLabel, formatDateTime } from '../../../patient/consent-labels.ts';
import { categoryNameOf } from '../../../records/record-category.ts';
import type { Grant, RecordStatus, RecordView } from '../../../relayer/api-types.ts';
import { usePatient } from './patient-context.ts';
import { UploadRecordForm } from './UploadRecordForm.tsx';

const statusText: Record<RecordStatus, string> = {
  unregistered: 'Not registered',
  current: 'Current',
  superseded: 'Replaced',
  removed: 'Removed',
};

export function StatusTag({ status }: { status: RecordStatus }) {
  return <span className={`tag tag-${status}`}>{statusText[status]}</span>;
}

/** One record with its versions, newest first: register a version not on chain yet, or add a new version. */
export function RecordGroup({ versions, grants }: { versions: RecordView[]; grants: readonly Grant[] }) {
  const { connection, refresh } = usePatient();
  const id = useId();
  const action = useAction();
  const [adding, setAdding] = useState(false);
  const [sent, setSent] = useState<string>();
  const latest = versions[0]!;
  const current = versions.find((version) => version.status === 'current');
  const previousOf = (record: RecordView) =>
    versions.find((version) => version.status === 'current' && version.version < record.version);

  const register = (record: RecordView) =>
    action.run(async () => {
      await registerRecord(connection, record, previousOf(record));
      setSent(`Registration of version ${record.version} sent.`);
      refresh();
    });

  return (
    <li className="card" aria-labelledby={`${id}-name`}>
      <h3 id={`${id}-name`} className="card-title record-name">
        <span className="record-title" title={latest.name}>
          {latest.name}
        </span>
        <StatusTag status={latest.status} />
      </h3>
      <p className="muted">
        {categoryLabel(categoryNameOf(latest.category))} · version {latest.version} ·{' '}
        {formatDateTime(latest.uploadedAt)}
      </p>
      {latest.status === 'unregistered' && (
        <div className="actions">
          <button type="button" className="button" onClick={() => register(latest)} disabled={action.pending}>
            Register
          </button>
        </div>
      )}
      {versions.length > 1 && (
        <details className="versions">
          <summary>All {versions.length} versions</summary>
          <ol className="version-list">
            {versions.map((version) => (
              <li key={version.cid}>
                Version {version.version} · <StatusTag status={version.status} /> ·{' '}
                {formatDateTime(version.uploadedAt)}
              </li>
            ))}
          </ol>
        </details>
      )}
      {sent && (
        <p className="notice" role="status">
          {sent}
        </p>
      )}
      <ErrorNotice message={action.error} />
      {current && latest.status === 'current' && !adding && (
        <button type="button" className="link-button" onClick={() => setAdding(true)}>
          Upload a new version
        </button>
      )}
      {adding && current && (
        <UploadRecordForm grants={grants} previous={current} onCancel={() => setAdding(false)} />
      )}
    </li>
  );
}
