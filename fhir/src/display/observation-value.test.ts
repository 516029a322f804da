import { describe, expect, it } from 'vitest';
import { officialExamples } from '../../examples/index.ts';
import {
  bloodPressureText,
  interpretationLevel,
  observationValueText,
  referenceRangeText,
} from './observation-value.ts';

const { bloodPressure, glucose } = officialExamples;

describe('observation values in words', () => {
  it('of the official glucose and blood pressure examples', () => {
    expect(observationValueText(glucose)).toBe('6.3 mmol/l');
    expect(referenceRangeText(glucose.referenceRange![0])).toBe('3.1–6.2 mmol/l');
    expect(interpretationLevel(glucose.interpretation)).toBe('abnormal');
    expect(bloodPressureText(bloodPressure)).toBe('107/60 mmHg');
    expect(observationValueText(bloodPressure.component![0])).toBe('107 mmHg');
    expect(interpretationLevel(bloodPressure.component![0]!.interpretation)).toBe('normal');
  });

  it('of every value type, and of an absent value', () => {
    expect(observationValueText({ valueCodeableConcept: { text: 'Positive' } })).toBe('Positive');
    expect(observationValueText({ valueBoolean: false })).toBe('No');
    expect(observationValueText({ valueInteger: 0 })).toBe('0');
    expect(
      observationValueText({ valueRatio: { numerator: { value: 1 }, denominator: { value: 128 } } }),
    ).toBe('1:128');
    expect(observationValueText({ valueDateTime: '2012-06' }, { locale: 'en-GB' })).toBe('June 2012');
    expect(observationValueText({ dataAbsentReason: { text: 'Not performed' } })).toBe(
      'No value: Not performed',
    );
    expect(observationValueText({})).toBeUndefined();
  });

  it('of reference ranges that apply to some people only, and critical values', () => {
    expect(
      referenceRangeText({
        low: { value: 12, unit: 'g/dL' },
        high: { value: 16, unit: 'g/dL' },
        appliesTo: [{ text: 'women' }],
        age: { low: { value: 18, unit: 'years' }, high: { value: 65, unit: 'years' } },
      }),
    ).toBe('12–16 g/dL (women, 18–65 years)');
    expect(referenceRangeText({ text: 'negative' })).toBe('negative');
    expect(interpretationLevel([{ coding: [{ code: 'LL' }] }])).toBe('critical');
    expect(interpretationLevel(undefined)).toBeUndefined();
  });
});
