// Aggregate statistics over a released cohort: patients, conditions and medications counted by stratum (age
// band, sex) and by year, and for each configured lab (LOINC) the distribution of values over fixed bins and
// the yearly trend of the mean. Every count is a number of distinct patients (or patient-years for labs). Cells below the
// minimum size are suppressed. Optionally, Laplace noise makes the release ε-differentially private with
// respect to adding or removing one patient; see docs/research.md for the accounting.
import { type ClinicalFact, clinicalFacts } from './clinical-facts.ts';
import { createRng, laplace, type Rng } from './random.ts';
import type { DeidentifiedRecord } from './safe-harbor.ts';

/** Cells counting fewer subjects than this are suppressed. */
export const DEFAULT_MIN_CELL_SIZE = 5;
/** With noise: the most cells one patient may add to in any one table (more are dropped, deterministically). */
export const DEFAULT_MAX_CONTRIBUTIONS = 10;

const LOINC = 'http://loinc.org';

/** A lab summarized by insights: its LOINC code, unit, the range values are clamped to, and the bin width. */
export interface LabSpec {
  code: string;
  display: string;
  /** Only values in this unit (Quantity.unit or .code) count. */
  unit: string;
  min: number;
  max: number;
  binWidth: number;
}

/** The labs summarized unless others are given. */
export const DEFAULT_LABS: readonly LabSpec[] = [
  { code: '4548-4', display: 'Hemoglobin A1c', unit: '%', min: 4, max: 14, binWidth: 1 },
  { code: '13457-7', display: 'LDL cholesterol (calculated)', unit: 'mg/dL', min: 0, max: 300, binWidth: 25 },
  { code: '18262-6', display: 'LDL cholesterol (direct)', unit: 'mg/dL', min: 0, max: 300, binWidth: 25 },
  { code: '8480-6', display: 'Systolic blood pressure', unit: 'mm[Hg]', min: 60, max: 240, binWidth: 10 },
  { code: '8462-4', display: 'Diastolic blood pressure', unit: 'mm[Hg]', min: 30, max: 150, binWidth: 10 },
];

/** A quasi-identifier results can be stratified by. */
export type Stratifier = 'ageBand' | 'sex';
/** The values of the stratifiers of one cell. */
export type Stratum = Partial<Record<Stratifier, string>>;

/** The tables of a release; with noise, ε is split evenly between them. */
export const INSIGHT_TABLES = [
  'patients',
  'conditions',
  'conditionTrend',
  'medications',
  'medicationTrend',
  'labDistribution',
  'labTrendCount',
  'labTrendSum',
] as const;
/** One table of a release (a unit of the privacy budget). */
export type InsightTable = (typeof INSIGHT_TABLES)[number];

/** The values each dimension takes. Given, they fix the cells (zeros included) and facts outside are ignored. */
export interface InsightsDomain {
  strata?: readonly Stratum[];
  years?: readonly number[];
  /** Condition and medication codes ("system|code"). */
  conditions?: readonly string[];
  medications?: readonly string[];
}

/** Laplace noise for ε-differential privacy. */
export interface NoiseOptions {
  /** The privacy budget of the whole release (> 0). */
  epsilon: number;
  /** For reproducible noise in tests only: noise from a known seed can be subtracted. Default: unpredictable. */
  seed?: string | number;
  /** Per table, the most cells one patient adds to (the L1 sensitivity); default DEFAULT_MAX_CONTRIBUTIONS. */
  maxContributions?: number;
}

/** What to compute and how to protect it. */
export interface InsightsOptions {
  /** Default 5; 0 suppresses nothing. */
  minCellSize?: number;
  /** Default ['ageBand', 'sex']; [] gives cohort-wide cells. */
  stratify?: readonly Stratifier[];
  labs?: readonly LabSpec[];
  domain?: InsightsDomain;
  noise?: NoiseOptions;
}

/** One released count. */
export interface CountCell {
  id: string;
  stratum: Stratum;
  /** Null when suppressed. */
  count: number | null;
  suppressed: boolean;
}
/** The counts of one condition or medication code. */
export interface CodeCounts {
  system: string;
  code: string;
  display?: string;
  /** Patients with the code, by stratum. */
  cells: CountCell[];
  /** Patients with the code in each year (onset or recorded; start or authored), by stratum. */
  trend: (CountCell & { year: number })[];
}
/** The statistics of one lab. */
export interface LabInsight extends LabSpec {
  /** Patient-years by bin: the patient's mean of the year, clamped to [min, max]; bins [low, low + width). */
  distribution: (CountCell & { bin: string })[];
  /** Patient-years with a value per year, and the mean of their yearly means (null when suppressed). */
  trend: (CountCell & { year: number; mean: number | null })[];
}

/** How a release was protected. */
export interface PrivacyReport {
  minCellSize: number;
  stratify: Stratifier[];
  /** Which dimensions' values came from the data rather than from `domain` (not covered by ε). */
  fromData: (keyof InsightsDomain)[];
  noise: null | {
    mechanism: 'laplace';
    epsilon: number;
    epsilonPerTable: number;
    maxContributions: number;
    sensitivity: Record<InsightTable, number>;
    scale: Record<InsightTable, number>;
    seeded: boolean;
  };
}

/** A release of aggregate statistics. */
export interface CohortInsights {
  patients: CountCell[];
  conditions: CodeCounts[];
  medications: CodeCounts[];
  labs: LabInsight[];
  /** Ids of every suppressed cell. */
  suppressedCells: string[];
  privacy: PrivacyReport;
}

interface Tally {
  count: number;
  sum: number;
  normalizedSum: number;
}
const newTally = (): Tally => ({ count: 0, sum: 0, normalizedSum: 0 });

const DOMAIN_DIMENSIONS: readonly (keyof InsightsDomain)[] = ['strata', 'years', 'conditions', 'medications'];
type CodeKind = 'conditions' | 'medications';
const FACT_KIND = { conditions: 'condition', medications: 'medication' } as const;
const TREND_TABLE = { conditions: 'conditionTrend', medications: 'medicationTrend' } as const;

interface Settings {
  stratify: Stratifier[];
  labs: readonly LabSpec[];
  domain: InsightsDomain;
  /** The contribution cap (with noise only). */
  limit: number | undefined;
}

const sortUnique = <T>(values: Iterable<T>): T[] => [...new Set(values)].sort();
const cap = <T>(items: T[], limit: number | undefined) =>
  limit === undefined ? items : items.slice(0, limit);
const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const stratumKey = (stratum: Stratum, stratify: readonly Stratifier[]) =>
  JSON.stringify(stratify.map((name) => stratum[name]));

function binsOf(lab: LabSpec): string[] {
  const count = Math.ceil((lab.max - lab.min) / lab.binWidth);
  return Array.from({ length: count }, (_, index) => {
    const low = lab.min + index * lab.binWidth;
    return `${low}-${Math.min(low + lab.binWidth, lab.max)}`;
  });
}

/** What one subject adds to each table, sorted, and capped at the contribution limit. */
function contributions(facts: readonly ClinicalFact[], settings: Settings) {
  const { labs, domain, limit } = settings;
  const inYears = (year: number | undefined): year is number =>
    year !== undefined && (domain.years === undefined || domain.years.includes(year));
  const codes = (kind: CodeKind) => {
    const allowed = domain[kind];
    const matching = facts.filter(
      (fact) =>
        fact.kind === FACT_KIND[kind] &&
        fact.system !== undefined &&
        fact.code !== undefined &&
        (allowed === undefined || allowed.includes(`${fact.system}|${fact.code}`)),
    );
    const key = (fact: ClinicalFact) => `${fact.system}|${fact.code}`;
    const codeYears = new Map<string, [number, string]>();
    for (const fact of matching)
      if (inYears(fact.year)) codeYears.set(`${fact.year}|${key(fact)}`, [fact.year, key(fact)]);
    return {
      codes: cap(sortUnique(matching.map(key)), limit),
      // Most recent years first, so a cap keeps the latest.
      years: cap(
        [...codeYears.values()].sort(([a, codeA], [b, codeB]) => b - a || codeA.localeCompare(codeB)),
        limit,
      ),
    };
  };
  // Lab patient-years: the mean of the year's values, most recent first, labs in spec order.
  const labYears = labs.flatMap((lab) => {
    const byYear = new Map<number, number[]>();
    for (const fact of facts)
      if (
        fact.kind === 'observation' &&
        fact.system === LOINC &&
        fact.code === lab.code &&
        fact.unit === lab.unit &&
        typeof fact.value === 'number' &&
        inYears(fact.year)
      )
        byYear.set(fact.year, [...(byYear.get(fact.year) ?? []), fact.value]);
    return [...byYear]
      .sort(([a], [b]) => b - a)
      .map(([year, values]) => ({ lab, year, value: clamp(mean(values), lab.min, lab.max) }));
  });
  return {
    conditions: codes('conditions'),
    medications: codes('medications'),
    labYears: cap(labYears, limit),
  };
}

/** Tallies per cell, and the values each dimension took in the data. */
function collect(records: readonly DeidentifiedRecord[], settings: Settings) {
  const tallies = new Map<string, Tally>();
  const tally = (key: string) => {
    const found = tallies.get(key) ?? newTally();
    tallies.set(key, found);
    return found;
  };
  const displays = new Map<string, string>();
  const seen = {
    strata: new Set<string>(),
    conditions: new Set<string>(),
    medications: new Set<string>(),
    conditionsYears: new Set<number>(),
    medicationsYears: new Set<number>(),
    labYears: new Set<number>(),
  };
  const allowedStrata = settings.domain.strata?.map((stratum) => stratumKey(stratum, settings.stratify));
  for (const record of records) {
    const stratum = stratumKey(record.quasi, settings.stratify);
    if (allowedStrata && !allowedStrata.includes(stratum)) continue;
    seen.strata.add(stratum);
    tally(`patients|${stratum}`).count += 1;
    const facts = clinicalFacts(record.resources);
    for (const fact of facts)
      if (fact.display && fact.system && fact.code) displays.set(`${fact.system}|${fact.code}`, fact.display);
    const added = contributions(facts, settings);
    for (const kind of ['conditions', 'medications'] as const) {
      for (const code of added[kind].codes) {
        seen[kind].add(code);
        tally(`${kind}|${code}|${stratum}`).count += 1;
      }
      for (const [year, code] of added[kind].years) {
        seen[`${kind}Years`].add(year);
        tally(`${kind}|${code}|year|${year}|${stratum}`).count += 1;
      }
    }
    for (const { lab, year, value } of added.labYears) {
      seen.labYears.add(year);
      const bin = Math.min(Math.floor((value - lab.min) / lab.binWidth), binsOf(lab).length - 1);
      tally(`lab|${lab.code}|bin|${bin}|${stratum}`).count += 1;
      const trend = tally(`lab|${lab.code}|year|${year}|${stratum}`);
      trend.count += 1;
      trend.sum += value;
      trend.normalizedSum += (value - lab.min) / (lab.max - lab.min);
    }
  }
  return { tallies, displays, seen };
}

/** Noise (ε split evenly between the tables, scale = sensitivity / share) and suppression of released cells. */
function createRelease(noise: NoiseOptions | undefined, limit: number | undefined, minCellSize: number) {
  const rng: Rng | undefined = noise ? createRng(noise.seed) : undefined;
  const sensitivity = Object.fromEntries(
    INSIGHT_TABLES.map((table) => [table, table === 'patients' ? 1 : (limit ?? 1)]),
  ) as Record<InsightTable, number>;
  const epsilonPerTable = noise ? noise.epsilon / INSIGHT_TABLES.length : Number.POSITIVE_INFINITY;
  const scale = Object.fromEntries(
    INSIGHT_TABLES.map((table) => [table, noise ? sensitivity[table] / epsilonPerTable : 0]),
  ) as Record<InsightTable, number>;
  const suppressedCells: string[] = [];
  return {
    suppressedCells,
    /** A value with the table's noise (unchanged without noise). */
    noisy: (value: number, table: InsightTable) => (rng ? value + laplace(rng, scale[table]) : value),
    /** A released count: noisy, rounded, ≥ 0; suppressed below the minimum cell size. */
    count(id: string, trueCount: number, table: InsightTable) {
      const released = Math.max(0, Math.round(rng ? trueCount + laplace(rng, scale[table]) : trueCount));
      const suppressed = released < minCellSize;
      if (suppressed) suppressedCells.push(id);
      return { released, suppressed };
    },
    report: (): PrivacyReport['noise'] =>
      noise
        ? {
            mechanism: 'laplace',
            epsilon: noise.epsilon,
            epsilonPerTable,
            maxContributions: limit!,
            sensitivity,
            scale,
            seeded: noise.seed !== undefined,
          }
        : null,
  };
}

/**
 * Aggregate statistics of a cohort of released records (after k-anonymity). Deterministic without noise, and
 * with noise for a given seed.
 */
export function cohortInsights(
  records: readonly DeidentifiedRecord[],
  options: InsightsOptions = {},
): CohortInsights {
  const minCellSize = options.minCellSize ?? DEFAULT_MIN_CELL_SIZE;
  const stratify = [...(options.stratify ?? ['ageBand', 'sex'])] as Stratifier[];
  const labs = options.labs ?? DEFAULT_LABS;
  const domain = options.domain ?? {};
  const noise = options.noise;
  if (!(minCellSize >= 0)) throw new RangeError('minCellSize must be ≥ 0');
  if (noise && !(noise.epsilon > 0 && Number.isFinite(noise.epsilon)))
    throw new RangeError('epsilon must be > 0');
  const limit = noise ? (noise.maxContributions ?? DEFAULT_MAX_CONTRIBUTIONS) : undefined;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1))
    throw new RangeError('maxContributions must be an integer ≥ 1');

  const { tallies, displays, seen } = collect(records, { stratify, labs, domain, limit });

  // Dimensions: from the domain when given, else from the data.
  const fromData: (keyof InsightsDomain)[] = [];
  const dimension = <T>(name: keyof InsightsDomain, given: readonly T[] | undefined, data: Set<T>): T[] => {
    if (given) return [...given];
    if (!fromData.includes(name)) fromData.push(name);
    return sortUnique(data);
  };
  const strata = dimension(
    'strata',
    domain.strata?.map((stratum) => stratumKey(stratum, stratify)),
    seen.strata,
  );
  const years = (data: Set<number>) => dimension('years', domain.years, data).sort((a, b) => a - b);

  const release = createRelease(noise, limit, minCellSize);
  const label = (stratum: string) =>
    stratify.length === 0 ? '' : `/${(JSON.parse(stratum) as string[]).join('/')}`;
  const stratumOf = (key: string): Stratum => {
    const values = JSON.parse(key) as string[];
    return Object.fromEntries(stratify.map((name, index) => [name, values[index]!]));
  };
  /** One count cell per stratum: id prefix, tally key prefix, table. */
  const countCells = (id: string, key: string, table: InsightTable) =>
    strata.map((stratum) => {
      const cellId = `${id}${label(stratum)}`;
      const tally = tallies.get(`${key}|${stratum}`) ?? newTally();
      const { released, suppressed } = release.count(cellId, tally.count, table);
      const cell: CountCell = {
        id: cellId,
        stratum: stratumOf(stratum),
        count: suppressed ? null : released,
        suppressed,
      };
      return { cell, tally, released };
    });

  const patients = countCells('patients', 'patients', 'patients').map(({ cell }) => cell);
  const codeCounts = (kind: CodeKind): CodeCounts[] =>
    dimension(kind, domain[kind], seen[kind]).map((key) => {
      const split = key.lastIndexOf('|');
      const display = displays.get(key);
      return {
        system: key.slice(0, split),
        code: key.slice(split + 1),
        ...(display ? { display } : {}),
        cells: countCells(`${kind}/${key}`, `${kind}|${key}`, kind).map(({ cell }) => cell),
        trend: years(seen[`${kind}Years`]).flatMap((year) =>
          countCells(`${kind}/${key}/year/${year}`, `${kind}|${key}|year|${year}`, TREND_TABLE[kind]).map(
            ({ cell }) => ({ ...cell, year }),
          ),
        ),
      };
    });
  const conditions = codeCounts('conditions');
  const medications = codeCounts('medications');
  const labInsights = labs.map(
    (lab): LabInsight => ({
      ...lab,
      distribution: binsOf(lab).flatMap((bin, index) =>
        countCells(`labs/${lab.code}/bin/${bin}`, `lab|${lab.code}|bin|${index}`, 'labDistribution').map(
          ({ cell }) => ({ ...cell, bin }),
        ),
      ),
      trend: years(seen.labYears).flatMap((year) =>
        countCells(`labs/${lab.code}/year/${year}`, `lab|${lab.code}|year|${year}`, 'labTrendCount').map(
          ({ cell, tally, released }) => {
            let value: number | null = null;
            if (!cell.suppressed && released > 0 && tally.count > 0)
              value = noise
                ? lab.min +
                  (lab.max - lab.min) *
                    clamp(release.noisy(tally.normalizedSum, 'labTrendSum') / released, 0, 1)
                : tally.sum / tally.count;
            return { ...cell, year, mean: value };
          },
        ),
      ),
    }),
  );

  return {
    patients,
    conditions,
    medications,
    labs: labInsights,
    suppressedCells: release.suppressedCells,
    privacy: {
      minCellSize,
      stratify,
      fromData: DOMAIN_DIMENSIONS.filter((name) => fromData.includes(name)),
      noise: release.report(),
    },
  };
}
