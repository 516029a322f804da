// Research studies: protocols researchers publish, the studies registered on chain (from the indexed events),
// each patient's consent to a study, and the de-identified contributions patients' clients send. A contribution
// counts only while its patient's consent holds on chain: withdrawing consent drops it from the next export.
import { categoriesOf, purposes, studyIdOf } from '@medicrypt/contracts';
import { cohortInsights, type DeidentifiedRecord, exportStudy } from '@medicrypt/fhir';
import { type Kysely, sql } from 'kysely';
import type { Address } from 'viem';
import type { ConsentView } from '../access/consent-view.ts';
import type { Database } from '../db/schema.ts';
import { RelayerError } from '../errors.ts';
import { protocolHashOf, type StudyProtocol } from './study-protocol.ts';

export interface StudyView {
  studyId: string;
  researcher: string;
  purpose: string;
  categories: string[];
  endsAt: string;
  protocolHash: string;
  /** The protocol document, when the researcher published it here. */
  protocol: Record<string, unknown> | null;
  registeredAt: string | null;
  active: boolean;
  /** The viewer's own consent, with the nonce of their next setStudyConsent intent. */
  myConsent: { granted: boolean; nonce: number };
}

export interface Contribution {
  subject: string;
  quasi: { ageBand: string; sex: string; zip3: string };
  resources: Record<string, unknown>[];
}

const asRecord = (contribution: Contribution): DeidentifiedRecord =>
  ({ ...contribution, omitted: [] }) as unknown as DeidentifiedRecord;
const purposeNames = Object.fromEntries(Object.entries(purposes).map(([name, code]) => [code, name]));
const lower = (address: string) => address.toLowerCase();
const unknownStudy = (studyId: string) =>
  new RelayerError('UNKNOWN_STUDY', 404, `no registered study ${studyId}`);

export class StudyService {
  constructor(private readonly options: { db: Kysely<Database>; consent: ConsentView }) {}

  /** Stores a researcher's protocol and says which study id and hash to register on chain. */
  async publishProtocol(researcher: Address, protocol: StudyProtocol) {
    if (!(await this.options.consent.credentials(researcher)).includes('researcher'))
      throw new RelayerError('MISSING_CREDENTIAL', 403, `${researcher} holds no valid researcher credential`);
    const protocolHash = protocolHashOf(protocol);
    const studyId = studyIdOf(researcher, protocolHash);
    await this.options.db
      .insertInto('study_protocols')
      .values({
        study_id: studyId,
        researcher: lower(researcher),
        protocol_hash: protocolHash,
        protocol: JSON.stringify(protocol),
        created_at: new Date(),
      })
      .onConflict((oc) => oc.column('study_id').doNothing())
      .execute();
    return { studyId, protocolHash, protocol };
  }

  /** Registered studies (newest first), with the viewer's consent to each. */
  async list(viewer: Address, filter: { researcher?: string } = {}): Promise<StudyView[]> {
    let query = this.options.db
      .selectFrom('chain_events')
      .leftJoin('study_protocols', (join) =>
        join.on(sql<boolean>`study_protocols.study_id = chain_events.args->>'studyId'`),
      )
      .select(['chain_events.args', 'chain_events.block_time', 'study_protocols.protocol'])
      .where('chain_events.event_name', '=', 'StudyRegistered')
      .orderBy('chain_events.block_number', 'desc')
      .orderBy('chain_events.log_index', 'desc');
    if (filter.researcher)
      query = query.where(
        sql<boolean>`chain_events.args @> ${JSON.stringify({ researcher: lower(filter.researcher) })}::jsonb`,
      );
    const rows = await query.execute();
    const consents = await this.consentsOf(viewer);
    const now = Date.now();
    return rows.map((row) => {
      const args = row.args as Record<string, string | number>;
      const endsAt = Number(args.endsAt) * 1000;
      const studyId = String(args.studyId);
      return {
        studyId,
        researcher: String(args.researcher),
        purpose: purposeNames[Number(args.purpose)] ?? String(args.purpose),
        categories: categoriesOf(BigInt(args.categories as string)),
        endsAt: new Date(endsAt).toISOString(),
        protocolHash: String(args.protocolHash),
        protocol: (row.protocol as Record<string, unknown> | null) ?? null,
        registeredAt: row.block_time ? row.block_time.toISOString() : null,
        active: endsAt > now,
        myConsent: consents.get(studyId) ?? { granted: false, nonce: 0 },
      };
    });
  }

  async get(viewer: Address, studyId: string): Promise<StudyView> {
    const study = (await this.list(viewer)).find((candidate) => candidate.studyId === lower(studyId));
    if (!study) throw unknownStudy(studyId);
    return study;
  }

  /** Stores (or replaces) the patient's de-identified contribution; only while they consent to an active study. */
  async contribute(patient: Address, studyId: string, contribution: Contribution): Promise<void> {
    const study = await this.get(patient, studyId);
    if (!study.active) throw new RelayerError('STUDY_ENDED', 409, 'the study has ended');
    if (!study.myConsent.granted)
      throw new RelayerError('NO_STUDY_CONSENT', 403, 'consent to the study on chain before contributing');
    await this.options.db
      .insertInto('study_contributions')
      .values({
        study_id: study.studyId,
        patient: lower(patient),
        subject: contribution.subject,
        quasi: JSON.stringify(contribution.quasi),
        resources: JSON.stringify(contribution.resources),
        submitted_at: new Date(),
      })
      .onConflict((oc) =>
        oc.columns(['study_id', 'patient']).doUpdateSet({
          subject: contribution.subject,
          quasi: JSON.stringify(contribution.quasi),
          resources: JSON.stringify(contribution.resources),
          submitted_at: new Date(),
        }),
      )
      .execute();
  }

  async withdrawContribution(patient: Address, studyId: string): Promise<boolean> {
    const deleted = await this.options.db
      .deleteFrom('study_contributions')
      .where('study_id', '=', lower(studyId))
      .where('patient', '=', lower(patient))
      .executeTakeFirst();
    return deleted.numDeletedRows > 0n;
  }

  /**
   * The contributions a study may use now: only the study's researcher asks, and only patients whose consent
   * still holds on chain are included. Patients' addresses never leave this function.
   */
  async usableContributions(
    researcher: Address,
    studyId: string,
  ): Promise<{ study: StudyView; contributions: Contribution[] }> {
    const study = await this.get(researcher, studyId);
    if (study.researcher !== lower(researcher))
      throw new RelayerError('ACCESS_DENIED', 403, 'only the study’s researcher reads its data');
    if (!(await this.options.consent.credentials(researcher)).includes('researcher'))
      throw new RelayerError('MISSING_CREDENTIAL', 403, `${researcher} holds no valid researcher credential`);
    const consenting = await this.consentingPatients(study.studyId);
    const rows = await this.options.db
      .selectFrom('study_contributions')
      .selectAll()
      .where('study_id', '=', study.studyId)
      .execute();
    const contributions = rows
      .filter((row) => study.active && consenting.has(row.patient))
      .map((row) => ({
        subject: row.subject,
        quasi: row.quasi as unknown as Contribution['quasi'],
        resources: row.resources as unknown as Record<string, unknown>[],
      }));
    return { study, contributions };
  }

  /** The consented contributions as a release: k-anonymity enforced, then NDJSON and CSV. */
  async dataset(researcher: Address, studyId: string, k: number) {
    const { contributions } = await this.usableContributions(researcher, studyId);
    return exportStudy(contributions.map(asRecord), { k });
  }

  /** Aggregate statistics of the consented cohort; with `epsilon`, Laplace noise (differential privacy). */
  async insights(researcher: Address, studyId: string, epsilon?: number) {
    const { contributions } = await this.usableContributions(researcher, studyId);
    return cohortInsights(contributions.map(asRecord), epsilon ? { noise: { epsilon } } : {});
  }

  /** The viewer's consent per study, folded from StudyConsentChanged events. */
  private async consentsOf(patient: Address): Promise<Map<string, { granted: boolean; nonce: number }>> {
    const events = await this.options.db
      .selectFrom('chain_events')
      .select('args')
      .where('event_name', '=', 'StudyConsentChanged')
      .where(sql<boolean>`args @> ${JSON.stringify({ patient: lower(patient) })}::jsonb`)
      .orderBy('block_number')
      .orderBy('log_index')
      .execute();
    const consents = new Map<string, { granted: boolean; nonce: number }>();
    for (const { args } of events) {
      const values = args as Record<string, string | number | boolean>;
      consents.set(String(values.studyId), { granted: Boolean(values.granted), nonce: Number(values.nonce) });
    }
    return consents;
  }

  /** Patients whose latest consent event for the study grants it. */
  private async consentingPatients(studyId: string): Promise<Set<string>> {
    const events = await this.options.db
      .selectFrom('chain_events')
      .select('args')
      .where('event_name', '=', 'StudyConsentChanged')
      .where(sql<boolean>`args @> ${JSON.stringify({ studyId: lower(studyId) })}::jsonb`)
      .orderBy('block_number')
      .orderBy('log_index')
      .execute();
    const latest = new Map<string, boolean>();
    for (const { args } of events) {
      const values = args as Record<string, string | boolean>;
      latest.set(String(values.patient), Boolean(values.granted));
    }
    return new Set([...latest].filter(([, granted]) => granted).map(([patient]) => patient));
  }
}
