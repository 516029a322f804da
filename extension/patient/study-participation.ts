// Taking part in a research study, from the patient's own client (docs/research.md):
// - consent to a study, or withdraw it: one signed setStudyConsent intent;
// - contribute: the patient's FHIR records in the study's categories are downloaded, decrypted here, merged and
//   de-identified under HIPAA Safe Harbor with a pseudonym only this patient can compute (a key derived from
//   their account key), and only that de-identified record is sent. The relayer never sees identifiable
//   plaintext; it takes a contribution only while the consent holds on chain, and a withdrawal drops it.
import { categories } from '@medicrypt/contracts';
import { deriveResearchKey } from '@medicrypt/crypto';
import { deidentify, FHIR_JSON, type FhirResource } from '@medicrypt/fhir';
import type { TrackedIntent } from '../intents/intent-activity.ts';
import { intentDeadline, submitIntent } from '../intents/submit-intent.ts';
import { openRecord } from '../records/open-record.ts';
import type { RecordView, StudyView } from '../relayer/api-types.ts';
import { loadEncryptionKey } from './encryption-key-store.ts';
import { studyConsentMessage } from './intent-messages.ts';
import type { PatientConnection } from './patient-connection.ts';
import { EncryptionKeyMissingError } from './share-record-keys.ts';

/** The records category of a Patient resource (demographics): the source of the quasi-identifiers. */
const DEMOGRAPHICS_CATEGORY = categories.other;

/** A study's title for people: the published one, or its id. */
export function studyTitle(study: StudyView): string {
  return study.protocol?.title ?? `Study ${study.studyId.slice(0, 10)}…`;
}

export function setStudyConsent(
  connection: PatientConnection,
  study: StudyView,
  granted: boolean,
): Promise<TrackedIntent> {
  return submitIntent(
    connection,
    'setStudyConsent',
    studyConsentMessage({ account: connection.account, deadline: intentDeadline() }, study, granted),
    `${granted ? 'Join' : 'Leave'} “${studyTitle(study)}”`,
  );
}

export interface Contribution {
  /** The patient's pseudonym in this study. */
  subject: string;
  /** FHIR records read for it. */
  records: number;
  /** De-identified resources sent (the Patient included). */
  resources: number;
  /** Resources left out (outside the study's categories, not on the allow-list, …). */
  omitted: number;
}

export class NothingToContributeError extends Error {
  override name = 'NothingToContributeError';
  readonly shortMessage = 'You have no FHIR records in the categories this study uses.';
}

/** The latest live version of each FHIR record in the study's categories, and the demographics records. */
export function recordsForStudy(records: readonly RecordView[], study: StudyView): RecordView[] {
  const wanted = new Set([...study.categories.map((name) => categories[name]), DEMOGRAPHICS_CATEGORY]);
  const latest = new Map<string, RecordView>();
  for (const record of records) {
    if (record.status === 'removed' || record.contentType !== FHIR_JSON || !wanted.has(record.category))
      continue;
    const seen = latest.get(record.recordId);
    if (!seen || seen.version < record.version) latest.set(record.recordId, record);
  }
  return [...latest.values()];
}

/** The resources of a FHIR JSON document: a Bundle's entries, or the resource itself. */
function resourcesOf(bytes: Uint8Array): FhirResource[] {
  const document = JSON.parse(new TextDecoder().decode(bytes)) as FhirResource & {
    entry?: { resource?: FhirResource }[];
  };
  if (document.resourceType === 'Bundle')
    return (document.entry ?? []).flatMap((entry) => (entry.resource ? [entry.resource] : []));
  return [document];
}

/**
 * De-identifies the patient's records for `study` here and sends the result (replacing an earlier contribution).
 * @throws EncryptionKeyMissingError, NothingToContributeError, RelayerError (NO_STUDY_CONSENT without consent).
 */
export async function contributeToStudy(
  connection: PatientConnection,
  study: StudyView,
): Promise<Contribution> {
  const { client, account } = connection;
  const keys = await loadEncryptionKey(account);
  if (!keys) throw new EncryptionKeyMissingError();
  const { records } = await client.json<{ records: RecordView[] }>('GET', '/v1/records');
  const chosen = recordsForStudy(records, study);
  const resources: FhirResource[] = [];
  for (const record of chosen)
    resources.push(
      ...resourcesOf(await openRecord(client, account, keys.secretKey, { ...record, patient: account })),
    );
  if (!resources.some((resource) => resource.resourceType !== 'Patient'))
    throw new NothingToContributeError();
  const studyKey = deriveResearchKey(keys.secretKey);
  try {
    const deidentified = deidentify(
      {
        resourceType: 'Bundle',
        type: 'collection',
        entry: resources.map((resource) => ({ resource })),
      } as FhirResource,
      { studyId: study.studyId, studyKey, patientAddress: account, categories: study.categories },
    );
    await client.json('PUT', `/v1/studies/${study.studyId}/contribution`, {
      body: { subject: deidentified.subject, quasi: deidentified.quasi, resources: deidentified.resources },
    });
    return {
      subject: deidentified.subject,
      records: chosen.length,
      resources: deidentified.resources.length,
      omitted: deidentified.omitted.length,
    };
  } finally {
    studyKey.fill(0);
  }
}
