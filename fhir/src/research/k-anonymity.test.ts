import { describe, expect, it } from 'vitest';
import { AGE_BAND_EXTENSION_URL, classKey, enforceKAnonymity } from './k-anonymity.ts';
import { ageBandStart, type QuasiIdentifiers, type Sex } from './quasi-identifiers.ts';
import { type DeidentifiedRecord, deidentify } from './safe-harbor.ts';
import { syntheticPatients } from './synthetic-patients.ts';

let serial = 0;
function record(ageBand: string, sex: Sex, zip3: string): DeidentifiedRecord {
  const subject = `s${serial++}`;
  return {
    subject,
    quasi: { ageBand, sex, zip3 },
    resources: [
      {
        resourceType: 'Patient',
        id: subject,
        gender: sex,
        birthDate: '1980',
        address: [{ postalCode: zip3, state: 'MA' }],
      },
      { resourceType: 'Observation', id: `o${subject}`, status: 'final' },
    ],
    omitted: [],
  };
}
const times = (count: number, make: () => DeidentifiedRecord) => Array.from({ length: count }, make);

describe('enforceKAnonymity', () => {
  it('releases classes of k or more unchanged', () => {
    const records = times(5, () => record('40-44', 'female', '021'));
    const { records: released, report } = enforceKAnonymity(records);
    expect(released.map((each) => each.quasi)).toEqual(records.map((each) => each.quasi));
    expect(report).toMatchObject({ k: 5, input: 5, released: 5, suppressed: 0, suppressedClasses: [] });
    expect(report.classes).toEqual([{ ageBand: '40-44', sex: 'female', zip3: '021', size: 5 }]);
  });

  it('first moves a small class to ZIP3 000, then widens its age band, then suppresses', () => {
    const records = [
      ...times(3, () => record('40-44', 'female', '021')), // → 000: joins the two below
      ...times(2, () => record('40-44', 'female', '000')),
      ...times(2, () => record('45-49', 'male', '100')), // → 000 → 40-49: joins the three below
      ...times(3, () => record('40-44', 'male', '606')),
      ...times(2, () => record('50-54', 'female', '941')), // → 000 → 50-59 → 40-59: joins the three below
      ...times(3, () => record('45-49', 'female', '852')),
      ...times(1, () => record('90+', 'other', '331')), // alone at every step: suppressed
    ];
    const { records: released, report } = enforceKAnonymity(records);
    expect(report.classes).toEqual([
      { ageBand: '40-44', sex: 'female', zip3: '000', size: 5 },
      { ageBand: '40-49', sex: 'male', zip3: '000', size: 5 },
      { ageBand: '40-59', sex: 'female', zip3: '000', size: 5 },
    ]);
    expect(report.suppressedClasses).toEqual([{ ageBand: '80+', sex: 'other', zip3: '000', size: 1 }]);
    expect(report).toMatchObject({ input: 16, released: 15, suppressed: 1 });
    expect(report.generalized).toEqual({ zip3: 14, ageBand10: 10, ageBand20: 6 });
    expect(released.map((each) => each.subject)).not.toContain(records.at(-1)!.subject);
  });

  it('rewrites the released Patient to the released quasi-identifiers only', () => {
    const records = times(5, () => record('40-44', 'female', '021'));
    records[0]!.resources[0] = { ...records[0]!.resources[0]!, deceasedDateTime: '2020' };
    const [first, second] = enforceKAnonymity(records).records;
    expect(first!.resources[0]).toEqual({
      resourceType: 'Patient',
      id: first!.subject,
      extension: [{ url: AGE_BAND_EXTENSION_URL, valueString: '40-44' }],
      gender: 'female',
      deceasedBoolean: true,
      address: [{ postalCode: '021' }],
    });
    expect(second!.resources[0]).not.toHaveProperty('deceasedBoolean');
    expect(second!.resources[1]).toEqual(records[1]!.resources[1]);
  });

  it('rejects k below 2', () => {
    expect(() => enforceKAnonymity([], { k: 1 })).toThrow(RangeError);
    expect(() => enforceKAnonymity([], { k: 2.5 })).toThrow(RangeError);
    expect(enforceKAnonymity([]).report).toMatchObject({ input: 0, released: 0, suppressed: 0 });
  });
});

describe('enforceKAnonymity over 1,000 synthetic patients', () => {
  const studyKey = new Uint8Array(32).fill(3);
  const asOf = new Date('2025-07-01T00:00:00Z');
  const contributions = syntheticPatients(1_000).map((patient) =>
    deidentify(patient.bundle, { studyId: 'k-test', studyKey, patientAddress: patient.address, asOf }),
  );
  const original = new Map(contributions.map((each) => [each.subject, each.quasi]));
  const contains = (wide: QuasiIdentifiers, narrow: QuasiIdentifiers) => {
    if (wide.sex !== narrow.sex || (wide.zip3 !== narrow.zip3 && wide.zip3 !== '000')) return false;
    if (wide.ageBand === narrow.ageBand) return true;
    const [from, to] = [
      ageBandStart(wide.ageBand)!,
      wide.ageBand.endsWith('+') ? 200 : Number(wide.ageBand.split('-')[1]),
    ];
    const start = ageBandStart(narrow.ageBand)!;
    return start >= from && start <= to;
  };

  it.each([5, 10, 25])('k = %i holds for every released class and the counts add up', (k) => {
    const { records, report } = enforceKAnonymity(contributions, { k });
    const sizes = new Map<string, number>();
    for (const each of records) sizes.set(classKey(each.quasi), (sizes.get(classKey(each.quasi)) ?? 0) + 1);
    expect(Math.min(...sizes.values())).toBeGreaterThanOrEqual(k);
    expect(report.classes.every((each) => each.size >= k)).toBe(true);
    expect(report.classes.reduce((sum, each) => sum + each.size, 0)).toBe(report.released);
    expect(report.suppressedClasses.every((each) => each.size < k)).toBe(true);
    expect(report.suppressedClasses.reduce((sum, each) => sum + each.size, 0)).toBe(report.suppressed);
    expect(report.released + report.suppressed).toBe(contributions.length);
    expect(records).toHaveLength(report.released);
    expect(report.generalized.zip3).toBeGreaterThan(0);
    for (const each of records) {
      expect(contains(each.quasi, original.get(each.subject)!)).toBe(true);
      expect(each.resources[0]).toMatchObject({
        extension: [{ valueString: each.quasi.ageBand }],
        gender: each.quasi.sex,
        address: [{ postalCode: each.quasi.zip3 }],
      });
      expect(each.resources[0]).not.toHaveProperty('birthDate');
    }
  });
});
