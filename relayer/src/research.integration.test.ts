// Research end to end against a real anvil and Postgres: a credentialed researcher publishes and registers a
// study, patients consent on chain and send records their own client de-identified, the researcher exports a
// k-anonymous dataset and insights; identifiable data and unconsented contributions are refused; a withdrawn
// consent drops the patient from the next export.
import { randomBytes } from 'node:crypto';
import { categoryMask, purposes, roles, studyIdOf } from '@medicrypt/contracts';
import { cohortInsights, type DeidentifiedRecord, deidentify, syntheticPatients } from '@medicrypt/fhir';
import { generatePrivateKey, type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRelayer } from './server.ts';
import { ApiClient } from './testing/api-client.ts';
import { type ChainFixture, startChainFixture } from './testing/chain-fixture.ts';
import { relayerEnv, startTestRelayer, waitForStatus } from './testing/relayer-fixture.ts';
import { until as untilWithin } from './testing/until.ts';

const DAY = 86_400;
const COHORT = 6;
const protocol = {
  title: 'HbA1c and LDL in adults',
  description: 'Trends of glycated haemoglobin and LDL cholesterol by age band and sex.',
  purpose: 'research',
  categories: ['lab', 'vitals'],
  inclusionCriteria: 'Adults with at least one HbA1c result.',
  durationDays: 365,
  ethicsReference: 'EB-2026-17',
};

/** The chain's index answers within 15 s here. */
const until = <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 15_000) =>
  untilWithin(read, done, what, timeoutMs);

describe('research studies on pg', () => {
  let fixture: ChainFixture;
  let relayer: RunningRelayer;
  let researcher: ApiClient;
  let studyId: `0x${string}`;
  const patients: { client: ApiClient; record: DeidentifiedRecord }[] = [];

  const confirm = async (client: ApiClient, intent: Parameters<ApiClient['submit']>[0]) => {
    const response = await client.submit(intent, fixture.deployment.forwarder);
    expect(response.status, JSON.stringify(response.body)).toBe(202);
    await waitForStatus(relayer.url, response.body.id as string, ['confirmed']);
  };
  const deadline = async () => (await fixture.now()) + 3600;
  const setConsent = async (client: ApiClient, granted: boolean, nonce: number) =>
    confirm(
      client,
      await fixture.sign(client.account as PrivateKeyAccount, 'setStudyConsent', {
        actor: client.address,
        patient: client.address,
        studyId,
        granted,
        nonce,
        deadline: await deadline(),
      }),
    );

  beforeAll(async () => {
    fixture = await startChainFixture();
    relayer = await startTestRelayer(
      await relayerEnv(fixture, 'pg', `research_${randomBytes(4).toString('hex')}`, { CONFIRMATIONS: '0' }),
    );
    const researcherAccount = privateKeyToAccount(generatePrivateKey());
    const now = await fixture.now();
    await fixture.execute(
      await fixture.sign(fixture.issuer, 'issueCredential', {
        actor: fixture.issuer.address,
        account: researcherAccount.address,
        role: roles.researcher,
        expiresAt: now + 365 * DAY,
        nonce: 0,
        deadline: now + 3600,
      }),
    );
    researcher = new ApiClient(relayer.url, researcherAccount, fixture.deployment.chainId);
    await researcher.login();
    // Each patient's client de-identifies its own record with its own study key; all share one class here.
    for (const synthetic of syntheticPatients(COHORT, { seed: 11, asOf: '2026-11-01' })) {
      const account = privateKeyToAccount(generatePrivateKey());
      const client = new ApiClient(relayer.url, account, fixture.deployment.chainId);
      await client.login();
      const record = deidentify(synthetic.bundle, {
        studyId: `0x${'00'.repeat(32)}`,
        studyKey: randomBytes(32),
        patientAddress: account.address,
      });
      patients.push({
        client,
        record: { ...record, quasi: { ageBand: '40-44', sex: 'female', zip3: '100' } },
      });
    }
  });
  afterAll(async () => {
    await relayer?.stop();
    await fixture?.stop();
  });

  it('lets only a credentialed researcher publish and register a study', async () => {
    expect((await patients[0]!.client.call('POST', '/v1/studies', protocol)).body.error?.code).toBe(
      'MISSING_CREDENTIAL',
    );
    expect((await researcher.call('POST', '/v1/studies', { ...protocol, purpose: 'treatment' })).status).toBe(
      400,
    );
    const published = await researcher.call('POST', '/v1/studies', protocol);
    expect(published.status).toBe(201);
    const protocolHash = published.body.protocolHash as `0x${string}`;
    studyId = studyIdOf(researcher.address, protocolHash);
    expect(published.body.studyId).toBe(studyId);

    const now = await fixture.now();
    await confirm(
      researcher,
      await fixture.sign(researcher.account as PrivateKeyAccount, 'registerStudy', {
        actor: researcher.address,
        purpose: purposes.research,
        categories: categoryMask(['lab', 'vitals']),
        endsAt: now + 365 * DAY,
        protocolHash,
        deadline: now + 3600,
      }),
    );
    const listed = await until(
      () => patients[0]!.client.call<{ studies: { studyId: string }[] }>('GET', '/v1/studies'),
      (response) => response.body.studies.length === 1,
      'the study to be indexed',
    );
    expect(listed.body.studies[0]).toMatchObject({
      studyId,
      researcher: researcher.address.toLowerCase(),
      purpose: 'research',
      categories: ['lab', 'vitals'],
      protocol,
      active: true,
      myConsent: { granted: false, nonce: 0 },
    });
  });

  it('takes de-identified contributions only from consenting patients', async () => {
    const [first] = patients;
    const contribution = (record: DeidentifiedRecord) => ({
      subject: record.subject,
      quasi: record.quasi,
      resources: record.resources,
    });
    expect(
      (await first!.client.call('PUT', `/v1/studies/${studyId}/contribution`, contribution(first!.record)))
        .body.error?.code,
    ).toBe('NO_STUDY_CONSENT');
    for (const { client } of patients) await setConsent(client, true, 0);
    // Every patient's consent indexed (they may land in different blocks), not just the first one's.
    for (const { client } of patients)
      await until(
        () => client.call<{ myConsent: { granted: boolean } }>('GET', `/v1/studies/${studyId}`),
        (response) => response.body.myConsent?.granted === true,
        'the consent to be indexed',
      );
    // Identifiable data is refused even from a consenting patient.
    const raw = syntheticPatients(1, { seed: 3, asOf: '2026-11-01' })[0]!.bundle.entry!.map(
      (entry) => entry.resource,
    );
    const identifiable = await first!.client.call('PUT', `/v1/studies/${studyId}/contribution`, {
      ...contribution(first!.record),
      resources: raw,
    });
    expect(identifiable).toMatchObject({ status: 400, body: { error: { code: 'IDENTIFIABLE_DATA' } } });
    for (const { client, record } of patients)
      expect(
        (await client.call('PUT', `/v1/studies/${studyId}/contribution`, contribution(record))).status,
      ).toBe(204);
  });

  it('releases a k-anonymous dataset and insights to the study’s researcher only', async () => {
    const denied = await patients[0]!.client.call('GET', `/v1/studies/${studyId}/dataset`);
    expect(denied).toMatchObject({ status: 403, body: { error: { code: 'ACCESS_DENIED' } } });
    expect((await researcher.call('GET', `/v1/studies/${studyId}/dataset?k=2`)).status).toBe(400);

    const csv = await fetch(`${relayer.url}/v1/studies/${studyId}/dataset?format=csv`, {
      headers: { authorization: `Bearer ${researcher.accessToken}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('x-released')).toBe(String(COHORT));
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toContain('subject');
    for (const { client } of patients)
      expect(text.toLowerCase()).not.toContain(client.address.slice(2).toLowerCase());

    const insights = await researcher.call('GET', `/v1/studies/${studyId}/insights`);
    expect(insights.status).toBe(200);
    expect(JSON.parse(JSON.stringify(cohortInsights(patients.map(({ record }) => record))))).toEqual(
      insights.body,
    );
  });

  it('drops a patient who withdrew consent from the next export', async () => {
    const leaving = patients.at(-1)!;
    await setConsent(leaving.client, false, 1);
    const ndjson = await until(
      async () => {
        const response = await fetch(`${relayer.url}/v1/studies/${studyId}/dataset?format=ndjson`, {
          headers: { authorization: `Bearer ${researcher.accessToken}` },
        });
        return { released: response.headers.get('x-released'), body: await response.text() };
      },
      (response) => response.released === String(COHORT - 1),
      'the withdrawal to be indexed',
    );
    expect(ndjson.body).not.toContain(leaving.record.subject);
    expect(ndjson.body).toContain(patients[0]!.record.subject);
  });
});
