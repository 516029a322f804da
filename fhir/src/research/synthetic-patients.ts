// Synthetic patients for tests and demos: deterministic FHIR R4 bundles (seeded PRNG) stuffed with every kind
// of Safe Harbor identifier, in structured elements and in free text, each planted value listed by kind so a
// test can prove that none of them survives de-identification. The people, numbers and addresses are made up;
// the codes (LOINC, SNOMED CT, RxNorm, CVX) are real.
import type { FhirBundle, FhirResource } from '../fhir-resource.ts';
import { createRng, pick, type Rng, randomInt } from './random.ts';
import type { SafeHarborIdentifier } from './safe-harbor.ts';
import {
  CITIES,
  CONDITIONS,
  COUNTIES,
  FAMILY,
  GIVEN_FEMALE,
  GIVEN_MALE,
  MONTHS,
  STATES,
  STREET_TYPES,
  STREETS,
  ZIP3_WEIGHTS,
} from './synthetic-data.ts';

/** The day synthetic ages are computed on, unless given. */
export const SYNTHETIC_AS_OF = '2025-07-01';
/** Years of observations each synthetic patient has, ending the year before `asOf`. */
export const SYNTHETIC_OBSERVATION_YEARS = 3;

/** Code systems the generator uses. */
export const LOINC_SYSTEM = 'http://loinc.org';
export const SNOMED_SYSTEM = 'http://snomed.info/sct';
export const RXNORM_SYSTEM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const ICD10CM_SYSTEM = 'http://hl7.org/fhir/sid/icd-10-cm';
const UCUM = 'http://unitsofmeasure.org';
const HL7 = 'http://terminology.hl7.org/CodeSystem';

/** The labs the generator writes, by LOINC code. */
export const SYNTHETIC_LABS = {
  hba1c: { code: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', unit: '%' },
  ldl: {
    code: '13457-7',
    display: 'Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation',
    unit: 'mg/dL',
  },
  bloodPressure: { code: '85354-9', display: 'Blood pressure panel with all children optional', unit: '' },
  systolic: { code: '8480-6', display: 'Systolic blood pressure', unit: 'mm[Hg]' },
  diastolic: { code: '8462-4', display: 'Diastolic blood pressure', unit: 'mm[Hg]' },
} as const;

const ZIP3_TOTAL_WEIGHT = ZIP3_WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);
const VIN_ALPHABET = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Options of the generator. */
export interface SyntheticOptions {
  /** Seed of the generator (default 1): the same seed gives the same patients. */
  seed?: string | number;
  /** The day ages are computed on (YYYY-MM-DD, default SYNTHETIC_AS_OF). */
  asOf?: string;
}

/** One synthetic patient: the wallet address, the record as a bundle, and every identifier planted in it. */
export interface SyntheticPatient {
  address: string;
  bundle: FhirBundle;
  /** Age in whole years on `asOf`. */
  age: number;
  /** Every identifying value written into the bundle (structured or in free text), by Safe Harbor kind. */
  planted: Record<SafeHarborIdentifier, string[]>;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');
const digits = (rng: Rng, count: number) =>
  Array.from({ length: count }, () => randomInt(rng, 0, 9)).join('');
const fromAlphabet = (rng: Rng, alphabet: string, count: number) =>
  Array.from({ length: count }, () => alphabet[randomInt(rng, 0, alphabet.length - 1)]).join('');
const hex = (rng: Rng, count: number) => fromAlphabet(rng, '0123456789abcdef', count);
const letters = (rng: Rng, count: number) => fromAlphabet(rng, 'ABCDEFGHJKLMNPRSTUVWXYZ', count);
const round = (value: number, decimals: number) => Number(value.toFixed(decimals));
const ascii = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();

function zip3(rng: Rng): string {
  let remaining = rng() * ZIP3_TOTAL_WEIGHT;
  for (const [prefix, weight] of ZIP3_WEIGHTS) {
    remaining -= weight;
    if (remaining < 0) return prefix;
  }
  return ZIP3_WEIGHTS[0]![0];
}

function age(rng: Rng): number {
  const draw = rng();
  if (draw < 0.03) return randomInt(rng, 1, 17);
  if (draw < 0.75) return randomInt(rng, 18, 74);
  if (draw < 0.93) return randomInt(rng, 75, 89);
  return randomInt(rng, 90, 104);
}

/** Builds one patient; `plant` records each identifying value as it is written. */
function buildPatient(rng: Rng, asOf: Date): SyntheticPatient {
  const planted = Object.fromEntries(
    [...'ABCDEFGHIJKLMNOPQR'].map((letter) => [letter, [] as string[]]),
  ) as Record<SafeHarborIdentifier, string[]>;
  const plant = <T extends string>(kind: SafeHarborIdentifier, value: T): T => {
    planted[kind].push(value);
    return value;
  };
  const asOfYear = asOf.getUTCFullYear();
  const instant = (year: number) =>
    plant(
      'C',
      `${year}-${pad(randomInt(rng, 1, 12))}-${pad(randomInt(rng, 1, 28))}T${pad(randomInt(rng, 7, 19))}:${pad(randomInt(rng, 0, 59))}:${pad(randomInt(rng, 0, 59))}-05:00`,
    );
  const day = (year: number) =>
    plant('C', `${year}-${pad(randomInt(rng, 1, 12))}-${pad(randomInt(rng, 1, 28))}`);
  const phone = (format: (area: string, exchange: string, line: string) => string) =>
    format(String(randomInt(rng, 201, 989)), String(randomInt(rng, 201, 999)), digits(rng, 4));

  // ---------------------------------------------------------------- who they are
  const address = plant('R', `0x${hex(rng, 40)}`);
  const draw = rng();
  const gender = draw < 0.49 ? 'male' : draw < 0.98 ? 'female' : 'other';
  const years = age(rng);
  // Up to 300 days before the birthday that makes them `years` old on `asOf`, so they are exactly that old.
  const born = new Date(
    Date.UTC(asOfYear - years, asOf.getUTCMonth(), asOf.getUTCDate() - randomInt(rng, 0, 300)),
  );
  const birthDate = plant('C', born.toISOString().slice(0, 10));
  const given = plant('A', pick(rng, gender === 'male' ? GIVEN_MALE : GIVEN_FEMALE));
  const middle = plant('A', pick(rng, [...GIVEN_FEMALE, ...GIVEN_MALE]));
  const family = plant('A', pick(rng, FAMILY));
  const nickname = plant('A', `${given.slice(0, 3)}${pick(rng, ['ie', 'sy', 'o'])}`);
  const maidenName = plant('A', pick(rng, FAMILY));
  const fullName = plant('A', `${given} ${family}`);
  const contactGiven = plant('A', pick(rng, gender === 'male' ? GIVEN_FEMALE : GIVEN_MALE));
  const contactFamily = plant('A', pick(rng, FAMILY));
  const doctor = plant('A', `Dr. ${pick(rng, GIVEN_FEMALE)} ${pick(rng, FAMILY)}`);
  const employer = plant('A', `${pick(rng, FAMILY)} Logistics LLC`);

  const street = plant('B', `${randomInt(rng, 1, 9999)} ${pick(rng, STREETS)} ${pick(rng, STREET_TYPES)}`);
  const unit = plant('B', `Apt ${randomInt(rng, 1, 40)}${letters(rng, 1)}`);
  const city = plant('B', pick(rng, CITIES));
  const county = plant('B', `${pick(rng, COUNTIES)} County`);
  const state = pick(rng, STATES);
  const zip = plant('B', `${zip3(rng)}${digits(rng, 2)}`);
  const zipPlus4 = plant('B', `${zip}-${digits(rng, 4)}`);
  const latitude = plant('B', String(randomInt(rng, 2500000, 4800000) / 100000));
  const longitude = plant('B', String(-randomInt(rng, 7000000, 12200000) / 100000));
  const addressText = plant('B', `${street}, ${unit}, ${city}, ${state} ${zipPlus4}`);
  const contactStreet = plant(
    'B',
    `${randomInt(rng, 1, 9999)} ${pick(rng, STREETS)} ${pick(rng, STREET_TYPES)}`,
  );

  const homePhone = plant(
    'D',
    phone((a, b, c) => `(${a}) ${b}-${c}`),
  );
  const mobile = plant(
    'D',
    phone((a, b, c) => `${a}-${b}-${c}`),
  );
  const contactPhone = plant(
    'D',
    phone((a, b, c) => `${a}.${b}.${c}`),
  );
  const fax = plant(
    'E',
    phone((a, b, c) => `+1 ${a} ${b} ${c}`),
  );
  const email = plant(
    'F',
    `${ascii(given)}.${ascii(family)}${digits(rng, 3)}@mail${randomInt(rng, 1, 9)}.example.com`,
  );
  const ssn = plant('G', `${digits(rng, 3)}-${digits(rng, 2)}-${digits(rng, 4)}`);
  const mrn = plant('H', `MRN${digits(rng, 8)}`);
  const plan = plant('I', `HP${letters(rng, 2)}${digits(rng, 9)}`);
  const subscriber = plant('I', `SUB-${digits(rng, 10)}`);
  const account = plant('J', `ACCT-${digits(rng, 10)}`);
  const licence = plant('K', `S${digits(rng, 3)}-${digits(rng, 4)}-${digits(rng, 4)}`);
  const birthCertificate = plant('K', `BC${digits(rng, 9)}`);
  const plate = plant('L', `${randomInt(rng, 1, 9)}${letters(rng, 3)}${digits(rng, 3)}`);
  const vin = plant('L', `${randomInt(rng, 1, 5)}${fromAlphabet(rng, VIN_ALPHABET, 16)}`);
  const deviceSerial = plant('M', `SN${digits(rng, 8)}`);
  const deviceLot = plant('M', `LOT${digits(rng, 6)}`);
  const udi = plant('M', digits(rng, 14));
  const udiHrf = plant(
    'M',
    `(01)${udi}(17)${pad(randomInt(rng, 26, 30))}0101(10)${deviceLot}(21)${deviceSerial}`,
  );
  const deviceId = plant('M', `DEV-${digits(rng, 8)}`);
  const distinctDeviceId = plant('M', `DI-${hex(rng, 10)}`);
  const homepage = plant('N', `https://${ascii(family)}-${hex(rng, 6)}.example.net/`);
  const portal = plant('N', `https://portal.example.org/patients/${hex(rng, 12)}`);
  const ipv4 = plant(
    'O',
    `${randomInt(rng, 11, 223)}.${randomInt(rng, 0, 255)}.${randomInt(rng, 0, 255)}.${randomInt(rng, 1, 254)}`,
  );
  const ipv6 = plant('O', `2001:db8:${hex(rng, 4)}:${hex(rng, 4)}::${hex(rng, 3)}`);
  const fingerprint = plant('P', fromAlphabet(rng, BASE64_ALPHABET, 64));
  const voiceprint = plant('P', `VP-${hex(rng, 24)}`);
  const photo = plant('Q', fromAlphabet(rng, BASE64_ALPHABET, 80));
  const facePhoto = plant('Q', fromAlphabet(rng, BASE64_ALPHABET, 80));
  const trialId = plant('R', `TRIAL-${letters(rng, 3)}-${digits(rng, 6)}`);

  const patientId = plant('R', `pt-${hex(rng, 10)}`);
  const patientUrl = plant('N', `https://ehr.example.org/fhir/Patient/${patientId}`);
  const practitioner = plant('R', `Practitioner/pr-${hex(rng, 8)}`);
  const subject = { reference: `Patient/${patientId}`, display: fullName };
  const performer = [{ reference: practitioner, display: doctor }];
  const narrative = (summary: string) => ({
    status: 'generated',
    div: `<div xmlns="http://www.w3.org/1999/xhtml">${fullName} (${mrn}): ${summary}</div>`,
  });

  // ---------------------------------------------------------------- free text with identifiers in it
  const noteDate = (year: number) => {
    const [month, dayOfMonth] = [randomInt(rng, 1, 12), randomInt(rng, 1, 28)];
    const formats = [
      `${pad(month)}/${pad(dayOfMonth)}/${year}`,
      `${MONTHS[month - 1]} ${dayOfMonth}, ${year}`,
      `${year}-${pad(month)}-${pad(dayOfMonth)}`,
    ];
    return plant('C', pick(rng, formats));
  };
  const notes = [
    (year: number) =>
      `${fullName} (MRN ${mrn}) seen ${noteDate(year)}. Call ${homePhone} or ${mobile}, fax ${fax}, email ${email}.`,
    (year: number) =>
      `Portal ${portal} login from ${ipv4} and ${ipv6} on ${noteDate(year)}. SSN ${ssn} on file. Home page ${homepage}`,
    () =>
      `Lives at ${street}, ${unit}, ${city}, ${county} ${zip}. Plate ${plate}, VIN ${vin}. Meter S/N ${deviceSerial}.`,
    () =>
      `Wife/husband ${contactGiven} ${contactFamily} at ${contactPhone}; works for ${employer}. Account ${account}, member ${plan}, licence ${licence}. Age ${years} years.`,
    (year: number) =>
      `${doctor}: enrolled as ${trialId}; follow up ${noteDate(year + 1)}. Nickname ${nickname}.`,
  ];
  let notesWritten = 0;
  const note = (year: number) => [
    { authorString: doctor, time: instant(year), text: notes[notesWritten++ % notes.length]!(year) },
  ];

  // ---------------------------------------------------------------- resources
  const entries: { fullUrl: string; resource: FhirResource }[] = [];
  const add = (resource: FhirResource, fullUrl?: string) => {
    entries.push({
      fullUrl:
        fullUrl ??
        plant('R', `urn:uuid:${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-a${hex(rng, 3)}-${hex(rng, 12)}`),
      resource,
    });
    return resource;
  };
  const newId = (prefix: string) => plant('R', `${prefix}-${hex(rng, 10)}`);
  const deceased = years >= 90 && rng() < 0.3 ? instant(asOfYear - 1) : undefined;
  const identifier = (typeCode: string, system: string, value: string) => ({
    type: { coding: [{ system: `${HL7}/v2-0203`, code: typeCode }] },
    system,
    value,
  });

  add(
    {
      resourceType: 'Patient',
      id: patientId,
      meta: { lastUpdated: instant(asOfYear - 1) },
      text: narrative(`born ${birthDate}`),
      identifier: [
        identifier('MR', `https://hospital-${randomInt(rng, 1, 9)}.example.org/mrn`, mrn),
        identifier('SS', 'http://hl7.org/fhir/sid/us-ssn', ssn),
        identifier('MB', 'https://plan.example.com/members', plan),
        identifier('AN', 'https://hospital.example.org/accounts', account),
        identifier('DL', 'urn:oid:2.16.840.1.113883.4.3.25', licence),
        identifier('BCT', 'https://vitalrecords.example.gov/birth', birthCertificate),
      ],
      name: [
        { use: 'official', family, given: [given, middle], text: `${given} ${middle} ${family}` },
        { use: 'nickname', given: [nickname] },
        { use: 'maiden', family: maidenName },
      ],
      telecom: [
        { system: 'phone', value: homePhone, use: 'home' },
        { system: 'phone', value: mobile, use: 'mobile' },
        { system: 'fax', value: fax },
        { system: 'email', value: email },
        { system: 'url', value: homepage },
      ],
      gender,
      birthDate,
      ...(deceased ? { deceasedDateTime: deceased } : {}),
      address: [
        {
          use: 'home',
          text: addressText,
          line: [street, unit],
          city,
          district: county,
          state,
          postalCode: randomInt(rng, 0, 1) ? zip : zipPlus4,
          country: 'US',
          period: { start: day(asOfYear - randomInt(rng, 1, 20)) },
          extension: [
            {
              url: 'http://hl7.org/fhir/StructureDefinition/geolocation',
              extension: [
                { url: 'latitude', valueDecimal: Number(latitude) },
                { url: 'longitude', valueDecimal: Number(longitude) },
              ],
            },
          ],
        },
      ],
      photo: [
        {
          contentType: 'image/jpeg',
          data: photo,
          url: plant('N', `https://photos.example.org/${hex(rng, 12)}.jpg`),
          title: `Photo of ${fullName}`,
          creation: instant(asOfYear - 2),
        },
      ],
      contact: [
        {
          relationship: [{ coding: [{ system: `${HL7}/v2-0131`, code: 'N' }] }],
          name: { family: contactFamily, given: [contactGiven] },
          telecom: [{ system: 'phone', value: contactPhone }],
          address: { line: [contactStreet], city, postalCode: zip },
        },
        {
          relationship: [{ coding: [{ system: `${HL7}/v2-0131`, code: 'E' }] }],
          organization: { display: employer },
        },
      ],
      extension: [
        { url: 'http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName', valueString: maidenName },
        { url: 'https://example.org/fhir/StructureDefinition/vehicle-plate', valueString: plate },
        { url: 'https://example.org/fhir/StructureDefinition/vehicle-vin', valueString: vin },
        { url: 'https://example.org/fhir/StructureDefinition/voiceprint', valueString: voiceprint },
        { url: 'https://example.org/fhir/StructureDefinition/wallet', valueString: address },
      ],
      generalPractitioner: performer,
      managingOrganization: { reference: 'Organization/org-1', display: `${city} General Hospital` },
    },
    patientUrl,
  );

  const deviceUrl = plant(
    'R',
    `urn:uuid:${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-b${hex(rng, 3)}-${hex(rng, 12)}`,
  );
  add(
    {
      resourceType: 'Device',
      identifier: [{ system: 'https://devices.example.org', value: deviceId }],
      udiCarrier: [
        { deviceIdentifier: udi, carrierHRF: udiHrf, issuer: 'http://hl7.org/fhir/NamingSystem/gs1-di' },
      ],
      distinctIdentifier: distinctDeviceId,
      status: 'active',
      manufactureDate: day(asOfYear - 3),
      expirationDate: day(asOfYear + 2),
      lotNumber: deviceLot,
      serialNumber: deviceSerial,
      modelNumber: 'GM-200',
      type: { coding: [{ system: SNOMED_SYSTEM, code: '337414009', display: 'Blood glucose meters' }] },
      patient: subject,
      note: note(asOfYear - 1),
    },
    deviceUrl,
  );

  // Labs and vitals: a patient-specific baseline plus yearly variation.
  const hba1cBase = 4.8 + rng() * 5;
  const ldlBase = 70 + rng() * 120;
  const systolicBase = 105 + rng() * 55;
  const observation = (
    year: number,
    lab: (typeof SYNTHETIC_LABS)[keyof typeof SYNTHETIC_LABS],
    category: string,
    value: object,
  ) =>
    add({
      resourceType: 'Observation',
      id: newId('obs'),
      meta: { lastUpdated: instant(year) },
      text: narrative(lab.display),
      identifier: [
        { system: 'https://lab.example.org/accession', value: plant('R', `ACC${digits(rng, 9)}`) },
      ],
      status: 'final',
      category: [{ coding: [{ system: `${HL7}/observation-category`, code: category }] }],
      code: { coding: [{ system: LOINC_SYSTEM, code: lab.code, display: lab.display }], text: lab.display },
      subject,
      effectiveDateTime: instant(year),
      issued: instant(year),
      performer,
      ...value,
      note: note(year),
    });
  const quantity = (value: number, unit: string) => ({ value, unit, system: UCUM, code: unit });
  for (let year = asOfYear - SYNTHETIC_OBSERVATION_YEARS; year < asOfYear; year++) {
    if (rng() < 0.8)
      observation(year, SYNTHETIC_LABS.hba1c, 'laboratory', {
        valueQuantity: quantity(round(hba1cBase + (rng() - 0.5), 1), '%'),
        referenceRange: [{ high: quantity(5.7, '%'), text: 'Normal < 5.7 %' }],
      });
    if (rng() < 0.7)
      observation(year, SYNTHETIC_LABS.ldl, 'laboratory', {
        valueQuantity: quantity(Math.round(ldlBase + (rng() - 0.5) * 30), 'mg/dL'),
      });
    if (rng() < 0.9)
      observation(year, SYNTHETIC_LABS.bloodPressure, 'vital-signs', {
        device: { reference: deviceUrl, display: `Cuff ${deviceSerial}` },
        component: [
          {
            code: {
              coding: [
                {
                  system: LOINC_SYSTEM,
                  code: SYNTHETIC_LABS.systolic.code,
                  display: SYNTHETIC_LABS.systolic.display,
                },
              ],
            },
            valueQuantity: quantity(Math.round(systolicBase + (rng() - 0.5) * 20), 'mm[Hg]'),
          },
          {
            code: {
              coding: [
                {
                  system: LOINC_SYSTEM,
                  code: SYNTHETIC_LABS.diastolic.code,
                  display: SYNTHETIC_LABS.diastolic.display,
                },
              ],
            },
            valueQuantity: quantity(Math.round(systolicBase * 0.6 + (rng() - 0.5) * 14), 'mm[Hg]'),
          },
        ],
      });
  }

  // Conditions and the medications that go with them.
  for (const condition of CONDITIONS) {
    if (rng() >= condition.share) continue;
    const onsetYear = asOfYear - randomInt(rng, 1, Math.min(15, Math.max(1, years)));
    add({
      resourceType: 'Condition',
      id: newId('cond'),
      text: narrative(condition.display),
      identifier: [{ system: 'https://problems.example.org', value: plant('R', `PRB${digits(rng, 7)}`) }],
      clinicalStatus: { coding: [{ system: `${HL7}/condition-clinical`, code: 'active' }] },
      category: [{ coding: [{ system: `${HL7}/condition-category`, code: 'problem-list-item' }] }],
      code: {
        coding: [
          { system: SNOMED_SYSTEM, code: condition.snomed, display: condition.display },
          { system: ICD10CM_SYSTEM, code: condition.icd10 },
        ],
        text: `${condition.display} (reported by ${fullName})`,
      },
      subject,
      ...(years >= 90
        ? { onsetAge: { value: years - 1, unit: 'years', system: UCUM, code: 'a' } }
        : { onsetDateTime: day(onsetYear) }),
      recordedDate: instant(onsetYear),
      asserter: { reference: practitioner, display: doctor },
      note: note(onsetYear),
    });
    if (!('rxnorm' in condition)) continue;
    const start = day(onsetYear);
    add({
      resourceType: 'MedicationStatement',
      id: newId('med'),
      text: narrative(condition.drug),
      identifier: [{ system: 'https://pharmacy.example.org/rx', value: plant('R', `RX${digits(rng, 8)}`) }],
      status: 'active',
      medicationCodeableConcept: {
        coding: [{ system: RXNORM_SYSTEM, code: condition.rxnorm, display: condition.drug }],
        text: condition.drug,
      },
      subject,
      effectivePeriod: { start },
      dateAsserted: instant(asOfYear - 1),
      informationSource: subject,
      dosage: [
        {
          text: `Take ${condition.dose} mg daily from ${start}; questions: ${homePhone}`,
          timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd', boundsPeriod: { start } } },
          route: { coding: [{ system: SNOMED_SYSTEM, code: '26643006', display: 'Oral route' }] },
          doseAndRate: [{ doseQuantity: quantity(condition.dose, 'mg') }],
        },
      ],
      note: note(asOfYear - 1),
    });
  }

  // A clinical impression with every kind of note, so each planted value is in a resource that is kept.
  add({
    resourceType: 'ClinicalImpression',
    id: newId('imp'),
    status: 'completed',
    subject,
    date: instant(asOfYear - 1),
    summary: notes[0]!(asOfYear - 1),
    note: notes.map((text) => ({
      authorString: doctor,
      time: instant(asOfYear - 1),
      text: text(asOfYear - 1),
    })),
  });

  // An admission, a flu shot, a discharge summary, coverage, a face photo and a fingerprint.
  const admitted = instant(asOfYear - 2);
  add({
    resourceType: 'Encounter',
    id: newId('enc'),
    identifier: [
      {
        use: 'official',
        system: 'https://hospital.example.org/visits',
        value: plant('R', `V${digits(rng, 9)}`),
      },
    ],
    status: 'finished',
    class: { system: `${HL7}/v3-ActCode`, code: 'IMP', display: 'inpatient encounter' },
    subject,
    participant: [{ individual: { reference: practitioner, display: doctor } }],
    period: { start: admitted, end: instant(asOfYear - 2) },
    hospitalization: {
      preAdmissionIdentifier: { value: plant('R', `PRE${digits(rng, 7)}`) },
      dischargeDisposition: { coding: [{ system: `${HL7}/discharge-disposition`, code: 'home' }] },
    },
    location: [
      { location: { display: plant('B', `Ward ${randomInt(rng, 1, 9)}, Room ${randomInt(rng, 100, 499)}`) } },
    ],
  });
  add({
    resourceType: 'Immunization',
    id: newId('imm'),
    status: 'completed',
    vaccineCode: {
      coding: [
        { system: 'http://hl7.org/fhir/sid/cvx', code: '141', display: 'Influenza, seasonal, injectable' },
      ],
    },
    patient: subject,
    occurrenceDateTime: instant(asOfYear - 1),
    recorded: instant(asOfYear - 1),
    lotNumber: plant('R', `FLU${digits(rng, 6)}`),
    expirationDate: day(asOfYear),
    performer: [{ actor: { reference: practitioner, display: doctor } }],
  });
  add({
    resourceType: 'DocumentReference',
    id: newId('doc'),
    masterIdentifier: { system: 'urn:ietf:rfc:3986', value: plant('R', `urn:oid:1.2.840.${digits(rng, 8)}`) },
    status: 'current',
    type: { coding: [{ system: LOINC_SYSTEM, code: '18842-5', display: 'Discharge summary' }] },
    subject,
    date: instant(asOfYear - 2),
    author: performer,
    description: `Discharge summary for ${fullName}, admitted ${admitted}`,
    content: [
      {
        attachment: {
          contentType: 'application/pdf',
          url: plant('N', `https://ehr-${randomInt(rng, 1, 9)}.example.org/documents/${hex(rng, 16)}.pdf`),
          title: `Discharge ${fullName}.pdf`,
          creation: instant(asOfYear - 2),
          size: randomInt(rng, 10_000, 900_000),
        },
      },
    ],
    context: { period: { start: admitted, end: instant(asOfYear - 2) } },
  });
  add({
    resourceType: 'Coverage',
    id: newId('cov'),
    identifier: [{ system: 'https://plan.example.com/members', value: plan }],
    status: 'active',
    subscriberId: subscriber,
    beneficiary: subject,
    payor: [{ display: 'Acme Health Plan' }],
    period: { start: day(asOfYear - 4) },
  });
  add({
    resourceType: 'Media',
    id: newId('media'),
    status: 'completed',
    subject,
    createdDateTime: instant(asOfYear - 2),
    content: {
      contentType: 'image/jpeg',
      data: facePhoto,
      url: plant('N', `https://images.example.org/${hex(rng, 12)}.jpg`),
    },
  });
  add({
    resourceType: 'Binary',
    id: newId('bin'),
    contentType: 'application/x-fingerprint-template',
    data: fingerprint,
  });

  return {
    address,
    age: years,
    planted,
    bundle: { resourceType: 'Bundle', type: 'collection', entry: entries },
  };
}

/**
 * `count` synthetic patients, deterministic for a seed. Patient i depends only on the seed and i, so the first
 * patients of a larger cohort are the patients of a smaller one.
 */
export function syntheticPatients(count: number, options: SyntheticOptions = {}): SyntheticPatient[] {
  const seed = options.seed ?? 1;
  const asOf = new Date(`${options.asOf ?? SYNTHETIC_AS_OF}T00:00:00Z`);
  return Array.from({ length: count }, (_, index) => buildPatient(createRng(`${seed}/${index}`), asOf));
}
