// The researcher's side of a study, from the research workspace page:
// - publish: the protocol goes to the relayer (which checks the researcher's credential and answers the study id
//   and protocol hash), then the researcher signs registerStudy so the chain holds that hash;
// - read the consented cohort: the k-anonymous dataset (FHIR NDJSON or CSV) and aggregate insights, which the
//   relayer builds only from contributions whose patients' consent holds on chain now.
import { type CategoryName, categoryMask, purposes } from '@medicrypt/contracts';
import type { CohortInsights } from '@medicrypt/fhir';
import type { TrackedIntent } from '../intents/intent-activity.ts';
import { intentDeadline, submitIntent } from '../intents/submit-intent.ts';
import type { PatientConnection } from '../patient/patient-connection.ts';
import type { StudyProtocol, StudyView } from '../relayer/api-types.ts';
import type { RelayerClient } from '../relayer/relayer-client.ts';
import { errorFromResponse } from '../relayer/relayer-error.ts';

const DAY_SECONDS = 86_400;

export interface PublishedStudy {
  studyId: string;
  protocolHash: `0x${string}`;
  intent: TrackedIntent;
}

/** Publishes the protocol, then signs its registration; the study appears once the intent lands. */
export async function publishStudy(
  connection: PatientConnection,
  protocol: StudyProtocol,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<PublishedStudy> {
  const published = await connection.client.json<{ studyId: string; protocolHash: `0x${string}` }>(
    'POST',
    '/v1/studies',
    { body: protocol },
  );
  const intent = await submitIntent(
    connection,
    'registerStudy',
    {
      actor: connection.account,
      purpose: purposes[protocol.purpose],
      categories: categoryMask(protocol.categories as CategoryName[]),
      endsAt: nowSeconds + protocol.durationDays * DAY_SECONDS,
      protocolHash: published.protocolHash,
      deadline: intentDeadline(nowSeconds),
    },
    `Register “${protocol.title}”`,
  );
  return { ...published, intent };
}

export function listStudies(client: RelayerClient, researcher?: string): Promise<{ studies: StudyView[] }> {
  return client.json('GET', researcher ? `/v1/studies?researcher=${researcher}` : '/v1/studies');
}

export type DatasetFormat = 'ndjson' | 'csv';

export interface Dataset {
  format: DatasetFormat;
  body: Blob;
  /** Patients released, and suppressed to reach k. */
  released: number;
  suppressed: number;
  k: number;
}

/** The study's k-anonymous, de-identified dataset (its researcher only). */
export async function fetchDataset(
  client: RelayerClient,
  studyId: string,
  format: DatasetFormat,
): Promise<Dataset> {
  const response = await client.authed('GET', `/v1/studies/${studyId}/dataset?format=${format}`);
  if (!response.ok) throw await errorFromResponse(response);
  const figure = (name: string) => Number(response.headers.get(name) ?? Number.NaN);
  return {
    format,
    body: await response.blob(),
    released: figure('x-released'),
    suppressed: figure('x-suppressed'),
    k: figure('x-k-anonymity-k'),
  };
}

/** Aggregate statistics of the consented cohort; `epsilon` adds Laplace noise. */
export function fetchInsights(
  client: RelayerClient,
  studyId: string,
  epsilon?: number,
): Promise<CohortInsights> {
  return client.json('GET', `/v1/studies/${studyId}/insights${epsilon ? `?epsilon=${epsilon}` : ''}`);
}
