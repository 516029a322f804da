// @medicrypt/fhir: FHIR R4 records in the client (validation and filing) before they are encrypted.
export {
  type FhirBundle,
  type FhirResource,
  FhirValidationError,
  parseFhir,
  type RecordResourceType,
  recordResourceSchemas,
  recordResourceTypes,
} from './fhir-resource.ts';
export {
  categoryOfFile,
  categoryOfResource,
  FHIR_JSON,
  type PreparedRecord,
  prepareRecord,
} from './record-category.ts';
// Research data: de-identification, k-anonymity, study exports and cohort insights (docs/research.md).
export * from './research/index.ts';
