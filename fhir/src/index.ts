// @medicrypt/fhir: FHIR R4 records in the client (validation and filing) before they are encrypted.

// Reading FHIR in words (concepts, dates, quantities, dosages, references), for any renderer.
export * from './display/index.ts';
export {
  type FhirBundle,
  type FhirResource,
  parseFhir,
  type RecordResourceType,
  recordResourceSchemas,
  recordResourceTypes,
} from './fhir-resource.ts';
export {
  type ExplainedProblem,
  type FhirProblem,
  type FhirProblemKind,
  FhirValidationError,
} from './fhir-validation-error.ts';
export { isR4ResourceType, type R4ResourceType, r4ResourceTypes } from './r4-resource-types.ts';
export {
  categoryOfFile,
  categoryOfResource,
  FHIR_JSON,
  type PreparedRecord,
  prepareRecord,
} from './record-category.ts';
// Research data: de-identification, k-anonymity, study exports and cohort insights (docs/research.md).
export * from './research/index.ts';
