// A study dataset for release: the de-identified records of the patients whose research consent currently
// covers the study, made k-anonymous, as FHIR NDJSON (one resource per line, as FHIR Bulk Data writes it) and
// as a flat CSV of observations, conditions and medications. Every export is built from scratch from the
// current contributions, so a patient who revoked consent (and whose record is no longer given) is gone from
// the next export.
import type { FhirResource } from '../fhir-resource.ts';
import { clinicalFacts } from './clinical-facts.ts';
import { toCsv } from './csv.ts';
import { enforceKAnonymity, type KAnonymityReport } from './k-anonymity.ts';
import type { DeidentifiedRecord } from './safe-harbor.ts';

/** The columns of the study CSV, one row per observation value, condition or medication. */
export const CSV_COLUMNS = [
  'subject',
  'age_band',
  'sex',
  'zip3',
  'resource_type',
  'code_system',
  'code',
  'display',
  'value',
  'unit',
  'year',
] as const;

/** FHIR NDJSON: each resource as one line of JSON, every line ended by LF. */
export function toNdjson(records: readonly DeidentifiedRecord[]): string {
  return records
    .flatMap((record) => record.resources.map((resource) => `${JSON.stringify(resource)}\n`))
    .join('');
}

/**
 * Reads FHIR NDJSON back (blank lines are skipped).
 * @throws SyntaxError naming the line that is not a JSON resource.
 */
export function parseNdjson(text: string): FhirResource[] {
  return text.split(/\r?\n/).flatMap((line, index) => {
    if (line.trim() === '') return [];
    const value: unknown = JSON.parse(line);
    if (
      typeof value !== 'object' ||
      value === null ||
      typeof (value as FhirResource).resourceType !== 'string'
    )
      throw new SyntaxError(`line ${index + 1} is not a FHIR resource`);
    return [value as FhirResource];
  });
}

/** The study CSV (RFC 4180, header first): each fact of each record with the subject's quasi-identifiers. */
export function toStudyCsv(records: readonly DeidentifiedRecord[]): string {
  const rows = records.flatMap(({ subject, quasi, resources }) =>
    clinicalFacts(resources).map((fact) => [
      subject,
      quasi.ageBand,
      quasi.sex,
      quasi.zip3,
      fact.resourceType,
      fact.system,
      fact.code,
      fact.display,
      fact.value,
      fact.unit,
      fact.year,
    ]),
  );
  return toCsv(CSV_COLUMNS, rows);
}

/** A released study dataset. */
export interface StudyExport {
  /** The released records (k-anonymous; their Patient resources carry only the released quasi-identifiers). */
  records: DeidentifiedRecord[];
  kAnonymity: KAnonymityReport;
  ndjson: string;
  csv: string;
}

/**
 * Builds a study dataset from the de-identified records of the currently consenting patients: enforces
 * k-anonymity (default k = 5), then writes NDJSON and CSV.
 */
export function exportStudy(
  contributions: readonly DeidentifiedRecord[],
  options: { k?: number } = {},
): StudyExport {
  const { records, report } = enforceKAnonymity(contributions, options);
  return { records, kAnonymity: report, ndjson: toNdjson(records), csv: toStudyCsv(records) };
}
