import { categories } from '@medicrypt/contracts';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import type { RecordView } from '../../../relayer/api-types.ts';
import { activeGrant } from '../../../testing/fake-relayer.ts';
import { publishKey } from '../../../testing/patient-fixture.ts';
import { click, getButton, getByRole, text, waitFor } from '../../../testing/render.tsx';
import {
  chooseFile,
  getByLabel,
  openTab,
  renderPatient,
  signInAs,
} from '../../../testing/render-patient.tsx';

const patient = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const doctor = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a');
const observation = JSON.stringify({ resourceType: 'Observation', status: 'final', code: { text: 'HbA1c' } });
const fhirFile = (content = observation) =>
  new File([content], 'hba1c.json', { type: 'application/fhir+json' });

function version(
  recordId: string,
  number: number,
  status: RecordView['status'],
  name = 'scan.pdf',
): RecordView {
  return {
    cid: `bafkrei${recordId}${number}`.padEnd(59, 'a'),
    digest: '0x',
    codec: 0x55,
    patient: patient.address.toLowerCase(),
    recordId,
    version: number,
    contentType: 'application/pdf',
    category: categories.imaging,
    name,
    size: 10,
    uploadedAt: `2026-11-2${number}T10:00:00.000Z`,
    status,
  };
}

async function openRecords() {
  const rendered = await renderPatient(patient);
  await signInAs(rendered.relayer, patient);
  await openTab(rendered.container, 'Records', 'Your records');
  return rendered;
}

describe('records', () => {
  it('lists each record with its status and its versions', async () => {
    const { container, relayer } = await renderPatient(patient);
    relayer.records.push(
      version('r1', 1, 'superseded'),
      version('r1', 2, 'current'),
      version('r2', 1, 'unregistered', 'x.pdf'),
    );
    await signInAs(relayer, patient);
    await openTab(container, 'Records', 'Your records');
    await waitFor(() => expect(container.querySelectorAll('.card-list > li')).toHaveLength(2));
    const cards = [...container.querySelectorAll('.card-list > li')];
    const unregistered = cards.find((card) => text(card).includes('x.pdf'));
    const current = cards.find((card) => text(card).includes('scan.pdf'));
    expect(text(unregistered!)).toContain('x.pdf');
    expect(text(unregistered!)).toContain('Not registered');
    expect(() => getButton(unregistered!, 'Register')).not.toThrow();
    expect(text(current!)).toContain('Current');
    expect(text(current!)).toContain('Imaging · version 2');
    expect(text(current!.querySelector('details')!)).toContain('All 2 versions');
    expect(text(current!.querySelector('details')!)).toContain('Version 1 · Replaced');
  });

  it('checks, encrypts, uploads and registers a FHIR record, and shares it with a grant that covers it', async () => {
    const { container, relayer } = await renderPatient(patient);
    await publishKey(relayer, doctor);
    relayer.grants = [activeGrant(doctor.address, ['lab'])];
    await signInAs(relayer, patient);
    await openTab(container, 'Records', 'Your records');
    await chooseFile(getByLabel(container, 'Record file'), fhirFile());
    await waitFor(() => expect(text(container)).toContain('FHIR Observation'));
    expect(getByLabel<HTMLSelectElement>(container, 'Category').value).toBe('lab');

    await click(getButton(container, 'Encrypt and upload'));
    await waitFor(() => expect(text(container)).toContain('Encrypted and uploaded. Registration sent.'));
    const [record] = relayer.records;
    expect(new TextDecoder().decode(relayer.ciphertexts.get(record!.cid))).not.toContain('HbA1c');
    expect([...relayer.envelopes.get(record!.cid)!.keys()].sort()).toEqual(
      [patient.address.toLowerCase(), doctor.address.toLowerCase()].sort(),
    );
    expect(relayer.intents[0]).toMatchObject({
      name: 'registerRecord',
      message: { category: categories.lab, encrypted: true },
    });
  });

  it('refuses a FHIR file that is not valid R4, before anything is sent', async () => {
    const { container, relayer } = await openRecords();
    await chooseFile(getByLabel(container, 'Record file'), fhirFile('{"resourceType":"Observation"}'));
    await waitFor(() =>
      expect(text(getByRole(container, 'alert'))).toBe(
        'This file is not a valid FHIR R4 record: the Observation has no status and no code (what it is), which FHIR R4 requires.',
      ),
    );
    expect(getButton(container, 'Encrypt and upload').disabled).toBe(true);
    expect(relayer.callsTo('POST', '/v1/records')).toEqual([]);
  });

  it('keeps the upload when the registration signature is rejected, and registers it later', async () => {
    const { container, relayer, provider } = await openRecords();
    await chooseFile(getByLabel(container, 'Record file'), fhirFile());
    await waitFor(() => expect(getButton(container, 'Encrypt and upload').disabled).toBe(false));
    provider.rejectNext();
    await click(getButton(container, 'Encrypt and upload'));
    await waitFor(() => expect(text(container)).toContain('not registered yet'));
    expect(text(container)).toContain('You rejected the signature request in MetaMask');
    expect(relayer.intents).toEqual([]);

    await waitFor(() => getButton(container.querySelector('.card-list')!, 'Register'));
    await click(getButton(container.querySelector('.card-list')!, 'Register'));
    await waitFor(() => expect(relayer.intents.map((intent) => intent.name)).toEqual(['registerRecord']));
  });

  it('uploads a new version of a current record as an update', async () => {
    const { container, relayer } = await renderPatient(patient);
    relayer.records.push({
      ...version('r1', 1, 'current', 'hba1c.json'),
      cid: 'bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e',
    });
    await signInAs(relayer, patient);
    await openTab(container, 'Records', 'Your records');
    await waitFor(() => getButton(container, 'Upload a new version'));
    await click(getButton(container, 'Upload a new version'));
    const form = container.querySelectorAll('form')[1]!;
    expect(text(form)).toContain('New version of hba1c.json');
    await chooseFile(getByLabel(form as HTMLElement, 'Record file'), fhirFile());
    await waitFor(() => expect(getButton(form, 'Encrypt and upload').disabled).toBe(false));
    await click(getButton(form, 'Encrypt and upload'));
    await waitFor(() => expect(relayer.intents.map((intent) => intent.name)).toEqual(['updateRecord']));
    expect(relayer.callsTo('POST', '/v1/records')[0]!.body).toMatchObject({ recordId: 'r1', version: '2' });
  });

  it('says when there are no records yet', async () => {
    const { container } = await openRecords();
    await waitFor(() => expect(text(container)).toContain('No records yet. Add one above.'));
  });
});
