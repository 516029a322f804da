// k-anonymity over the quasi-identifiers (age band, sex, 3-digit ZIP) before a study dataset is released: every
// combination that is released is shared by at least k subjects. Records in smaller classes are generalized
// step by step (ZIP3 → 000, then 10-year, then 20-year age bands; local recoding: only the records of classes
// still below k move), and whatever is still in a class below k is suppressed. The released Patient resources
// are rewritten to carry exactly the released quasi-identifiers (age band instead of birth year).
import type { FhirResource } from '../fhir-resource.ts';
import { type QuasiIdentifiers, SUPPRESSED_ZIP3, widenAgeBand } from './quasi-identifiers.ts';
import type { DeidentifiedRecord } from './safe-harbor.ts';

/** The default k: each released combination of quasi-identifiers is shared by at least 5 subjects. */
export const DEFAULT_K = 5;

/** The FHIR extension carrying a released subject's age band on their Patient resource. */
export const AGE_BAND_EXTENSION_URL = 'https://medicrypt.example/fhir/StructureDefinition/age-band';

/** The generalization steps, in the order they are tried. */
export const GENERALIZATION_STEPS = ['zip3', 'ageBand10', 'ageBand20'] as const;
/** One generalization step. */
export type GeneralizationStep = (typeof GENERALIZATION_STEPS)[number];

const GENERALIZE: Record<GeneralizationStep, (quasi: QuasiIdentifiers) => QuasiIdentifiers> = {
  zip3: (quasi) => ({ ...quasi, zip3: SUPPRESSED_ZIP3 }),
  ageBand10: (quasi) => ({ ...quasi, ageBand: widenAgeBand(quasi.ageBand, 10) }),
  ageBand20: (quasi) => ({ ...quasi, ageBand: widenAgeBand(quasi.ageBand, 20) }),
};

/** One combination of quasi-identifiers and how many subjects share it. */
export interface EquivalenceClass extends QuasiIdentifiers {
  size: number;
}

/** What enforcing k-anonymity did. */
export interface KAnonymityReport {
  k: number;
  /** Subjects given, released and suppressed: input = released + suppressed. */
  input: number;
  released: number;
  suppressed: number;
  /** How many subjects each step changed (including subjects suppressed later). */
  generalized: Record<GeneralizationStep, number>;
  /** The released classes, each of size ≥ k. */
  classes: EquivalenceClass[];
  /** The classes still below k after every step, whose subjects were suppressed; sizes add up to `suppressed`. */
  suppressedClasses: EquivalenceClass[];
}

/** The released records and the report. */
export interface KAnonymousRelease {
  records: DeidentifiedRecord[];
  report: KAnonymityReport;
}

/** The key of a class of quasi-identifiers. */
export const classKey = (quasi: QuasiIdentifiers): string => `${quasi.ageBand}|${quasi.sex}|${quasi.zip3}`;

function classesOf<T extends { quasi: QuasiIdentifiers }>(items: readonly T[]): Map<string, T[]> {
  const classes = new Map<string, T[]>();
  for (const item of items) {
    const key = classKey(item.quasi);
    const members = classes.get(key);
    if (members) members.push(item);
    else classes.set(key, [item]);
  }
  return classes;
}

const summary = (members: readonly { quasi: QuasiIdentifiers }[]): EquivalenceClass => ({
  ...members[0]!.quasi,
  size: members.length,
});
const byKey = (a: EquivalenceClass, b: EquivalenceClass) => classKey(a).localeCompare(classKey(b));

/** The Patient a released record carries: its pseudonym and released quasi-identifiers, nothing else. */
function releasedPatient(record: DeidentifiedRecord, quasi: QuasiIdentifiers): FhirResource {
  const original = record.resources.find((resource) => resource.resourceType === 'Patient');
  const deceased =
    original?.deceasedDateTime !== undefined
      ? true
      : typeof original?.deceasedBoolean === 'boolean'
        ? original.deceasedBoolean
        : undefined;
  return {
    resourceType: 'Patient',
    id: record.subject,
    extension: [{ url: AGE_BAND_EXTENSION_URL, valueString: quasi.ageBand }],
    gender: quasi.sex,
    ...(deceased === undefined ? {} : { deceasedBoolean: deceased }),
    address: [{ postalCode: quasi.zip3 }],
  };
}

/**
 * Generalizes and suppresses subjects until every released class of (age band, sex, ZIP3) has at least k
 * members (k ≥ 2; default 5). Deterministic: the result depends only on the input multiset's quasi-identifiers
 * and order.
 */
export function enforceKAnonymity(
  records: readonly DeidentifiedRecord[],
  options: { k?: number } = {},
): KAnonymousRelease {
  const k = options.k ?? DEFAULT_K;
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`k must be an integer ≥ 2, got ${k}`);
  const items = records.map((record) => ({ record, quasi: record.quasi }));
  const generalized = Object.fromEntries(GENERALIZATION_STEPS.map((step) => [step, 0])) as Record<
    GeneralizationStep,
    number
  >;
  for (const step of GENERALIZATION_STEPS) {
    for (const members of classesOf(items).values()) {
      if (members.length >= k) continue;
      for (const item of members) {
        const next = GENERALIZE[step](item.quasi);
        if (classKey(next) !== classKey(item.quasi)) generalized[step] += 1;
        item.quasi = next;
      }
    }
  }
  const classes: EquivalenceClass[] = [];
  const suppressedClasses: EquivalenceClass[] = [];
  const kept = new Set<(typeof items)[number]>();
  for (const members of classesOf(items).values()) {
    if (members.length >= k) {
      classes.push(summary(members));
      for (const item of members) kept.add(item);
    } else suppressedClasses.push(summary(members));
  }
  const released = items
    .filter((item) => kept.has(item))
    .map(({ record, quasi }) => ({
      ...record,
      quasi,
      resources: [
        releasedPatient(record, quasi),
        ...record.resources.filter((resource) => resource.resourceType !== 'Patient'),
      ],
    }));
  return {
    records: released,
    report: {
      k,
      input: records.length,
      released: released.length,
      suppressed: records.length - released.length,
      generalized,
      classes: classes.sort(byKey),
      suppressedClasses: suppressedClasses.sort(byKey),
    },
  };
}
