import { categories } from '@medicrypt/contracts';
import { decryptRecord, readRecordHeader, unwrapRecordKey } from '@medicrypt/crypto';
import { FhirValidationError } from '@medicrypt/fhir';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { FakeRelayer } from '../testing/fake-relayer.ts';
import { connectionOf, publishKey, signedIn } from '../testing/patient-fixture.ts';
import { signingProvider } from '../testing/signing-provider.ts';
import { GranteeKeyError, shareRecordKeys } from './share-record-keys.ts';
import { prepareUpload, uploadRecord } from './upload-record.ts';

const patient = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const doctor = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a');
const mallory = privateKeyToAccount('0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6');
const observation = JSON.stringify({
  resourceType: 'Observation',
  status: 'final',
  code: { text: 'HbA1c' },
  valueQuantity: { value: 5.4 },
});
const fileOf = (text: string, name = 'hba1c.json', type = 'application/json') =>
  new File([text], name, { type });

async function setUp() {
  const relayer = new FakeRelayer();
  const keys = (await signedIn(relayer, patient))!;
  return { relayer, keys, connection: connectionOf(relayer, signingProvider(patient), patient) };
}

describe('records and their keys', () => {
  it('checks FHIR before anything is encrypted, and suggests its category', async () => {
    const prepared = await prepareUpload(fileOf(observation));
    expect(prepared).toMatchObject({
      contentType: 'application/fhir+json',
      category: 'lab',
      name: 'hba1c.json',
    });
    expect(prepared.fhir).toEqual({ resourceType: 'Observation' });
    await expect(prepareUpload(fileOf('{"resourceType":"Observation"}'))).rejects.toBeInstanceOf(
      FhirValidationError,
    );
    expect(await prepareUpload(fileOf('%PDF-1.7', 'letter.pdf', ''))).toMatchObject({
      contentType: 'application/pdf',
      category: 'document',
    });
  });

  it('uploads only ciphertext, and keeps the record key wrapped for the patient', async () => {
    const { relayer, keys, connection } = await setUp();
    const record = await uploadRecord(connection, await prepareUpload(fileOf(observation)), {
      category: 'lab',
    });

    const [upload] = relayer.callsTo('POST', '/v1/records');
    expect(upload!.body).toEqual({
      recordId: record.recordId,
      version: '1',
      contentType: 'application/fhir+json',
      category: 'lab',
      name: 'hba1c.json',
      file: 'file',
    });
    const ciphertext = relayer.ciphertexts.get(record.cid)!;
    expect(readRecordHeader(ciphertext).version).toBe(1);
    expect(new TextDecoder().decode(ciphertext)).not.toContain('HbA1c');

    const context = {
      patient: patient.address,
      recordId: record.recordId,
      version: 1,
      contentType: record.contentType,
    };
    const recordKey = unwrapRecordKey({
      envelope: relayer.envelopes.get(record.cid)!.get(patient.address.toLowerCase()),
      recipientSecretKey: keys.secretKey,
      context: { ...context, grantee: patient.address },
    });
    expect(new TextDecoder().decode(await decryptRecord({ key: recordKey, ciphertext, context }))).toBe(
      observation,
    );
  });

  it('shares the keys of the granted categories with the doctor’s verified key', async () => {
    const { relayer, connection } = await setUp();
    const doctorKeys = await publishKey(relayer, doctor);
    const lab = await uploadRecord(connection, await prepareUpload(fileOf(observation)), { category: 'lab' });
    const other = await uploadRecord(
      connection,
      await prepareUpload(fileOf('notes', 'notes.txt', 'text/plain')),
      {
        category: 'note',
      },
    );

    expect(await shareRecordKeys(connection, doctor.address, ['lab', 'imaging'])).toEqual({
      shared: 1,
      skipped: 0,
    });
    expect(relayer.envelopes.get(other.cid)?.has(doctor.address.toLowerCase())).toBe(false);
    const context = {
      patient: patient.address,
      recordId: lab.recordId,
      version: 1,
      contentType: lab.contentType,
    };
    const recordKey = unwrapRecordKey({
      envelope: relayer.envelopes.get(lab.cid)!.get(doctor.address.toLowerCase()),
      recipientSecretKey: doctorKeys.secretKey,
      context: { ...context, grantee: doctor.address },
    });
    const plaintext = await decryptRecord({
      key: recordKey,
      ciphertext: relayer.ciphertexts.get(lab.cid)!,
      context,
    });
    expect(new TextDecoder().decode(plaintext)).toBe(observation);
    expect(lab.category).toBe(categories.lab);
  });

  it('wraps nothing for a key the doctor’s wallet did not sign', async () => {
    const { relayer, connection } = await setUp();
    await uploadRecord(connection, await prepareUpload(fileOf(observation)), { category: 'lab' });
    // The relayer (or someone in between) serves Mallory's key as the doctor's.
    await publishKey(relayer, mallory);
    relayer.keyBindings.set(
      doctor.address.toLowerCase(),
      relayer.keyBindings.get(mallory.address.toLowerCase())!,
    );
    await expect(shareRecordKeys(connection, doctor.address, ['lab'])).rejects.toBeInstanceOf(
      GranteeKeyError,
    );
    expect(relayer.callsTo('PUT', `/v1/records/${relayer.records[0]!.cid}/envelopes`)).toHaveLength(1);
  });

  it('says when the doctor has no published key yet', async () => {
    const { connection } = await setUp();
    await expect(shareRecordKeys(connection, doctor.address, ['lab'])).rejects.toMatchObject({
      shortMessage: expect.stringContaining('has not set up MediCrypt encryption yet'),
    });
  });

  it('skips records whose key was not kept by this patient (uploaded elsewhere)', async () => {
    const { relayer, connection } = await setUp();
    await publishKey(relayer, doctor);
    const record = await uploadRecord(connection, await prepareUpload(fileOf(observation)), {
      category: 'lab',
    });
    relayer.envelopes.delete(record.cid);
    expect(await shareRecordKeys(connection, doctor.address, ['lab'])).toEqual({ shared: 0, skipped: 1 });
  });
});
