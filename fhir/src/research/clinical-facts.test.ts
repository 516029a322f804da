import { describe, expect, it } from 'vitest';
import { clinicalFacts } from './clinical-facts.ts';

const loinc = (code: string, display?: string) => ({
  coding: [{ system: 'http://loinc.org', code, display }],
});

describe('clinicalFacts', () => {
  it('gives one fact per observation value, one per component of a panel', () => {
    const facts = clinicalFacts([
      {
        resourceType: 'Observation',
        code: loinc('4548-4', 'HbA1c'),
        effectiveDateTime: '2023',
        valueQuantity: { value: 6.1, unit: '%' },
      },
      {
        resourceType: 'Observation',
        code: loinc('85354-9'),
        effectivePeriod: { start: '2024' },
        component: [
          { code: loinc('8480-6'), valueQuantity: { value: 130, code: 'mm[Hg]' } },
          { code: loinc('8462-4'), valueQuantity: { value: 85, comparator: '<', unit: 'mm[Hg]' } },
        ],
      },
      { resourceType: 'Observation', code: { text: 'smoker' }, issued: '2022', valueBoolean: true },
      {
        resourceType: 'Observation',
        code: loinc('x'),
        valueRange: { low: { value: 1, unit: 'g' }, high: { value: 2 } },
      },
    ]);
    expect(facts).toEqual([
      {
        kind: 'observation',
        resourceType: 'Observation',
        year: 2023,
        system: 'http://loinc.org',
        code: '4548-4',
        display: 'HbA1c',
        value: 6.1,
        unit: '%',
      },
      {
        kind: 'observation',
        resourceType: 'Observation',
        year: 2024,
        system: 'http://loinc.org',
        code: '8480-6',
        display: undefined,
        value: 130,
        unit: 'mm[Hg]',
      },
      {
        kind: 'observation',
        resourceType: 'Observation',
        year: 2024,
        system: 'http://loinc.org',
        code: '8462-4',
        display: undefined,
        value: '<85',
        unit: 'mm[Hg]',
      },
      { kind: 'observation', resourceType: 'Observation', year: 2022, display: 'smoker', value: true },
      expect.objectContaining({ code: 'x', value: '1..2', unit: 'g', year: undefined }),
    ]);
  });

  it('reads conditions and medications (with their dose), resolving a medication reference', () => {
    const facts = clinicalFacts([
      {
        resourceType: 'Condition',
        code: { coding: [{ system: 'http://snomed.info/sct', code: '44054006', display: 'Diabetes' }] },
        onsetPeriod: { start: '2019' },
      },
      {
        resourceType: 'MedicationStatement',
        medicationCodeableConcept: { coding: [{ system: 'rx', code: '6809' }] },
        effectivePeriod: { start: '2020' },
        dosage: [{ doseAndRate: [{ doseQuantity: { value: 500, unit: 'mg' } }] }],
      },
      {
        resourceType: 'MedicationRequest',
        medicationReference: { reference: 'Medication/m1' },
        authoredOn: '2021',
      },
      { resourceType: 'Medication', id: 'm1', code: { coding: [{ system: 'rx', code: '29046' }] } },
      { resourceType: 'Device' },
    ]);
    expect(facts).toEqual([
      expect.objectContaining({ kind: 'condition', code: '44054006', display: 'Diabetes', year: 2019 }),
      expect.objectContaining({
        kind: 'medication',
        resourceType: 'MedicationStatement',
        code: '6809',
        value: 500,
        unit: 'mg',
        year: 2020,
      }),
      expect.objectContaining({
        kind: 'medication',
        resourceType: 'MedicationRequest',
        code: '29046',
        year: 2021,
      }),
    ]);
  });
});
