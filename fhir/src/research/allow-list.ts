// What a de-identified study record may keep, per FHIR R4 resource type: codes, values, units, statuses,
// categories and dates (reduced to the year). Everything not listed here is dropped: identifiers, names,
// addresses, telecom, narrative, extensions, attachments' data and URLs, performers' names, and any element
// added by a later FHIR version. Resource types not listed (Practitioner, RelatedPerson, Coverage, Media,
// Binary, MolecularSequence, …) are left out whole. Patient is handled by safe-harbor.ts, which keeps only
// its quasi-identifiers.

/** How one element is kept (see the walker in safe-harbor.ts). */
export type ElementKind =
  /** a FHIR code (status, unit code): kept if it looks like a code */
  | 'code'
  | 'boolean'
  | 'integer'
  | 'decimal'
  /** date, dateTime or instant: reduced to the year (Safe Harbor C) */
  | 'dateTime'
  /** a Coding: system (known terminologies only), code, display (scrubbed) */
  | 'coding'
  /** codings as above; the text only when no coding is kept (scrubbed) */
  | 'codeableConcept'
  /** value, comparator, unit (scrubbed), UCUM system and code; ages over 89 become "≥ 90 a" */
  | 'quantity'
  /** low and high quantities, open-ended at 90 when an age over 89 was aggregated */
  | 'range'
  /** rewritten to the study's pseudonymous ids; display, identifier and contained references dropped */
  | 'reference'
  /** content type and language only: never data, URL, title, hash or size (Safe Harbor N, Q) */
  | 'attachment'
  /** short text that carries data (a string value, a title): always kept, scrubbed */
  | 'label'
  /** narrative free text (descriptions, summaries, dosage text): dropped unless the study keeps scrubbed text */
  | 'freeText'
  /** an Annotation (note, comment): its text only, under the free-text policy; author and time dropped */
  | 'annotation';

/** Allowed elements of a resource or backbone element, each with how it is kept. */
export interface ElementRules {
  readonly [element: string]: ElementRule;
}
/** A kind, or the rules of a backbone element. */
export type ElementRule = ElementKind | ElementRules;

const CODEABLE = 'codeableConcept';

/** Period: both ends reduced to the year. */
export const PERIOD: ElementRules = { start: 'dateTime', end: 'dateTime' };
/** Ratio: two quantities. */
export const RATIO: ElementRules = { numerator: 'quantity', denominator: 'quantity' };

/** value[x] choices that are data; valueAttachment, valueSampledData and valueTime are left out. */
function valueChoices(prefix: string): ElementRules {
  return {
    [`${prefix}Quantity`]: 'quantity',
    [`${prefix}CodeableConcept`]: CODEABLE,
    [`${prefix}String`]: 'label',
    [`${prefix}Boolean`]: 'boolean',
    [`${prefix}Integer`]: 'integer',
    [`${prefix}Range`]: 'range',
    [`${prefix}Ratio`]: RATIO,
    [`${prefix}DateTime`]: 'dateTime',
    [`${prefix}Period`]: PERIOD,
  };
}

/** onset[x], abatement[x], performed[x]: strings are free text; ages are aggregated above 89. */
function timeChoices(prefix: string): ElementRules {
  return {
    [`${prefix}DateTime`]: 'dateTime',
    [`${prefix}Age`]: 'quantity',
    [`${prefix}Period`]: PERIOD,
    [`${prefix}Range`]: 'range',
    [`${prefix}String`]: 'freeText',
  };
}

const TIMING: ElementRules = {
  event: 'dateTime',
  repeat: {
    boundsDuration: 'quantity',
    boundsRange: 'range',
    boundsPeriod: PERIOD,
    count: 'integer',
    countMax: 'integer',
    duration: 'decimal',
    durationMax: 'decimal',
    durationUnit: 'code',
    frequency: 'integer',
    frequencyMax: 'integer',
    period: 'decimal',
    periodMax: 'decimal',
    periodUnit: 'code',
    dayOfWeek: 'code',
    when: 'code',
    offset: 'integer',
  },
  code: CODEABLE,
};

const DOSAGE: ElementRules = {
  sequence: 'integer',
  text: 'freeText',
  additionalInstruction: CODEABLE,
  patientInstruction: 'freeText',
  timing: TIMING,
  asNeededBoolean: 'boolean',
  asNeededCodeableConcept: CODEABLE,
  site: CODEABLE,
  route: CODEABLE,
  method: CODEABLE,
  doseAndRate: {
    type: CODEABLE,
    doseRange: 'range',
    doseQuantity: 'quantity',
    rateRatio: RATIO,
    rateRange: 'range',
    rateQuantity: 'quantity',
  },
  maxDosePerPeriod: RATIO,
  maxDosePerAdministration: 'quantity',
  maxDosePerLifetime: 'quantity',
};

const REFERENCE_RANGE: ElementRules = {
  low: 'quantity',
  high: 'quantity',
  type: CODEABLE,
  appliesTo: CODEABLE,
  age: 'range',
  text: 'label',
};

const OBSERVATION_VALUE: ElementRules = {
  ...valueChoices('value'),
  dataAbsentReason: CODEABLE,
  interpretation: CODEABLE,
  referenceRange: REFERENCE_RANGE,
};

/** The allowed elements of each resource type kept in a study record (FHIR R4). */
export const RESOURCE_ALLOW_LIST: Readonly<Record<string, ElementRules>> = {
  Observation: {
    status: 'code',
    category: CODEABLE,
    code: CODEABLE,
    subject: 'reference',
    focus: 'reference',
    encounter: 'reference',
    effectiveDateTime: 'dateTime',
    effectivePeriod: PERIOD,
    effectiveInstant: 'dateTime',
    issued: 'dateTime',
    ...OBSERVATION_VALUE,
    bodySite: CODEABLE,
    method: CODEABLE,
    specimen: 'reference',
    device: 'reference',
    hasMember: 'reference',
    derivedFrom: 'reference',
    component: { code: CODEABLE, ...OBSERVATION_VALUE },
    note: 'annotation',
  },
  DiagnosticReport: {
    status: 'code',
    category: CODEABLE,
    code: CODEABLE,
    subject: 'reference',
    encounter: 'reference',
    effectiveDateTime: 'dateTime',
    effectivePeriod: PERIOD,
    issued: 'dateTime',
    specimen: 'reference',
    result: 'reference',
    imagingStudy: 'reference',
    conclusion: 'freeText',
    conclusionCode: CODEABLE,
  },
  ImagingStudy: {
    status: 'code',
    modality: 'coding',
    subject: 'reference',
    encounter: 'reference',
    started: 'dateTime',
    numberOfSeries: 'integer',
    numberOfInstances: 'integer',
    procedureCode: CODEABLE,
    reasonCode: CODEABLE,
    series: {
      modality: 'coding',
      bodySite: 'coding',
      laterality: 'coding',
      numberOfInstances: 'integer',
      started: 'dateTime',
    },
  },
  Condition: {
    clinicalStatus: CODEABLE,
    verificationStatus: CODEABLE,
    category: CODEABLE,
    severity: CODEABLE,
    code: CODEABLE,
    bodySite: CODEABLE,
    subject: 'reference',
    encounter: 'reference',
    ...timeChoices('onset'),
    ...timeChoices('abatement'),
    recordedDate: 'dateTime',
    stage: { summary: CODEABLE, type: CODEABLE },
    evidence: { code: CODEABLE, detail: 'reference' },
    note: 'annotation',
  },
  AllergyIntolerance: {
    clinicalStatus: CODEABLE,
    verificationStatus: CODEABLE,
    type: 'code',
    category: 'code',
    criticality: 'code',
    code: CODEABLE,
    patient: 'reference',
    encounter: 'reference',
    ...timeChoices('onset'),
    recordedDate: 'dateTime',
    lastOccurrence: 'dateTime',
    reaction: {
      substance: CODEABLE,
      manifestation: CODEABLE,
      severity: 'code',
      exposureRoute: CODEABLE,
      onset: 'dateTime',
      description: 'freeText',
      note: 'annotation',
    },
    note: 'annotation',
  },
  Immunization: {
    status: 'code',
    statusReason: CODEABLE,
    vaccineCode: CODEABLE,
    patient: 'reference',
    encounter: 'reference',
    occurrenceDateTime: 'dateTime',
    occurrenceString: 'freeText',
    recorded: 'dateTime',
    primarySource: 'boolean',
    site: CODEABLE,
    route: CODEABLE,
    doseQuantity: 'quantity',
    reasonCode: CODEABLE,
    isSubpotent: 'boolean',
    protocolApplied: {
      targetDisease: CODEABLE,
      doseNumberPositiveInt: 'integer',
      seriesDosesPositiveInt: 'integer',
    },
    note: 'annotation',
  },
  MedicationStatement: {
    status: 'code',
    statusReason: CODEABLE,
    category: CODEABLE,
    medicationCodeableConcept: CODEABLE,
    medicationReference: 'reference',
    subject: 'reference',
    context: 'reference',
    effectiveDateTime: 'dateTime',
    effectivePeriod: PERIOD,
    dateAsserted: 'dateTime',
    reasonCode: CODEABLE,
    reasonReference: 'reference',
    dosage: DOSAGE,
    note: 'annotation',
  },
  MedicationRequest: {
    status: 'code',
    statusReason: CODEABLE,
    intent: 'code',
    category: CODEABLE,
    priority: 'code',
    doNotPerform: 'boolean',
    medicationCodeableConcept: CODEABLE,
    medicationReference: 'reference',
    subject: 'reference',
    encounter: 'reference',
    authoredOn: 'dateTime',
    reasonCode: CODEABLE,
    reasonReference: 'reference',
    courseOfTherapyType: CODEABLE,
    dosageInstruction: DOSAGE,
    note: 'annotation',
  },
  Medication: {
    code: CODEABLE,
    status: 'code',
    form: CODEABLE,
    amount: RATIO,
    ingredient: {
      itemCodeableConcept: CODEABLE,
      itemReference: 'reference',
      isActive: 'boolean',
      strength: RATIO,
    },
  },
  Procedure: {
    status: 'code',
    statusReason: CODEABLE,
    category: CODEABLE,
    code: CODEABLE,
    subject: 'reference',
    encounter: 'reference',
    ...timeChoices('performed'),
    reasonCode: CODEABLE,
    reasonReference: 'reference',
    bodySite: CODEABLE,
    outcome: CODEABLE,
    complication: CODEABLE,
    followUp: CODEABLE,
    usedCode: CODEABLE,
    note: 'annotation',
  },
  Encounter: {
    status: 'code',
    statusHistory: { status: 'code', period: PERIOD },
    class: 'coding',
    classHistory: { class: 'coding', period: PERIOD },
    type: CODEABLE,
    serviceType: CODEABLE,
    priority: CODEABLE,
    subject: 'reference',
    period: PERIOD,
    length: 'quantity',
    reasonCode: CODEABLE,
    reasonReference: 'reference',
    diagnosis: { condition: 'reference', use: CODEABLE, rank: 'integer' },
    hospitalization: {
      admitSource: CODEABLE,
      reAdmission: CODEABLE,
      dietPreference: CODEABLE,
      specialArrangement: CODEABLE,
      dischargeDisposition: CODEABLE,
    },
  },
  DocumentReference: {
    status: 'code',
    docStatus: 'code',
    type: CODEABLE,
    category: CODEABLE,
    subject: 'reference',
    date: 'dateTime',
    description: 'freeText',
    securityLabel: CODEABLE,
    content: { attachment: 'attachment', format: 'coding' },
    context: {
      encounter: 'reference',
      event: CODEABLE,
      period: PERIOD,
      facilityType: CODEABLE,
      practiceSetting: CODEABLE,
    },
  },
  ClinicalImpression: {
    status: 'code',
    statusReason: CODEABLE,
    code: CODEABLE,
    description: 'freeText',
    subject: 'reference',
    encounter: 'reference',
    effectiveDateTime: 'dateTime',
    effectivePeriod: PERIOD,
    date: 'dateTime',
    summary: 'freeText',
    finding: { itemCodeableConcept: CODEABLE, itemReference: 'reference' },
    prognosisCodeableConcept: CODEABLE,
    note: 'annotation',
  },
  Composition: {
    status: 'code',
    type: CODEABLE,
    category: CODEABLE,
    subject: 'reference',
    encounter: 'reference',
    date: 'dateTime',
    author: 'reference',
    title: 'label',
    confidentiality: 'code',
    section: {
      title: 'label',
      code: CODEABLE,
      entry: 'reference',
      emptyReason: CODEABLE,
      orderedBy: CODEABLE,
    },
  },
  Device: {
    status: 'code',
    type: CODEABLE,
    patient: 'reference',
  },
};

/** Terminologies whose codings are kept (Coding.system); a coding from any other system is dropped. */
export const CODE_SYSTEMS: ReadonlySet<string> = new Set([
  'http://loinc.org',
  'http://snomed.info/sct',
  'http://www.nlm.nih.gov/research/umls/rxnorm',
  'http://hl7.org/fhir/sid/icd-10',
  'http://hl7.org/fhir/sid/icd-10-cm',
  'http://hl7.org/fhir/sid/icd-9-cm',
  'http://hl7.org/fhir/sid/cvx',
  'http://hl7.org/fhir/sid/ndc',
  'http://www.whocc.no/atc',
  'http://www.ama-assn.org/go/cpt',
  'http://unitsofmeasure.org',
  'http://dicom.nema.org/resources/ontology/DCM',
  'urn:ietf:bcp:13',
  'urn:ietf:bcp:47',
]);

/** HL7 code systems (terminology.hl7.org and FHIR core value sets); the naming systems under /sid/ are not. */
const HL7_CODE_SYSTEM = /^http:\/\/(terminology\.hl7\.org\/CodeSystem\/|hl7\.org\/fhir\/(?!sid\/))[\w.\-/]+$/;

/** Whether codings from this system are kept. */
export function isKnownCodeSystem(system: string, extra: readonly string[] = []): boolean {
  return CODE_SYSTEMS.has(system) || HL7_CODE_SYSTEM.test(system) || extra.includes(system);
}
