import { describe, expect, it } from 'vitest';
import { FhirValidationError, parseFhir } from './fhir-resource.ts';

const observation = {
  resourceType: 'Observation',
  id: 'hba1c-1',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }], text: 'HbA1c' },
  effectiveDateTime: '2026-03-04T09:30:00+01:00',
  valueQuantity: { value: 5.4, unit: '%' },
};

function issues(value: unknown): string[] {
  try {
    parseFhir(JSON.stringify(value));
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(FhirValidationError);
    return (error as FhirValidationError).issues;
  }
}

describe('parseFhir', () => {
  it('accepts valid R4 resources and keeps unknown elements (extensions, values)', () => {
    expect(parseFhir(JSON.stringify(observation))).toEqual(observation);
    expect(parseFhir(new TextEncoder().encode(JSON.stringify(observation))).resourceType).toBe('Observation');
  });

  it('names each missing required element and malformed primitive', () => {
    const { status: _status, code: _code, ...bare } = observation;
    expect(issues(bare)).toEqual([expect.stringMatching(/^status:/), expect.stringMatching(/^code:/)]);
    expect(issues({ ...observation, id: 'has spaces' })).toEqual([expect.stringMatching(/^id: a FHIR id/)]);
    expect(issues({ ...observation, effectiveDateTime: '2026-13-01' })).toEqual([
      expect.stringMatching(/^effectiveDateTime: a FHIR dateTime/),
    ]);
    expect(
      issues({
        resourceType: 'Immunization',
        status: 'completed',
        vaccineCode: { text: 'MMR' },
        patient: {},
      }),
    ).toEqual(['resource: an Immunization needs occurrenceDateTime or occurrenceString']);
  });

  it('rejects unknown resource types, non-objects and non-JSON', () => {
    expect(issues({ resourceType: 'Spaceship' })[0]).toMatch(
      /"Spaceship" is not a supported FHIR R4 resource type/,
    );
    expect(issues([observation])).toEqual(['resource: not a JSON object']);
    expect(() => parseFhir('{"resourceType":')).toThrow(/not JSON/);
    expect(() => parseFhir(Uint8Array.of(0xff, 0xfe))).toThrow();
  });

  it('validates every entry of a bundle and names its path', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { resource: observation },
        { resource: { resourceType: 'Condition', code: { text: 'Asthma' } } },
      ],
    };
    expect(issues(bundle)).toEqual([
      'entry.1.resource.subject: Invalid input: expected object, received undefined',
    ]);
    expect(issues({ ...bundle, type: 'pile' })[0]).toMatch(/^type:/);
    expect(issues({ ...bundle, entry: [{ resource: observation }] })).toEqual([]);
  });
});
