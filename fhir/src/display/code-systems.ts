// Names people know code systems by, and the displays of the few HL7 codes records often carry without one, so
// a coding with no display still reads as "LOINC 8480-6" or "High" rather than a URI.

const names: Record<string, string> = {
  'http://loinc.org': 'LOINC',
  'http://snomed.info/sct': 'SNOMED CT',
  'http://www.nlm.nih.gov/research/umls/rxnorm': 'RxNorm',
  'http://hl7.org/fhir/sid/cvx': 'CVX',
  'http://hl7.org/fhir/sid/icd-10': 'ICD-10',
  'http://hl7.org/fhir/sid/icd-10-cm': 'ICD-10-CM',
  'http://hl7.org/fhir/sid/icd-9-cm': 'ICD-9-CM',
  'http://id.who.int/icd/release/11/mms': 'ICD-11',
  'http://hl7.org/fhir/sid/ndc': 'NDC',
  'http://www.whocc.no/atc': 'ATC',
  'http://www.ama-assn.org/go/cpt': 'CPT',
  'http://unitsofmeasure.org': 'UCUM',
  'http://dicom.nema.org/resources/ontology/DCM': 'DICOM',
  'http://standardterms.edqm.eu': 'EDQM',
  'urn:oid:2.16.840.1.113883.6.96': 'SNOMED CT',
  'urn:oid:2.16.840.1.113883.6.1': 'LOINC',
};

/** "LOINC" for http://loinc.org; undefined for systems without a well-known name. */
export function codeSystemName(system: unknown): string | undefined {
  return typeof system === 'string' ? names[system] : undefined;
}

/** HL7's own code systems (statuses, categories, roles): their codes are words, not identifiers. */
export function isHl7CodeSystem(system: unknown): boolean {
  return (
    typeof system === 'string' &&
    /^http:\/\/(terminology\.hl7\.org\/CodeSystem\/|hl7\.org\/fhir\/(?!sid\/))/.test(system)
  );
}

const V3 = 'http://terminology.hl7.org/CodeSystem/';

/** Displays of HL7 codes that examples and real records commonly send without one. */
const hl7Displays: Record<string, Record<string, string>> = {
  [`${V3}v3-ObservationInterpretation`]: {
    H: 'High',
    HH: 'Critically high',
    HU: 'Significantly high',
    L: 'Low',
    LL: 'Critically low',
    LU: 'Significantly low',
    N: 'Normal',
    A: 'Abnormal',
    AA: 'Critically abnormal',
    POS: 'Positive',
    NEG: 'Negative',
    DET: 'Detected',
    ND: 'Not detected',
    IND: 'Indeterminate',
    R: 'Resistant',
    S: 'Susceptible',
    I: 'Intermediate',
  },
  [`${V3}v3-ActCode`]: {
    AMB: 'Ambulatory',
    EMER: 'Emergency',
    FLD: 'Field',
    HH: 'Home health',
    IMP: 'Inpatient',
    ACUTE: 'Inpatient acute',
    NONAC: 'Inpatient non-acute',
    OBSENC: 'Observation',
    PRENC: 'Pre-admission',
    SS: 'Short stay',
    VR: 'Virtual',
  },
  [`${V3}v2-0443`]: {
    AD: 'Admitting provider',
    AP: 'Administering provider',
    AT: 'Attending provider',
    CP: 'Consulting provider',
    DP: 'Dispensing provider',
    EP: 'Entering provider',
    FHCP: 'Family health care professional',
    MDIR: 'Medical director',
    OP: 'Ordering provider',
    PP: 'Primary care provider',
    RO: 'Responsible observer',
    RP: 'Referring provider',
    RT: 'Referred to provider',
  },
  [`${V3}v2-0074`]: {
    AU: 'Audiology',
    BG: 'Blood gases',
    BLB: 'Blood bank',
    CG: 'Cytogenetics',
    CH: 'Chemistry',
    CP: 'Cytopathology',
    CT: 'CAT scan',
    CUS: 'Cardiac ultrasound',
    EC: 'Electrocardiac',
    GE: 'Genetics',
    HM: 'Hematology',
    IMM: 'Immunology',
    LAB: 'Laboratory',
    MB: 'Microbiology',
    MCB: 'Mycobacteriology',
    MYC: 'Mycology',
    NMR: 'Nuclear magnetic resonance',
    NMS: 'Nuclear medicine scan',
    OUS: 'OB ultrasound',
    PAT: 'Pathology',
    PHY: 'Physician',
    RAD: 'Radiology',
    SP: 'Surgical pathology',
    SR: 'Serology',
    TX: 'Toxicology',
    US: 'Ultrasound',
    VR: 'Virology',
    XRC: 'Cineradiograph',
  },
  [`${V3}v3-ParticipationType`]: {
    ADM: 'Admitter',
    ATND: 'Attender',
    CALLBCK: 'Callback contact',
    CON: 'Consultant',
    DIS: 'Discharger',
    ESC: 'Escort',
    PART: 'Participant',
    PPRF: 'Primary performer',
    REF: 'Referrer',
    SPRF: 'Secondary performer',
    TRANSLATOR: 'Translator',
  },
};

/** The display HL7 defines for `code` in `system`, for the codes kept above. */
export function hl7Display(system: unknown, code: unknown): string | undefined {
  if (typeof system !== 'string' || typeof code !== 'string') return undefined;
  return hl7Displays[system]?.[code];
}

/** "entered-in-error" → "Entered in error", "inpatient" → "Inpatient": for codes that are words. */
export function humanizeCode(code: string): string {
  const words = code
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-_]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : code;
}
