// Which consent category a record falls under: consent is granted per category, so this decides who may read a
// record. For FHIR it follows from the resource type (and an Observation's or report's own category); for any
// other file, from its MIME type. The patient may still file a record under another category (for example
// mental health, which no resource type reveals).
import type { CategoryName } from '@medicrypt/contracts';
import { type FhirBundle, type FhirResource, parseFhir } from './fhir-resource.ts';

export const FHIR_JSON = 'application/fhir+json';

const byResourceType: Record<string, CategoryName> = {
  Observation: 'lab',
  DiagnosticReport: 'lab',
  ImagingStudy: 'imaging',
  Condition: 'condition',
  AllergyIntolerance: 'allergy',
  Immunization: 'immunization',
  MedicationStatement: 'medication',
  MedicationRequest: 'medication',
  Procedure: 'procedure',
  Encounter: 'encounter',
  DocumentReference: 'document',
  ClinicalImpression: 'note',
  Composition: 'note',
  MolecularSequence: 'genomics',
  Patient: 'other',
};

// HL7 observation-category and diagnostic-service-section codes that move a resource to another category.
const byObservationCategory: Record<string, CategoryName> = {
  'vital-signs': 'vitals',
  laboratory: 'lab',
  imaging: 'imaging',
  LAB: 'lab',
  RAD: 'imaging',
  CT: 'imaging',
  MR: 'imaging',
  NMR: 'imaging',
  US: 'imaging',
  GE: 'genomics',
};

function codesOf(resource: FhirResource): string[] {
  const categories = (resource.category ?? []) as { coding?: { code?: string }[] }[];
  return categories.flatMap((category) => (category.coding ?? []).map((coding) => coding.code ?? ''));
}

/** The category of one FHIR resource (a bundle: its entries' category if they agree, else `other`). */
export function categoryOfResource(resource: FhirResource): CategoryName {
  if (resource.resourceType === 'Bundle') {
    const entries = ((resource as FhirBundle).entry ?? []).flatMap((entry) =>
      entry.resource ? [entry.resource] : [],
    );
    const found = new Set(
      entries.filter((entry) => entry.resourceType !== 'Patient').map(categoryOfResource),
    );
    return found.size === 1 ? [...found][0]! : 'other';
  }
  for (const code of codesOf(resource)) {
    const category = byObservationCategory[code];
    if (category) return category;
  }
  return byResourceType[resource.resourceType] ?? 'other';
}

/** The category of an attachment by MIME type: DICOM is imaging, other files are documents. */
export function categoryOfFile(contentType: string): CategoryName {
  const type = contentType.toLowerCase().split(';')[0]!.trim();
  if (type === 'application/dicom' || type === 'application/dicom+json') return 'imaging';
  return 'document';
}

export interface PreparedRecord {
  contentType: string;
  category: CategoryName;
  /** For FHIR: the resource type (or Bundle) and its id. */
  fhir?: { resourceType: string; id?: string };
}

/**
 * Checks a record before it is encrypted and says how to file it. FHIR JSON (by content type, or any JSON whose
 * first key is a resourceType) is validated.
 * @throws FhirValidationError for a FHIR record that is not valid R4.
 */
export function prepareRecord(bytes: Uint8Array, contentType: string): PreparedRecord {
  const type = contentType.toLowerCase().split(';')[0]!.trim();
  const looksFhir =
    type === FHIR_JSON ||
    (type === 'application/json' &&
      /^\s*\{\s*"resourceType"\s*:/.test(new TextDecoder().decode(bytes.subarray(0, 64))));
  if (!looksFhir) return { contentType: type, category: categoryOfFile(type) };
  const resource = parseFhir(bytes);
  return {
    contentType: FHIR_JSON,
    category: categoryOfResource(resource),
    fhir: { resourceType: resource.resourceType, ...(resource.id ? { id: resource.id } : {}) },
  };
}
