import { LoadState } from '../../../components/LoadState.tsx';
import type { RelayerData } from '../../../hooks/use-relayer-data.ts';
import type { Grant, RecordView } from '../../../relayer/api-types.ts';
import { RecordGroup } from './RecordGroup.tsx';
import { UploadRecordForm } from './UploadRecordForm.tsx';

/** Versions grouped by record, records by their latest upload, newest first. */
export function groupVersions(records: readonly RecordView[]): RecordView[][] {
  const groups = new Map<string, RecordView[]>();
  for (const record of records) groups.set(record.recordId, [...(groups.get(record.recordId) ?? []), record]);
  return [...groups.values()]
    .map((versions) => versions.sort((a, b) => b.version - a.version))
    .sort((a, b) => b[0]!.uploadedAt.localeCompare(a[0]!.uploadedAt));
}

export interface RecordsPanelProps {
  records: RelayerData<{ records: RecordView[] }>;
  grants: readonly Grant[];
}

export function RecordsPanel({ records, grants }: RecordsPanelProps) {
  const groups = groupVersions(records.data?.records ?? []);
  return (
    <section aria-labelledby="records-heading" aria-busy={records.loading}>
      <h2 id="records-heading" className="panel-heading">
        Your records
      </h2>
      <UploadRecordForm grants={grants} />
      <LoadState
        loading={records.loading}
        error={records.error}
        empty={groups.length === 0}
        emptyText="No records yet. Add one above."
        what="records"
      >
        <ul className="card-list">
          {groups.map((versions) => (
            <RecordGroup key={versions[0]!.recordId} versions={versions} grants={grants} />
          ))}
        </ul>
      </LoadState>
    </section>
  );
}
