import { describe, expect, it } from 'vitest';
import { categoryOfFile, categoryOfResource, prepareRecord } from './record-category.ts';

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const vital = {
  resourceType: 'Observation',
  status: 'final',
  category: [
    {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }],
    },
  ],
  code: { text: 'Blood pressure' },
};

describe('record categories', () => {
  it('follow the resource type, refined by the resource’s own category', () => {
    expect(categoryOfResource({ resourceType: 'Observation' })).toBe('lab');
    expect(categoryOfResource(vital)).toBe('vitals');
    expect(
      categoryOfResource({ resourceType: 'DiagnosticReport', category: [{ coding: [{ code: 'RAD' }] }] }),
    ).toBe('imaging');
    expect(categoryOfResource({ resourceType: 'MedicationRequest' })).toBe('medication');
    expect(categoryOfResource({ resourceType: 'AllergyIntolerance' })).toBe('allergy');
    expect(categoryOfResource({ resourceType: 'MolecularSequence' })).toBe('genomics');
  });

  it('of a bundle: its entries’ shared category (the Patient aside), else other', () => {
    const entry = (resource: unknown) => ({ resource });
    expect(
      categoryOfResource({
        resourceType: 'Bundle',
        type: 'collection',
        entry: [entry({ resourceType: 'Patient' }), entry(vital), entry(vital)],
      } as never),
    ).toBe('vitals');
    expect(
      categoryOfResource({
        resourceType: 'Bundle',
        type: 'collection',
        entry: [entry(vital), entry({ resourceType: 'Condition' })],
      } as never),
    ).toBe('other');
  });

  it('of files by MIME type', () => {
    expect(categoryOfFile('application/dicom')).toBe('imaging');
    expect(categoryOfFile('application/pdf')).toBe('document');
    expect(categoryOfFile('image/png; charset=binary')).toBe('document');
  });

  it('prepareRecord validates FHIR (by content type or by shape) and files it', () => {
    expect(prepareRecord(bytes(vital), 'application/fhir+json')).toEqual({
      contentType: 'application/fhir+json',
      category: 'vitals',
      fhir: { resourceType: 'Observation' },
    });
    expect(prepareRecord(bytes({ ...vital, id: 'bp-1' }), 'application/json').fhir).toEqual({
      resourceType: 'Observation',
      id: 'bp-1',
    });
    expect(() => prepareRecord(bytes({ resourceType: 'Observation' }), 'application/fhir+json')).toThrow(
      /status/,
    );
    expect(prepareRecord(Uint8Array.of(0x25, 0x50, 0x44, 0x46), 'application/pdf')).toEqual({
      contentType: 'application/pdf',
      category: 'document',
    });
    expect(prepareRecord(bytes({ any: 'json' }), 'application/json').category).toBe('document');
  });
});
