import { describe, expect, it } from 'vitest';
import { type CohortInsights, cohortInsights, DEFAULT_LABS, INSIGHT_TABLES } from './insights.ts';
import { enforceKAnonymity } from './k-anonymity.ts';
import { type DeidentifiedRecord, deidentify } from './safe-harbor.ts';
import { syntheticPatients } from './synthetic-patients.ts';

const studyKey = new Uint8Array(32).fill(5);
const asOf = new Date('2025-07-01T00:00:00Z');
const { records } = enforceKAnonymity(
  syntheticPatients(1_000).map((patient) =>
    deidentify(patient.bundle, { studyId: 'insights-test', studyKey, patientAddress: patient.address, asOf }),
  ),
);

type Json = Record<string, unknown>;
const codingOf = (concept: unknown) => ((concept as { coding?: Json[] } | undefined)?.coding ?? [])[0];

/** The statistics computed directly from the resources, without the module: exact counts by stratum. */
function direct(cohort: readonly DeidentifiedRecord[]) {
  const patients = new Map<string, number>();
  const conditions = new Map<string, Set<string>>();
  const conditionYears = new Map<string, Set<string>>(); // code|year/stratum → subjects
  const labYears = new Map<string, number[]>(); // code|year|stratum → patient-year means
  const add = <T>(map: Map<string, T[]>, key: string, value: T) =>
    map.set(key, [...(map.get(key) ?? []), value]);
  for (const { subject, quasi, resources } of cohort) {
    const stratum = `${quasi.ageBand}/${quasi.sex}`;
    patients.set(stratum, (patients.get(stratum) ?? 0) + 1);
    const values = new Map<string, number[]>();
    for (const resource of resources) {
      if (resource.resourceType === 'Condition') {
        const coding = codingOf(resource.code)!;
        const key = `${coding.system}|${coding.code}/${stratum}`;
        conditions.set(key, new Set([...(conditions.get(key) ?? []), subject]));
        const year = `${coding.system}|${coding.code}|${(resource.onsetDateTime ?? resource.recordedDate) as string}/${stratum}`;
        conditionYears.set(year, new Set([...(conditionYears.get(year) ?? []), subject]));
      }
      if (resource.resourceType !== 'Observation') continue;
      const year = resource.effectiveDateTime as string;
      const parts = [resource, ...((resource.component as Json[] | undefined) ?? [])];
      for (const part of parts) {
        const quantity = part.valueQuantity as { value: number } | undefined;
        if (quantity) add(values, `${codingOf(part.code)!.code}|${year}`, quantity.value);
      }
    }
    for (const [codeYear, list] of values)
      add(labYears, `${codeYear}|${stratum}`, list.reduce((sum, value) => sum + value, 0) / list.length);
  }
  return { patients, conditions, conditionYears, labYears };
}

const cellsOf = (insights: CohortInsights) => [
  ...insights.patients,
  ...insights.conditions.flatMap((each) => [...each.cells, ...each.trend]),
  ...insights.medications.flatMap((each) => [...each.cells, ...each.trend]),
  ...insights.labs.flatMap((lab) => [...lab.distribution, ...lab.trend]),
];

describe('cohortInsights without noise', () => {
  const insights = cohortInsights(records);
  const truth = direct(records);
  const stratumKey = (stratum: { ageBand?: string; sex?: string }) => `${stratum.ageBand}/${stratum.sex}`;

  it('counts patients by age band and sex exactly, suppressing cells below 5', () => {
    expect(insights.patients.length).toBeGreaterThan(0);
    for (const cell of insights.patients) {
      const count = truth.patients.get(stratumKey(cell.stratum)) ?? 0;
      expect(cell.suppressed).toBe(count < 5);
      expect(cell.count).toBe(count < 5 ? null : count);
    }
    const released = insights.patients.reduce((sum, cell) => sum + (cell.count ?? 0), 0);
    const hidden = [...truth.patients.values()]
      .filter((count) => count < 5)
      .reduce((sum, count) => sum + count, 0);
    expect(released + hidden).toBe(records.length);
  });

  it('counts patients per condition exactly', () => {
    const diabetes = insights.conditions.find((each) => each.code === '44054006')!;
    expect(diabetes).toMatchObject({ system: 'http://snomed.info/sct', display: 'Type 2 diabetes mellitus' });
    for (const each of insights.conditions)
      for (const cell of each.cells) {
        const count =
          truth.conditions.get(`${each.system}|${each.code}/${stratumKey(cell.stratum)}`)?.size ?? 0;
        expect(cell.count).toBe(count < 5 ? null : count);
      }
    expect(insights.medications.map((each) => each.code).sort()).toEqual(['29046', '435', '6809', '83367']);
  });

  it('counts patients per condition and year exactly', () => {
    let released = 0;
    for (const each of insights.conditions)
      for (const cell of each.trend) {
        const count =
          truth.conditionYears.get(`${each.system}|${each.code}|${cell.year}/${stratumKey(cell.stratum)}`)
            ?.size ?? 0;
        expect(cell.count).toBe(count < 5 ? null : count);
        released += cell.count ?? 0;
      }
    expect(released).toBeGreaterThan(0);
    const overall = cohortInsights(records, { stratify: [], minCellSize: 0 });
    const diabetes = overall.conditions.find((each) => each.code === '44054006')!;
    expect(diabetes.trend.reduce((sum, cell) => sum + cell.count!, 0)).toBe(diabetes.cells[0]!.count);
  });

  it('gives each lab’s distribution over bins and yearly means exactly', () => {
    for (const lab of insights.labs) {
      for (const cell of lab.trend) {
        const means = truth.labYears.get(`${lab.code}|${cell.year}|${stratumKey(cell.stratum)}`) ?? [];
        expect(cell.count).toBe(means.length < 5 ? null : means.length);
        if (means.length >= 5)
          expect(cell.mean).toBeCloseTo(means.reduce((sum, value) => sum + value, 0) / means.length, 9);
        else expect(cell.mean).toBeNull();
      }
      const total = [...truth.labYears]
        .filter(([key]) => key.startsWith(`${lab.code}|`))
        .reduce((sum, [, means]) => sum + means.length, 0);
      const binned = lab.distribution.reduce((sum, cell) => sum + (cell.count ?? 0), 0);
      expect(binned).toBeLessThanOrEqual(total);
    }
    const hba1c = insights.labs.find((lab) => lab.code === '4548-4')!;
    expect(hba1c.distribution.map((cell) => cell.bin)).toContain('6-7');
    expect(hba1c.trend.some((cell) => cell.count !== null)).toBe(true);
    // Unstratified, every HbA1c patient-year lands in exactly one bin.
    const overall = cohortInsights(records, { stratify: [], minCellSize: 0 }).labs.find(
      (lab) => lab.code === '4548-4',
    )!;
    const hba1cYears = [...truth.labYears]
      .filter(([key]) => key.startsWith('4548-4|'))
      .reduce((sum, [, means]) => sum + means.length, 0);
    expect(overall.distribution.reduce((sum, cell) => sum + cell.count!, 0)).toBe(hba1cYears);
    expect(overall.trend.map((cell) => cell.year)).toEqual([2022, 2023, 2024]);
  });

  it('lists every suppressed cell and says no noise was added', () => {
    expect(insights.suppressedCells).toEqual(
      cellsOf(insights)
        .filter((cell) => cell.suppressed)
        .map((cell) => cell.id),
    );
    expect(new Set(insights.suppressedCells).size).toBe(insights.suppressedCells.length);
    expect(insights.privacy).toMatchObject({ minCellSize: 5, stratify: ['ageBand', 'sex'], noise: null });
    expect(insights.privacy.fromData).toEqual(['strata', 'years', 'conditions', 'medications']);
  });

  it('reports the cells of a given domain, zeros included, ignoring everything outside it', () => {
    const domain = {
      strata: [{ sex: 'female' }, { sex: 'male' }],
      years: [2024],
      conditions: ['http://snomed.info/sct|195967001'],
      medications: [],
    };
    const result = cohortInsights(records, { stratify: ['sex'], domain, minCellSize: 0 });
    expect(result.patients.map((cell) => cell.stratum)).toEqual([{ sex: 'female' }, { sex: 'male' }]);
    expect(result.conditions.map((each) => each.code)).toEqual(['195967001']);
    expect(result.medications).toEqual([]);
    expect(result.labs.every((lab) => lab.trend.every((cell) => cell.year === 2024))).toBe(true);
    expect(result.privacy.fromData).toEqual([]);
  });
});

describe('cohortInsights with Laplace noise', () => {
  const noise = { epsilon: 8, seed: 'insights-test', maxContributions: 5 };
  const noisy = cohortInsights(records, { minCellSize: 0, noise });
  const exact = cohortInsights(records, { minCellSize: 0 });

  it('is deterministic for a seed and differs for another', () => {
    expect(cohortInsights(records, { minCellSize: 0, noise })).toEqual(noisy);
    expect(cohortInsights(records, { minCellSize: 0, noise: { ...noise, seed: 'other' } })).not.toEqual(
      noisy,
    );
  });

  it('says which epsilon, sensitivities and scales were used', () => {
    const fives = Object.fromEntries(INSIGHT_TABLES.map((table) => [table, 5]));
    expect(INSIGHT_TABLES).toHaveLength(8);
    expect(noisy.privacy.noise).toEqual({
      mechanism: 'laplace',
      epsilon: 8,
      epsilonPerTable: 1,
      maxContributions: 5,
      sensitivity: { ...fives, patients: 1 },
      scale: { ...fives, patients: 1 },
      seeded: true,
    });
  });

  it('stays within the Laplace tail bound and is not zero', () => {
    // P(|Laplace(b)| > b·ln(1/δ)) = δ: with δ = 1e-9 per cell, no cell of a few thousand should pass the bound.
    const tail = Math.log(1e9);
    const [noisyCells, exactCells] = [cellsOf(noisy), cellsOf(exact)];
    expect(noisyCells.map((cell) => cell.id)).toEqual(exactCells.map((cell) => cell.id));
    const scaleOf = (id: string) => (id.startsWith('patients') ? 1 : 5);
    let changed = 0;
    noisyCells.forEach((cell, index) => {
      const truth = exactCells[index]!.count!;
      const error = Math.abs(cell.count! - truth);
      expect(error).toBeLessThanOrEqual(scaleOf(cell.id) * tail + 0.5);
      if (error > 0) changed += 1;
    });
    expect(changed / noisyCells.length).toBeGreaterThan(0.5);
    for (const lab of noisy.labs)
      for (const cell of lab.trend)
        if (cell.mean !== null) {
          expect(cell.mean).toBeGreaterThanOrEqual(lab.min);
          expect(cell.mean).toBeLessThanOrEqual(lab.max);
        }
  });

  it('suppresses on the noisy count, and draws fresh noise without a seed', () => {
    const suppressed = cohortInsights(records, { noise });
    expect(cellsOf(suppressed).every((cell) => cell.suppressed === (cell.count === null))).toBe(true);
    expect(cellsOf(suppressed).every((cell) => cell.count === null || cell.count >= 5)).toBe(true);
    const unseeded = { epsilon: 1 };
    expect(cohortInsights(records, { noise: unseeded })).not.toEqual(
      cohortInsights(records, { noise: unseeded }),
    );
    expect(cohortInsights(records, { noise: unseeded }).privacy.noise?.seeded).toBe(false);
  });

  it('caps each patient’s contributions per table at maxContributions', () => {
    const many: DeidentifiedRecord = {
      subject: 's',
      quasi: { ageBand: '40-44', sex: 'male', zip3: '021' },
      resources: Array.from({ length: 4 }, (_, index) => ({
        resourceType: 'Condition',
        code: { coding: [{ system: 'http://snomed.info/sct', code: `c${index}` }] },
      })),
      omitted: [],
    };
    const capped = cohortInsights([many], {
      minCellSize: 0,
      noise: { epsilon: 1e9, seed: 1, maxContributions: 2 },
    });
    expect(capped.conditions.map((each) => [each.code, each.cells[0]!.count])).toEqual([
      ['c0', 1],
      ['c1', 1],
    ]);
    expect(cohortInsights([many], { minCellSize: 0 }).conditions).toHaveLength(4);
  });

  it('rejects a non-positive epsilon and bad contribution caps', () => {
    expect(() => cohortInsights(records, { noise: { epsilon: 0 } })).toThrow(RangeError);
    expect(() => cohortInsights(records, { noise: { epsilon: 1, maxContributions: 0 } })).toThrow(RangeError);
    expect(DEFAULT_LABS.map((lab) => lab.code)).toContain('4548-4');
  });
});
