import type { CohortInsights } from '@medicrypt/fhir';
import { useEffect, useId, useState } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { categoryList, formatDateTime, purposeLabel } from '../../patient/consent-labels.ts';
import { studyTitle } from '../../patient/study-participation.ts';
import type { StudyView } from '../../relayer/api-types.ts';
import type { RelayerClient } from '../../relayer/relayer-client.ts';
import {
  type DataRequest,
  type DataRequestKind,
  listDataRequests,
  trackDataRequest,
} from '../../research/dataset-requests.ts';
import { type DatasetFormat, fetchDataset, fetchInsights } from '../../research/research-studies.ts';
import { InsightsView } from './InsightsView.tsx';

const FILE_EXTENSION: Record<DatasetFormat, string> = { ndjson: 'ndjson', csv: 'csv' };
const REQUEST_LABEL: Record<DataRequestKind, string> = {
  ndjson: 'Dataset (FHIR NDJSON)',
  csv: 'Dataset (CSV)',
  insights: 'Insights',
};
const STATUS_LABEL: Record<DataRequest['status'], string> = {
  requested: 'Requested',
  released: 'Released',
  refused: 'Refused',
};

/** Saves a blob under `name` through a temporary link (the page's own download, no extra permission). */
function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** One of the researcher's studies: its dataset (NDJSON, CSV) and its aggregate insights. */
export function ResearcherStudy({ study, client }: { study: StudyView; client: RelayerClient }) {
  const id = useId();
  const action = useAction();
  const [release, setRelease] = useState<string>();
  const [insights, setInsights] = useState<CohortInsights>();
  const [requests, setRequests] = useState<DataRequest[]>([]);
  useEffect(() => {
    void listDataRequests(study.studyId).then(setRequests);
  }, [study.studyId]);

  const download = (format: DatasetFormat) =>
    action.run(async () => {
      const dataset = await trackDataRequest(
        study.studyId,
        format,
        () => fetchDataset(client, study.studyId, format),
        (released) => `${released.released} released at k = ${released.k}, ${released.suppressed} suppressed`,
        setRequests,
      );
      save(dataset.body, `${study.studyId.slice(0, 10)}.${FILE_EXTENSION[format]}`);
      setRelease(
        `${dataset.released} patient${dataset.released === 1 ? '' : 's'} released at k = ${dataset.k}; ${dataset.suppressed} suppressed to reach it.`,
      );
    });
  const showInsights = () =>
    action.run(async () =>
      setInsights(
        await trackDataRequest(
          study.studyId,
          'insights',
          () => fetchInsights(client, study.studyId),
          (cohort) => `${cohort.suppressedCells.length} small cells suppressed`,
          setRequests,
        ),
      ),
    );

  return (
    <li className="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="card-title">
        {studyTitle(study)}
        <span className="tag">{study.active ? 'Recruiting' : 'Ended'}</span>
      </h3>
      <dl className="facts">
        <dt>For</dt>
        <dd>{purposeLabel(study.purpose)}</dd>
        <dt>Uses</dt>
        <dd>{categoryList(study.categories)}</dd>
        <dt>Until</dt>
        <dd>{formatDateTime(study.endsAt)}</dd>
      </dl>
      <div className="actions">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => download('ndjson')}
          disabled={action.pending}
        >
          Dataset (FHIR NDJSON)
        </button>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => download('csv')}
          disabled={action.pending}
        >
          Dataset (CSV)
        </button>
        <button type="button" className="button" onClick={showInsights} disabled={action.pending}>
          Insights
        </button>
      </div>
      {release && (
        <p className="notice" role="status">
          {release}
        </p>
      )}
      <ErrorNotice message={action.error} />
      {requests.length > 0 && (
        <section aria-labelledby={`${id}-requests`}>
          <h4 id={`${id}-requests`}>Your requests</h4>
          <ul className="request-log">
            {requests.map((request) => (
              <li key={request.id}>
                <span>{REQUEST_LABEL[request.kind]}</span>{' '}
                <span className="muted">{formatDateTime(request.requestedAt)}</span>{' '}
                <span className={`tag tag-${request.status}`}>{STATUS_LABEL[request.status]}</span>
                {request.detail && <span className="muted"> {request.detail}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {insights && <InsightsView insights={insights} />}
    </li>
  );
}
