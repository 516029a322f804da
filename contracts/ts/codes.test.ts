import { describe, expect, it } from 'vitest';
import {
  carePurposes,
  categories,
  categoriesOf,
  categoryCount,
  categoryMask,
  purposeName,
  researchPurposes,
} from './codes.ts';

describe('codes generated from ConsentCodes.sol', () => {
  it('name every category bit once', () => {
    const bits = Object.values(categories).sort((a, b) => a - b);
    expect(bits).toEqual([...Array(categoryCount).keys()]);
    expect(categories.lab).toBe(0);
    expect(categories.mentalHealth).toBe(12);
  });

  it('round-trip a category mask', () => {
    const mask = categoryMask(['imaging', 'lab', 'note']);
    expect(mask).toBe(0b100000011n);
    expect(categoriesOf(mask)).toEqual(['lab', 'imaging', 'note']);
  });

  it('reject unknown category bits and names', () => {
    expect(() => categoriesOf(1n << BigInt(categoryCount))).toThrow(RangeError);
    expect(() => categoryMask(['x-ray' as never])).toThrow(/unknown category/);
  });

  it('split purposes into care and research', () => {
    expect(carePurposes).toEqual(['treatment', 'emergencyTreatment', 'careManagement', 'patientRequested']);
    expect(researchPurposes).toEqual(['research', 'clinicalTrial', 'publicHealth']);
    expect(purposeName(4)).toBe('research');
    expect(() => purposeName(99)).toThrow(RangeError);
  });
});
