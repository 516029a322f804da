import { deriveResearchKey } from '@medicrypt/crypto';
import { FHIR_JSON, studyPseudonym } from '@medicrypt/fhir';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { uploadRecord } from '../../../patient/upload-record.ts';
import type { StudyView } from '../../../relayer/api-types.ts';
import { RelayerClient } from '../../../relayer/relayer-client.ts';
import { click, getButton, text, waitFor } from '../../../testing/render.tsx';
import { openTab, renderPatient, signInAs } from '../../../testing/render-patient.tsx';

const patient = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const researcher = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const studyId = `0x${'5e'.repeat(32)}`;

function study(overrides: Partial<StudyView> = {}): StudyView {
  return {
    studyId,
    researcher: researcher.toLowerCase(),
    purpose: 'research',
    categories: ['lab'],
    endsAt: '2027-11-25T00:00:00.000Z',
    protocolHash: `0x${'11'.repeat(32)}`,
    protocol: {
      title: 'HbA1c in young adults',
      description: 'How HbA1c moves over five years.',
      purpose: 'research',
      categories: ['lab'],
      inclusionCriteria: 'Adults under 40',
      durationDays: 365,
      ethicsReference: 'IRB-2026-042',
    },
    registeredAt: '2026-11-20T10:00:00.000Z',
    active: true,
    myConsent: { granted: false, nonce: 2 },
    ...overrides,
  };
}

// Identifiers that must never leave the browser.
const NAME = 'Alexandra Quincey';
const PHONE = '+1 555 0100 4242';
const STREET = '17 Elm Street';
const MRN = 'MRN-99812345';
const patientResource = {
  resourceType: 'Patient',
  id: 'pat-1',
  identifier: [{ system: 'urn:hospital:mrn', value: MRN }],
  name: [{ text: NAME }],
  telecom: [{ system: 'phone', value: PHONE }],
  gender: 'female',
  birthDate: '1994-03-17',
  address: [{ line: [STREET], city: 'Springfield', state: 'IL', postalCode: '62704' }],
};
const labs = {
  resourceType: 'Bundle',
  type: 'collection',
  entry: [
    {
      resource: {
        resourceType: 'Observation',
        id: 'obs-1',
        identifier: [{ value: MRN }],
        status: 'final',
        category: [{ coding: [{ code: 'laboratory' }] }],
        code: { coding: [{ system: 'http://loinc.org', code: '4548-4', display: 'HbA1c' }] },
        subject: { reference: 'Patient/pat-1', display: NAME },
        effectiveDateTime: '2026-05-04T08:30:00Z',
        valueQuantity: { value: 5.4, unit: '%' },
      },
    },
  ],
};

async function upload(
  relayer: { url: string; fetch: typeof fetch },
  document: unknown,
  category: 'lab' | 'other',
) {
  const bytes = new TextEncoder().encode(JSON.stringify(document));
  await uploadRecord(
    { client: new RelayerClient(relayer.url, relayer.fetch), account: patient.address },
    { name: `${category}.json`, bytes, contentType: FHIR_JSON, category, resourceTypes: [] } as never,
    { category },
  );
}

describe('research studies', () => {
  it('shows a study and joins it with the consent nonce', async () => {
    const { container, relayer } = await renderPatient(patient);
    relayer.studies = [study()];
    await signInAs(relayer, patient);
    await openTab(container, 'More', 'Controls');
    await waitFor(() => getButton(container, 'Join study'));
    expect(text(container)).toContain('HbA1c in young adults');
    expect(text(container)).toContain('IRB-2026-042');
    await click(getButton(container, 'Join study'));
    await waitFor(() => expect(text(container)).toContain('Consent sent.'));
    expect(relayer.intents[0]).toMatchObject({
      name: 'setStudyConsent',
      message: { studyId, granted: true, nonce: 2, patient: patient.address },
    });
  });

  it('sends only de-identified data, under a pseudonym only this patient can compute, then leaves', async () => {
    const { container, relayer } = await renderPatient(patient);
    relayer.studies = [study({ myConsent: { granted: true, nonce: 3 } })];
    const keys = await signInAs(relayer, patient);
    await upload(relayer, patientResource, 'other');
    await upload(relayer, labs, 'lab');
    await openTab(container, 'More', 'Controls');
    await waitFor(() => getButton(container, 'Share de-identified data'));
    await click(getButton(container, 'Share de-identified data'));
    await waitFor(() => expect(text(container)).toContain('De-identified data sent'));

    const sent = relayer.contributions.get(studyId)!;
    expect(sent.subject).toBe(studyPseudonym(deriveResearchKey(keys!.secretKey), patient.address, studyId));
    const body = JSON.stringify(sent);
    for (const identifier of [NAME, PHONE, STREET, MRN, '62704', '1994-03-17', 'pat-1', 'obs-1'])
      expect(body).not.toContain(identifier);
    expect(sent.quasi).toMatchObject({ sex: 'female', zip3: '627' });
    const resources = sent.resources as { resourceType: string; valueQuantity?: { value: number } }[];
    expect(resources.map((resource) => resource.resourceType)).toEqual(['Patient', 'Observation']);
    expect(resources[1]!.valueQuantity?.value).toBe(5.4);

    await click(getButton(container, 'Leave study'));
    await waitFor(() => expect(text(container)).toContain('Withdrawal sent'));
    expect(relayer.intents.at(-1)).toMatchObject({
      name: 'setStudyConsent',
      message: { studyId, granted: false, nonce: 3 },
    });
  });

  it('says when no study is recruiting, and hides ended studies the patient never joined', async () => {
    const { container, relayer } = await renderPatient(patient);
    relayer.studies = [study({ active: false })];
    await signInAs(relayer, patient);
    await openTab(container, 'More', 'Controls');
    await waitFor(() => expect(text(container)).toContain('No study is recruiting right now.'));
  });
});
