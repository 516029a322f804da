// FHIR R4 JSON resources and bundles, validated in the client before a record is encrypted (the relayer only
// ever sees ciphertext, so this is where the shape is checked). Every resource needs one of R4's resource types
// and a well-formed id; the resource types we file as records also need the elements R4 marks as required
// (1..1) and well-formed dates, so a record that other FHIR systems would reject never gets stored. Anything
// else R4 defines (the Practitioner, Organization and Medication a summary's entries point at) is accepted as
// it is: refusing the spec's own examples would be worse than not checking their every element.
import { z } from 'zod';
import { type FhirProblem, FhirValidationError } from './fhir-validation-error.ts';
import { isR4ResourceType } from './r4-resource-types.ts';

// FHIR R4 primitive formats (https://hl7.org/fhir/R4/datatypes.html).
const id = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'a FHIR id: 1–64 letters, digits, - or .');
const date = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'a FHIR date: YYYY, YYYY-MM or YYYY-MM-DD');
const dateTime = z
  .string()
  .regex(
    /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d{1,9})?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00)))?)?)?$/,
    'a FHIR dateTime',
  );
const coding = z.looseObject({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});
const codeableConcept = z.looseObject({ coding: z.array(coding).optional(), text: z.string().optional() });
const reference = z.looseObject({ reference: z.string().optional(), display: z.string().optional() });

/** Elements every resource may carry, checked where present. */
const resourceBase = {
  id: id.optional(),
  meta: z
    .looseObject({ lastUpdated: z.string().optional(), profile: z.array(z.string()).optional() })
    .optional(),
};

const withResourceType = <T extends string, S extends z.core.$ZodLooseShape>(resourceType: T, shape: S) =>
  z.looseObject({ resourceType: z.literal(resourceType), ...resourceBase, ...shape });

const effective = { effectiveDateTime: dateTime.optional(), issued: z.string().optional() };
const status = z.string().min(1);
const medication = {
  medicationCodeableConcept: codeableConcept.optional(),
  medicationReference: reference.optional(),
};
const hasMedication = (value: { medicationCodeableConcept?: unknown; medicationReference?: unknown }) =>
  value.medicationCodeableConcept !== undefined || value.medicationReference !== undefined;

/** The resource types filed as records, with their R4 required elements. */
export const recordResourceSchemas = {
  Observation: withResourceType('Observation', {
    status,
    code: codeableConcept,
    category: z.array(codeableConcept).optional(),
    ...effective,
  }),
  DiagnosticReport: withResourceType('DiagnosticReport', {
    status,
    code: codeableConcept,
    category: z.array(codeableConcept).optional(),
    ...effective,
  }),
  ImagingStudy: withResourceType('ImagingStudy', {
    status,
    subject: reference,
    started: dateTime.optional(),
  }),
  Condition: withResourceType('Condition', {
    subject: reference,
    code: codeableConcept.optional(),
    category: z.array(codeableConcept).optional(),
    onsetDateTime: dateTime.optional(),
    recordedDate: dateTime.optional(),
  }),
  AllergyIntolerance: withResourceType('AllergyIntolerance', {
    patient: reference,
    code: codeableConcept.optional(),
    recordedDate: dateTime.optional(),
  }),
  Immunization: withResourceType('Immunization', {
    status,
    vaccineCode: codeableConcept,
    patient: reference,
    occurrenceDateTime: dateTime.optional(),
    occurrenceString: z.string().optional(),
  }).refine((value) => value.occurrenceDateTime !== undefined || value.occurrenceString !== undefined, {
    message: 'an Immunization needs occurrenceDateTime or occurrenceString',
    path: ['occurrence[x]'],
  }),
  MedicationStatement: withResourceType('MedicationStatement', {
    status,
    subject: reference,
    ...medication,
    effectiveDateTime: dateTime.optional(),
  }).refine(hasMedication, { message: 'a MedicationStatement needs medication[x]', path: ['medication[x]'] }),
  MedicationRequest: withResourceType('MedicationRequest', {
    status,
    intent: z.string().min(1),
    subject: reference,
    ...medication,
    authoredOn: dateTime.optional(),
  }).refine(hasMedication, { message: 'a MedicationRequest needs medication[x]', path: ['medication[x]'] }),
  Procedure: withResourceType('Procedure', {
    status,
    subject: reference,
    code: codeableConcept.optional(),
    performedDateTime: dateTime.optional(),
  }),
  Encounter: withResourceType('Encounter', { status, class: coding }),
  DocumentReference: withResourceType('DocumentReference', {
    status,
    content: z
      .array(
        z.looseObject({
          attachment: z.looseObject({
            contentType: z.string().optional(),
            url: z.string().optional(),
            data: z.string().optional(),
          }),
        }),
      )
      .min(1),
    date: z.string().optional(),
  }),
  ClinicalImpression: withResourceType('ClinicalImpression', {
    status,
    subject: reference,
    date: dateTime.optional(),
  }),
  Composition: withResourceType('Composition', {
    status,
    type: codeableConcept,
    date: dateTime,
    author: z.array(reference).min(1),
    title: z.string().min(1),
  }),
  MolecularSequence: withResourceType('MolecularSequence', { coordinateSystem: z.number().int() }),
  Patient: withResourceType('Patient', {
    birthDate: date.optional(),
    gender: z.enum(['male', 'female', 'other', 'unknown']).optional(),
  }),
} as const;

export type RecordResourceType = keyof typeof recordResourceSchemas;
export const recordResourceTypes = Object.keys(recordResourceSchemas) as RecordResourceType[];

export interface FhirResource {
  resourceType: string;
  id?: string;
  [element: string]: unknown;
}

export interface FhirBundle extends FhirResource {
  resourceType: 'Bundle';
  type: string;
  entry?: { fullUrl?: string; resource?: FhirResource }[];
}

const bundleTypes = [
  'document',
  'message',
  'transaction',
  'transaction-response',
  'batch',
  'batch-response',
  'history',
  'searchset',
  'collection',
] as const;
const bundleSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  ...resourceBase,
  type: z.enum(bundleTypes),
  entry: z
    .array(z.looseObject({ fullUrl: z.string().optional(), resource: z.unknown().optional() }))
    .optional(),
});

const MAX_BUNDLE_DEPTH = 4;

/** Every resource R4 defines that we do not file on its own: only its id and meta are checked. */
const otherResourceSchema = z.looseObject({ resourceType: z.string(), ...resourceBase });

function problemsOf(error: z.ZodError, at: (string | number)[]): FhirProblem[] {
  return error.issues.map((issue) => ({
    path: [...at, ...issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment))],
    detail: issue.message,
    ...(issue.code === 'invalid_value' ? { allowed: issue.values.map(String) } : {}),
  }));
}

function check(value: unknown, at: (string | number)[], depth: number): FhirProblem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [{ path: at, detail: 'not a JSON object', kind: 'not-object' }];
  const resourceType = (value as { resourceType?: unknown }).resourceType;
  if (resourceType === 'Bundle') {
    if (depth >= MAX_BUNDLE_DEPTH) return [{ path: at, detail: 'bundles nested too deep', kind: 'too-deep' }];
    const parsed = bundleSchema.safeParse(value);
    if (!parsed.success) return problemsOf(parsed.error, at);
    return (parsed.data.entry ?? []).flatMap((entry, index) =>
      entry.resource === undefined
        ? []
        : check(entry.resource, [...at, 'entry', index, 'resource'], depth + 1),
    );
  }
  if (!isR4ResourceType(resourceType))
    return [
      {
        path: [...at, 'resourceType'],
        detail: `${JSON.stringify(resourceType)} is not a FHIR R4 resource type`,
        kind: 'unknown-resource-type',
      },
    ];
  const schema =
    resourceType in recordResourceSchemas
      ? recordResourceSchemas[resourceType as RecordResourceType]
      : otherResourceSchema;
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : problemsOf(parsed.error, at);
}

/**
 * Parses and validates a FHIR R4 resource or bundle (JSON text or bytes).
 * @throws FhirValidationError listing every problem found, with a sentence for people (`shortMessage`).
 */
export function parseFhir(input: string | Uint8Array): FhirResource {
  let text: string;
  try {
    text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    throw new FhirValidationError(undefined, [{ path: [], detail: 'not UTF-8 text', kind: 'not-text' }]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FhirValidationError(undefined, [
      { path: [], detail: `not JSON: ${(error as Error).message}`, kind: 'not-json' },
    ]);
  }
  const problems = check(value, [], 0);
  if (problems.length > 0) throw new FhirValidationError(value, problems);
  return value as FhirResource;
}
