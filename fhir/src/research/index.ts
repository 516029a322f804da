// Client-side research data (issue #8): Safe Harbor de-identification in the patient's client, k-anonymity
// before release, NDJSON/CSV study exports, and aggregate insights with suppression and optional Laplace noise.
export {
  CODE_SYSTEMS,
  type ElementKind,
  type ElementRule,
  type ElementRules,
  isKnownCodeSystem,
  RESOURCE_ALLOW_LIST,
} from './allow-list.ts';
export { type ClinicalFact, clinicalFacts, type FactKind } from './clinical-facts.ts';
export { CSV_LINE_BREAK, type CsvValue, csvField, parseCsv, toCsv } from './csv.ts';
export { CSV_COLUMNS, exportStudy, parseNdjson, type StudyExport, toNdjson, toStudyCsv } from './export.ts';
export { createScrubber, REDACTED, type Scrubber } from './free-text.ts';
export { identifyingValues } from './identifying-values.ts';
export {
  type CodeCounts,
  type CohortInsights,
  type CountCell,
  cohortInsights,
  DEFAULT_LABS,
  DEFAULT_MAX_CONTRIBUTIONS,
  DEFAULT_MIN_CELL_SIZE,
  INSIGHT_TABLES,
  type InsightsDomain,
  type InsightsOptions,
  type InsightTable,
  type LabInsight,
  type LabSpec,
  type NoiseOptions,
  type PrivacyReport,
  type Stratifier,
  type Stratum,
} from './insights.ts';
export {
  AGE_BAND_EXTENSION_URL,
  classKey,
  DEFAULT_K,
  type EquivalenceClass,
  enforceKAnonymity,
  GENERALIZATION_STEPS,
  type GeneralizationStep,
  type KAnonymityReport,
  type KAnonymousRelease,
} from './k-anonymity.ts';
export { MIN_STUDY_KEY_BYTES, resourcePseudonym, studyPseudonym } from './pseudonym.ts';
export {
  AGE_BAND_WIDTH,
  ageAt,
  ageBandOf,
  OLDEST_AGE,
  type QuasiIdentifiers,
  RESTRICTED_ZIP3,
  type Sex,
  SUPPRESSED_ZIP3,
  sexOf,
  widenAgeBand,
  zip3Of,
} from './quasi-identifiers.ts';
export { createRng, laplace, type Rng } from './random.ts';
export {
  type DeidentifiedRecord,
  type DeidentifyOptions,
  deidentify,
  type FreeTextPolicy,
  type OmissionReason,
  SAFE_HARBOR_IDENTIFIERS,
  type SafeHarborIdentifier,
} from './safe-harbor.ts';
export {
  SYNTHETIC_AS_OF,
  SYNTHETIC_LABS,
  type SyntheticOptions,
  type SyntheticPatient,
  syntheticPatients,
} from './synthetic-patients.ts';
