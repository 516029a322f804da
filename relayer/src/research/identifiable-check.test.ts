import { deidentify, syntheticPatients } from '@medicrypt/fhir';
import { describe, expect, it } from 'vitest';
import { identifiableReason } from './identifiable-check.ts';

const patients = syntheticPatients(60, { seed: 7, asOf: '2026-11-01' });
const studyKey = new Uint8Array(32).fill(9);
const studyId = `0x${'ab'.repeat(32)}`;

describe('the identifiable-data guard of research contributions', () => {
  it('passes Safe Harbor output of the client library', () => {
    for (const patient of patients) {
      const record = deidentify(patient.bundle, { studyId, studyKey, patientAddress: patient.address });
      for (const resource of record.resources) expect(identifiableReason(resource)).toBeUndefined();
    }
  });

  it('refuses every raw synthetic record, and each kind of leak on its own', () => {
    for (const patient of patients) {
      const resources = (patient.bundle.entry ?? []).map((entry) => entry.resource);
      expect(resources.some((resource: unknown) => identifiableReason(resource) !== undefined)).toBe(true);
    }
    const observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }] },
    };
    expect(identifiableReason(observation)).toBeUndefined();
    expect(identifiableReason({ ...observation, effectiveDateTime: '2026-03-04' })).toMatch(/year only/);
    expect(identifiableReason({ ...observation, identifier: [{ value: 'MRN-1' }] })).toMatch(/identifier/);
    expect(identifiableReason({ ...observation, note: [{ textValue: 'call 555-123-4567' }] })).toMatch(
      /phone/,
    );
    expect(identifiableReason({ ...observation, note: [{ t: 'mail jo@example.org' }] })).toMatch(/email/);
    expect(identifiableReason({ ...observation, note: [{ t: 'ssn 123-45-6789' }] })).toMatch(
      /social security/,
    );
    expect(identifiableReason({ ...observation, note: [{ t: 'from 10.0.0.12' }] })).toMatch(/IP/);
    expect(identifiableReason({ ...observation, note: [{ t: 'see https://ehr.example/p/1' }] })).toMatch(
      /URL/,
    );
    expect(
      identifiableReason({ resourceType: 'Patient', address: [{ state: 'NY', postalCode: '10001' }] }),
    ).toMatch(/3 ZIP/);
    expect(identifiableReason({ resourceType: 'Patient', address: [{ city: 'Albany' }] })).toMatch(
      /state and 3-digit/,
    );
    expect(identifiableReason({ resourceType: 'Patient', name: [{ family: 'Doe' }] })).toMatch(/name/);
  });
});
