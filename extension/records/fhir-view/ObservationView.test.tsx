import { officialExamples } from '@medicrypt/fhir/examples';
import { afterEach, describe, expect, it } from 'vitest';
import { text } from '../../testing/render.tsx';
import { card, fact, renderFhir, rows } from '../../testing/render-fhir.tsx';

const { bloodPressure, glucose } = officialExamples;

describe('an Observation, from the official examples', () => {
  afterEach(() => document.body.replaceChildren());

  it('glucose (f001): the value with its unit, flagged high against its reference range, when and by whom', async () => {
    const { container } = await renderFhir(glucose);
    const result = card(container, 'Observation: Glucose [Moles/volume] in Blood');
    expect(text(result.querySelector('.fhir-value')!)).toBe('6.3 mmol/l High Reference range 3.1–6.2 mmol/l');
    expect(result.querySelector('.fhir-value')!.classList).toContain('fhir-value-abnormal');
    expect(fact(result, 'When')).toBe('from 2 Apr 2013, 08:30');
    expect(fact(result, 'Issued')).toBe('3 Apr 2013, 14:30');
    expect(fact(result, 'Performer')).toBe('A. Langeveld');
    expect(fact(result, 'Codes')).toBe('LOINC 15074-8');
    expect(fact(result, 'Subject')).toBe('P. van de Heuvel');
    expect(text(result.querySelector('.fhir-tags')!)).toBe('Final');
    expect(text(container)).not.toContain('"resourceType"');
  });

  it('blood pressure: systolic/diastolic at a glance, and each component with its interpretation', async () => {
    const { container } = await renderFhir(bloodPressure);
    const result = card(container, 'Vital sign: Blood pressure systolic & diastolic');
    expect(text(result.querySelector('.fhir-value-text')!)).toBe('107/60 mmHg');
    expect(rows(result.querySelector('table')!)).toEqual([
      ['Systolic blood pressure · LOINC 8480-6, SNOMED CT 271649006', '107 mmHg', 'Normal', ''],
      ['Diastolic blood pressure · LOINC 8462-4', '60 mmHg', 'Below low normal', ''],
    ]);
    expect(result.querySelector('tbody tr:nth-child(2)')!.className).toBe('fhir-row-abnormal');
    expect(fact(result, 'When')).toBe('17 Sept 2012');
    expect(fact(result, 'Body site')).toBe('Right arm');
    expect(text(result.querySelector('.fhir-value:not(:first-of-type)') ?? result)).toContain(
      'Below low normal',
    );
  });
});
