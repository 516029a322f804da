import { describe, expect, it } from 'vitest';
import { officialExamples } from '../examples/index.ts';
import { parseFhir } from './fhir-resource.ts';
import { FhirValidationError } from './fhir-validation-error.ts';

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
    ).toEqual(['occurrence[x]: an Immunization needs occurrenceDateTime or occurrenceString']);
  });

  it('rejects unknown resource types, non-objects and non-JSON', () => {
    expect(issues({ resourceType: 'Spaceship' })).toEqual([
      'resourceType: "Spaceship" is not a FHIR R4 resource type',
    ]);
    expect(issues({ resourceType: 'observation', status: 'final', code: {} })[0]).toMatch(/"observation"/);
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

describe('the official R4 and IPS examples', () => {
  it.each(Object.entries(officialExamples))('accepts %s', (_name, example) => {
    expect(issues(example)).toEqual([]);
  });

  it('accepts any resource type R4 defines (the Practitioner, Organization and Medication a summary points at)', () => {
    for (const resourceType of ['Practitioner', 'Organization', 'Medication', 'Flag', 'Consent', 'Device'])
      expect(issues({ resourceType, id: 'x-1' })).toEqual([]);
    expect(issues({ resourceType: 'Practitioner', id: 'has spaces' })).toEqual([
      expect.stringMatching(/^id: a FHIR id/),
    ]);
  });
});

describe('what a person reads about an invalid file', () => {
  const sentence = (value: unknown, text = JSON.stringify(value)) => {
    try {
      parseFhir(text);
    } catch (error) {
      return (error as FhirValidationError).shortMessage;
    }
    throw new Error('expected an invalid file');
  };

  it('says what is missing in words, and where in a bundle', () => {
    const { status: _status, ...noStatus } = observation;
    expect(sentence(noStatus)).toBe(
      'This file is not a valid FHIR R4 record: the Observation has no status, which FHIR R4 requires.',
    );
    expect(
      sentence({
        resourceType: 'Bundle',
        type: 'collection',
        entry: [
          { resource: observation },
          { resource: { resourceType: 'Condition', code: { text: 'Asthma' } } },
        ],
      }),
    ).toBe(
      'This file is not a valid FHIR R4 record: the Condition in entry 2 of the bundle has no subject (the patient it is about), which FHIR R4 requires.',
    );
    expect(
      sentence({ resourceType: 'MedicationRequest', status: 'active', intent: 'order', subject: {} }),
    ).toBe(
      'This file is not a valid FHIR R4 record: the MedicationRequest has no medication, which FHIR R4 requires.',
    );
  });

  it('says which value is malformed and what it should look like', () => {
    expect(sentence({ ...observation, effectiveDateTime: '2026-13-01' })).toBe(
      'This file is not a valid FHIR R4 record: the Observation\'s effectiveDateTime "2026-13-01" is not a valid date and time (such as 2026-03-04 or 2026-03-04T09:30:00+01:00).',
    );
    expect(sentence({ ...observation, status: 5 })).toBe(
      "This file is not a valid FHIR R4 record: the Observation's status should be text.",
    );
    expect(sentence({ resourceType: 'Bundle', type: 'pile' })).toMatch(
      /^This file is not a valid FHIR R4 record: the Bundle's type "pile" is not one of document, message, /,
    );
  });

  it('names unknown types, files that are not FHIR at all, and counts the rest', () => {
    expect(sentence({ resourceType: 'Spaceship' })).toBe(
      'This file is not a valid FHIR R4 record: its resource type "Spaceship" is not one FHIR R4 defines.',
    );
    expect(
      sentence({
        resourceType: 'Bundle',
        type: 'collection',
        entry: [{}, { resource: { resourceType: 'Pet' } }],
      }),
    ).toBe(
      'This file is not a valid FHIR R4 record: entry 2 of the bundle has the resource type "Pet", which FHIR R4 does not define.',
    );
    expect(sentence({ name: 'not fhir' })).toBe(
      'This file is not a valid FHIR R4 record: it has no resourceType, so it is not a FHIR resource.',
    );
    expect(sentence(undefined, '{"resourceType":')).toBe(
      'This file is not valid JSON, so it cannot be read as a FHIR record.',
    );
    expect(sentence([1])).toBe(
      'This file is not a valid FHIR R4 record: it is not a FHIR resource (a JSON object with a resourceType).',
    );
    expect(sentence({ resourceType: 'Observation' })).toBe(
      'This file is not a valid FHIR R4 record: the Observation has no status and no code (what it is), which FHIR R4 requires.',
    );
    expect(sentence({ resourceType: 'Observation', id: 'a b', effectiveDateTime: 'soon' })).toMatch(
      /; the Observation has no status and no code \(what it is\), which FHIR R4 requires \(and 1 more problem\)\.$/,
    );
  });

  it('can be said of a record being viewed, and never carries the document', () => {
    let caught: FhirValidationError | undefined;
    try {
      parseFhir(JSON.stringify({ ...observation, status: undefined, note: [{ text: 'private words' }] }));
    } catch (error) {
      caught = error as FhirValidationError;
    }
    expect(caught?.explain('This record')).toBe(
      'This record is not a valid FHIR R4 record: the Observation has no status, which FHIR R4 requires.',
    );
    expect(JSON.stringify(caught)).not.toContain('private words');
    expect(Object.values(caught ?? {}).join(' ')).not.toContain('private words');
  });
});
