import { describe, expect, it } from 'vitest';
import { officialExamples } from '../../examples/index.ts';
import { codeText, codingText, conceptCodes, conceptList, conceptText } from './codeable-concept.ts';

const { bloodPressure, condition, glucose, immunization } = officialExamples;

describe('concepts in words', () => {
  it('prefer the text, then a coding display (the official examples)', () => {
    expect(conceptText(condition.code)).toBe('Burnt Ear');
    expect(conceptText(glucose.code)).toBe('Glucose [Moles/volume] in Blood');
    expect(conceptText(bloodPressure.component![1]!.code)).toBe('Diastolic blood pressure');
    expect(conceptText(immunization.vaccineCode)).toBe('Fluvax (Influenza)');
    expect(conceptText(glucose.interpretation![0])).toBe('High');
  });

  it('prefer the coding the user selected', () => {
    expect(
      conceptText({
        coding: [
          { system: 'http://loinc.org', code: '8480-6', display: 'Systolic blood pressure' },
          { system: 'http://snomed.info/sct', code: '271649006', display: 'Systolic BP', userSelected: true },
        ],
      }),
    ).toBe('Systolic BP');
  });

  it('fall back to the code named by its system, or an HL7 code as words', () => {
    expect(conceptText({ coding: [{ system: 'http://loinc.org', code: '8480-6' }] })).toBe('LOINC 8480-6');
    expect(conceptText({ coding: [{ system: 'http://snomed.info/sct', code: '429060002' }] })).toBe(
      'SNOMED CT 429060002',
    );
    expect(
      conceptText({ coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1160593' }] }),
    ).toBe('RxNorm 1160593');
    expect(conceptText({ coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '140' }] })).toBe('CVX 140');
    expect(conceptText(condition.clinicalStatus)).toBe('Active');
    expect(conceptText(condition.verificationStatus)).toBe('Confirmed');
    expect(codingText(immunization.performer![0]!.function!.coding![0])).toBe('Ordering provider');
    expect(
      codeText({ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: 'LL' }),
    ).toBe('Critically low');
    expect(codeText({ system: 'urn:oid:1.2.36.1.2001.1005.17', code: 'FLUVAX' })).toBe('FLUVAX');
  });

  it('never throw on malformed concepts and say nothing when there is nothing to say', () => {
    expect(conceptText(undefined)).toBeUndefined();
    expect(conceptText({})).toBeUndefined();
    expect(conceptText({ text: '  ', coding: [{ display: '' }] })).toBeUndefined();
    expect(conceptText({ coding: 'LOINC' } as never)).toBeUndefined();
    expect(conceptText({ coding: [null, 5] } as never)).toBeUndefined();
    expect(conceptList([{ text: 'A' }, {}, { text: 'B' }])).toEqual(['A', 'B']);
  });

  it('list the well-known codes behind a concept, once each', () => {
    expect(conceptCodes(bloodPressure.component![0]!.code)).toEqual(['LOINC 8480-6', 'SNOMED CT 271649006']);
    expect(conceptCodes(condition.clinicalStatus)).toEqual([]);
  });
});
