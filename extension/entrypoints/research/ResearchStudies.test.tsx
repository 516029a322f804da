import { categoryMask, purposes } from '@medicrypt/contracts';
import { cohortInsights, deidentify, exportStudy, syntheticPatients } from '@medicrypt/fhir';
import { privateKeyToAccount } from 'viem/accounts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StudyView } from '../../relayer/api-types.ts';
import { listDataRequests } from '../../research/dataset-requests.ts';
import { FakeRelayer } from '../../testing/fake-relayer.ts';
import { connectionOf, signedIn } from '../../testing/patient-fixture.ts';
import { click, getButton, render, text, waitFor } from '../../testing/render.tsx';
import { getByLabel, typeInto } from '../../testing/render-patient.tsx';
import { signingProvider } from '../../testing/signing-provider.ts';
import { ResearchStudies } from './ResearchApp.tsx';

const researcher = privateKeyToAccount('0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6');
const studyId = `0x${'ab'.repeat(32)}`;
const DAY = 86_400;

/** A real release: 60 synthetic patients de-identified for the study, k-anonymized and summarized. */
function realRelease() {
  const records = syntheticPatients(60, { seed: 7 }).map((patient) =>
    deidentify(patient.bundle, {
      studyId,
      studyKey: new Uint8Array(32).fill(9),
      patientAddress: patient.address,
    }),
  );
  const release = exportStudy(records, { k: 5 });
  return {
    csv: release.csv,
    ndjson: release.ndjson,
    released: release.kAnonymity.released,
    suppressed: release.kAnonymity.suppressed,
    insights: cohortInsights(release.records),
  };
}

/** The researcher's own study, registered and active, asking for `categories`. */
function researcherStudy(categories: StudyView['categories']): StudyView {
  return {
    studyId,
    researcher: researcher.address.toLowerCase(),
    purpose: 'research',
    categories,
    endsAt: '2027-11-25T00:00:00.000Z',
    protocolHash: `0x${'cd'.repeat(32)}`,
    protocol: null,
    registeredAt: null,
    active: true,
    myConsent: { granted: false, nonce: 0 },
  };
}

const mounted: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const unmount of mounted.splice(0)) await unmount();
  vi.unstubAllGlobals();
});

async function renderWorkspace(relayer: FakeRelayer) {
  vi.stubGlobal('fetch', relayer.fetch);
  await signedIn(relayer, researcher);
  const rendered = await render(
    <ResearchStudies connection={connectionOf(relayer, signingProvider(researcher), researcher)} />,
  );
  mounted.push(rendered.unmount);
  return rendered;
}

describe('the research workspace', () => {
  it('publishes a protocol and registers its hash on chain with a registerStudy signature', async () => {
    const relayer = new FakeRelayer();
    const { container } = await renderWorkspace(relayer);
    await waitFor(() => expect(text(container)).toContain('You have no registered study yet.'));
    await typeInto(getByLabel(container, 'Title'), 'Statins and LDL');
    await typeInto(getByLabel(container, 'Purpose and method'), 'LDL before and after statins.');
    await click(getByLabel(container, 'Lab results'));
    await typeInto(getByLabel(container, 'Who may join (inclusion criteria)'), 'Adults on statins');
    await typeInto(getByLabel(container, 'Ethics board reference'), 'IRB-77');
    const before = Math.floor(Date.now() / 1000);
    await click(getButton(container, 'Publish and register'));
    await waitFor(() => expect(text(container)).toContain('sent; the study is listed once it is on chain'));

    expect(relayer.callsTo('POST', '/v1/studies')[0]!.body).toEqual({
      title: 'Statins and LDL',
      description: 'LDL before and after statins.',
      purpose: 'research',
      categories: ['lab'],
      inclusionCriteria: 'Adults on statins',
      durationDays: 365,
      ethicsReference: 'IRB-77',
    });
    const [intent] = relayer.intents;
    expect(intent).toMatchObject({
      name: 'registerStudy',
      message: {
        actor: researcher.address,
        purpose: purposes.research,
        categories: categoryMask(['lab']),
        protocolHash: relayer.publishedStudy.protocolHash,
      },
    });
    const endsAt = Number(intent!.message.endsAt);
    expect(endsAt).toBeGreaterThanOrEqual(before + 365 * DAY);
    expect(endsAt).toBeLessThan(before + 365 * DAY + 60);
  });

  it('downloads the k-anonymous dataset with its release figures and draws the insights', async () => {
    const relayer = new FakeRelayer();
    const release = realRelease();
    relayer.studyData.set(studyId, release);
    relayer.studies = [researcherStudy(['lab', 'condition'])];
    const { container } = await renderWorkspace(relayer);
    await waitFor(() => getButton(container, 'Dataset (CSV)'));
    await click(getButton(container, 'Dataset (CSV)'));
    await waitFor(() =>
      expect(text(container)).toContain(
        `${release.released} patients released at k = 5; ${release.suppressed} suppressed to reach it.`,
      ),
    );
    expect(relayer.callsTo('GET', `/v1/studies/${studyId}/dataset`)[0]!.path).toContain('format=csv');

    await click(getButton(container, 'Insights'));
    await waitFor(() => container.querySelector('table[aria-label="Consented patients by stratum"]')!);
    const labsShown = release.insights.labs.filter((lab) =>
      lab.distribution.some((cell) => !cell.suppressed),
    );
    expect(labsShown.length).toBeGreaterThan(0);
    // Two charts per lab with enough patients: the distribution and the trend.
    expect(container.querySelectorAll('svg[role="img"]')).toHaveLength(labsShown.length * 2);
    expect(text(container)).toContain(
      `Cells under ${release.insights.privacy.minCellSize} patients are suppressed`,
    );

    // Each request is listed with its status, and the list outlives the page.
    const log = () =>
      [...container.querySelectorAll('.request-log li')].map((item) => item.textContent ?? '');
    await waitFor(() => expect(log()).toHaveLength(2));
    expect(log()[0]).toMatch(/^Insights .*Released/);
    expect(log()[1]).toMatch(/^Dataset \(CSV\) .*Released.*released at k = 5/);
    expect(await listDataRequests(studyId)).toHaveLength(2);
  });

  it('lists a refused dataset request with the relayer’s reason', async () => {
    const relayer = new FakeRelayer();
    relayer.studies = [researcherStudy(['lab'])];
    const { container } = await renderWorkspace(relayer);
    await waitFor(() => getButton(container, 'Dataset (FHIR NDJSON)'));
    await click(getButton(container, 'Dataset (FHIR NDJSON)'));
    await waitFor(() => expect(container.querySelector('.request-log li')?.textContent).toMatch(/Refused/));
    expect((await listDataRequests(studyId))[0]).toMatchObject({ kind: 'ndjson', status: 'refused' });
  });
});
