import { describe, expect, it } from 'vitest';
import { officialExamples } from '../../examples/index.ts';
import { asNeededText, dosageSummary, doseText, timingText } from './dosage.ts';

const { medicationRequest, medicationStatement } = officialExamples;

describe('dosages in words', () => {
  it('of the official MedicationStatement and MedicationRequest examples', () => {
    const [statement] = medicationStatement.dosage!;
    expect(doseText(statement)).toBe('1–2 TAB');
    expect(asNeededText(statement)).toBe('as needed for Restless Legs');
    expect(dosageSummary(statement)).toBe(
      '1–2 TAB, once a day, by Oral Route, as needed for Restless Legs, Taking at bedtime',
    );
    const [first, second] = medicationRequest.dosageInstruction!;
    expect(dosageSummary(first)).toBe('2 TAB, once a day, by Oral Route, With or after food');
    expect(timingText(second!.timing)).toBe('4 times a day');
  });

  it('of timings by period, range, event and bounds', () => {
    expect(timingText({ repeat: { frequency: 1, period: 8, periodUnit: 'h' } })).toBe('every 8 hours');
    expect(timingText({ repeat: { frequency: 2, period: 1, periodUnit: 'd', when: ['HS'] } })).toBe(
      'twice a day, at bedtime',
    );
    expect(timingText({ repeat: { period: 4, periodMax: 6, periodUnit: 'h' } })).toBe('every 4–6 hours');
    expect(
      timingText({
        repeat: { frequency: 3, period: 1, periodUnit: 'd', boundsDuration: { value: 5, unit: 'days' } },
      }),
    ).toBe('three times a day, for 5 days');
    expect(timingText({ code: { text: 'BID' } })).toBe('BID');
    expect(timingText({ repeat: { timeOfDay: ['08:00:00'], dayOfWeek: ['mon', 'thu'] } })).toBe(
      'at 08:00, on Mon, Thu',
    );
    expect(timingText({})).toBeUndefined();
  });
});
