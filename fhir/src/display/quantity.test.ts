import type { Medication } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { officialExamples } from '../../examples/index.ts';
import { formatQuantity, formatRange, formatRatio } from './quantity.ts';

const { glucose, medicationStatement } = officialExamples;

describe('quantities in words', () => {
  it('a value with its unit, as the official glucose example gives it', () => {
    expect(formatQuantity(glucose.valueQuantity)).toBe('6.3 mmol/l');
    expect(formatRange(glucose.referenceRange![0])).toBe('3.1–6.2 mmol/l');
  });

  it('readable UCUM codes when there is no unit, comparators and percentages', () => {
    expect(formatQuantity({ value: 107, system: 'http://unitsofmeasure.org', code: 'mm[Hg]' })).toBe(
      '107 mmHg',
    );
    expect(formatQuantity({ value: 5, system: 'http://unitsofmeasure.org', code: 'mg' })).toBe('5 mg');
    expect(formatQuantity({ value: 72, code: '{beats}/min' })).toBe('72 beats/min');
    expect(formatQuantity({ value: 5.4, unit: '%' })).toBe('5.4%');
    expect(formatQuantity({ value: 5, comparator: '<', unit: 'mg/L' })).toBe('< 5 mg/L');
    expect(formatQuantity({ value: 40, comparator: '>=', unit: 'years' })).toBe('≥ 40 years');
    expect(formatQuantity({ value: 3 })).toBe('3');
    expect(formatQuantity({ unit: 'mmHg' })).toBeUndefined();
  });

  it('open ranges and ratios', () => {
    expect(formatRange({ low: { value: 3.1, unit: 'mmol/l' } })).toBe('≥ 3.1 mmol/l');
    expect(formatRange({ high: { value: 6.2, unit: 'mmol/l' } })).toBe('≤ 6.2 mmol/l');
    expect(formatRange({ low: { value: 1, unit: 'a' }, high: { value: 2, unit: 'b' } })).toBe('1 a – 2 b');
    const medication = medicationStatement.contained![0] as Medication;
    const strength = medication.ingredient![0]!.strength;
    expect(formatRatio(strength)).toBe('500 mg per 1 Tab');
    expect(formatRatio({ numerator: { value: 1 }, denominator: { value: 128 } })).toBe('1:128');
  });
});
