// The quasi-identifiers a study record keeps: an age band, sex and the 3-digit ZIP. Safe Harbor (45 CFR
// 164.514(b)(2)(i)(B) and (C)) allows the first three ZIP digits unless that area has 20,000 people or fewer,
// and ages up to 89; older ages are one category, 90 or older.

/** Width in years of the age bands a de-identified record carries. */
export const AGE_BAND_WIDTH = 5;
/** Safe Harbor (C): every age above 89 falls into one category. */
export const OLDEST_AGE = 90;
/** The label for unknown values of any quasi-identifier. */
export const UNKNOWN = 'unknown';
/** The 3-digit ZIP released for restricted, foreign or unknown areas. */
export const SUPPRESSED_ZIP3 = '000';

/**
 * 3-digit ZIP areas with 20,000 people or fewer in the 2000 Census, which HHS guidance on Safe Harbor lists
 * (https://www.hhs.gov/hipaa/for-professionals/privacy/special-topics/de-identification/): released as 000.
 */
export const RESTRICTED_ZIP3: ReadonlySet<string> = new Set([
  '036',
  '059',
  '063',
  '102',
  '203',
  '556',
  '692',
  '790',
  '821',
  '823',
  '830',
  '831',
  '878',
  '879',
  '884',
  '890',
  '893',
]);

/** Administrative sex as FHIR Patient.gender codes it. */
export type Sex = 'male' | 'female' | 'other' | 'unknown';

/** The quasi-identifiers of one study subject: the only demographics a released record keeps. */
export interface QuasiIdentifiers {
  /** "40-44", "90+" (wider after k-anonymity generalization: "40-49", "40-59", "80+"), or "unknown". */
  ageBand: string;
  sex: Sex;
  /** First three ZIP digits, or "000". */
  zip3: string;
}

const SEXES: readonly Sex[] = ['male', 'female', 'other', 'unknown'];
const FHIR_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/;
const US_ZIP = /^\s*(\d{5})(?:[-\s]?\d{4})?\s*$/;
const US_COUNTRY = /^(us|usa|u\.s\.a?\.?|united states(?: of america)?)$/i;

/** FHIR gender → sex; anything else is "unknown". */
export function sexOf(gender: unknown): Sex {
  return SEXES.includes(gender as Sex) ? (gender as Sex) : 'unknown';
}

/**
 * Age in whole years on `asOf` of someone born on a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD). A missing month or
 * day counts as January or the 1st, which gives the oldest possible age (the safe side of the 90+ rule).
 */
export function ageAt(birthDate: unknown, asOf: Date): number | undefined {
  if (typeof birthDate !== 'string') return undefined;
  const match = FHIR_DATE.exec(birthDate);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2] ?? 1), Number(match[3] ?? 1)];
  let age = asOf.getUTCFullYear() - year;
  const beforeBirthday =
    asOf.getUTCMonth() + 1 < month || (asOf.getUTCMonth() + 1 === month && asOf.getUTCDate() < day);
  if (beforeBirthday) age -= 1;
  return age >= 0 ? age : undefined;
}

/**
 * The age band of an age for bands `width` years wide, aligned on multiples of the width. The top band is open
 * and starts at the last multiple of the width that is ≤ 90, so 5- and 10-year bands end with "90+" and 20-year
 * bands with "80+"; each band nests inside the wider band of the same age.
 */
export function ageBandOf(age: number | undefined, width = AGE_BAND_WIDTH): string {
  if (age === undefined || !Number.isFinite(age) || age < 0) return UNKNOWN;
  const top = Math.floor(OLDEST_AGE / width) * width;
  if (age >= top) return `${top}+`;
  const low = Math.floor(age / width) * width;
  return `${low}-${low + width - 1}`;
}

/** The lowest age in a band label ("40-44" → 40, "90+" → 90), or undefined for "unknown". */
export function ageBandStart(band: string): number | undefined {
  const match = /^(\d+)(?:-\d+|\+)$/.exec(band);
  return match ? Number(match[1]) : undefined;
}

/** The `width`-year band that contains a (narrower) band: "40-44" → "40-49" for width 10. */
export function widenAgeBand(band: string, width: number): string {
  return ageBandOf(ageBandStart(band), width);
}

/**
 * The 3-digit ZIP Safe Harbor allows: the first three digits of a US ZIP or ZIP+4, "000" for the restricted
 * areas, non-US addresses and anything that is not a ZIP.
 */
export function zip3Of(postalCode: unknown, country?: unknown): string {
  if (typeof country === 'string' && country.trim() !== '' && !US_COUNTRY.test(country.trim()))
    return SUPPRESSED_ZIP3;
  if (typeof postalCode !== 'string') return SUPPRESSED_ZIP3;
  const match = US_ZIP.exec(postalCode);
  if (!match) return SUPPRESSED_ZIP3;
  const prefix = match[1]!.slice(0, 3);
  return RESTRICTED_ZIP3.has(prefix) ? SUPPRESSED_ZIP3 : prefix;
}
