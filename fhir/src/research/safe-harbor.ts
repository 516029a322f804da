// HIPAA Safe Harbor de-identification (45 CFR 164.514(b)(2)) of one patient's FHIR R4 record, run in the
// patient's own client before anything leaves it. An allow-list (allow-list.ts) says what each resource type
// keeps; everything else goes. The Patient keeps only gender, birth year (none above 89), death year and the
// 3-digit ZIP (with state and country); ids become study pseudonyms and references are rewritten to them.
import type { CategoryName } from '@medicrypt/contracts';
import type { FhirBundle, FhirResource } from '../fhir-resource.ts';
import { categoryOfResource } from '../record-category.ts';
import { RESOURCE_ALLOW_LIST } from './allow-list.ts';
import {
  allowed,
  compact,
  hasModifier,
  isObject,
  type Json,
  text,
  type Walk,
  year,
} from './element-walker.ts';
import { createScrubber } from './free-text.ts';
import { identifyingValues } from './identifying-values.ts';
import { resourcePseudonym, studyPseudonym } from './pseudonym.ts';
import {
  ageAt,
  ageBandOf,
  OLDEST_AGE,
  type QuasiIdentifiers,
  sexOf,
  UNKNOWN,
  zip3Of,
} from './quasi-identifiers.ts';

/** The 18 identifiers of 45 CFR 164.514(b)(2)(i), by the letter the rule gives them. */
export const SAFE_HARBOR_IDENTIFIERS = {
  A: 'Names',
  B: 'Geographic subdivisions smaller than a state, including ZIP codes (first 3 digits kept where allowed)',
  C: 'All elements of dates (except year) related to an individual, and ages over 89',
  D: 'Telephone numbers',
  E: 'Fax numbers',
  F: 'Email addresses',
  G: 'Social security numbers',
  H: 'Medical record numbers',
  I: 'Health plan beneficiary numbers',
  J: 'Account numbers',
  K: 'Certificate/license numbers',
  L: 'Vehicle identifiers and serial numbers, including license plate numbers',
  M: 'Device identifiers and serial numbers',
  N: 'Web Universal Resource Locators (URLs)',
  O: 'Internet Protocol (IP) addresses',
  P: 'Biometric identifiers, including finger and voice prints',
  Q: 'Full-face photographs and any comparable images',
  R: 'Any other unique identifying number, characteristic, or code',
} as const;
/** The letter of one of the 18 identifiers. */
export type SafeHarborIdentifier = keyof typeof SAFE_HARBOR_IDENTIFIERS;

/** What happens to free text (notes, comments, descriptions, dosage text). */
export type FreeTextPolicy = 'drop' | 'scrub';

/** The study, the patient and the policy a record is de-identified for. */
export interface DeidentifyOptions {
  /** The study the record is released to; part of the pseudonym. */
  studyId: string;
  /** The secret behind the pseudonyms (≥ 32 bytes); never given to the data recipient (docs/research.md). */
  studyKey: Uint8Array;
  /** The patient's wallet address. */
  patientAddress: string;
  /** The day ages are computed on (default: now). */
  asOf?: Date;
  /** Free text is dropped (default) or kept scrubbed. */
  freeText?: FreeTextPolicy;
  /** The categories the patient's research consent allows; other resources are left out (default: all). */
  categories?: readonly CategoryName[];
  /** Code systems kept besides the standard terminologies of allow-list.ts. */
  extraCodeSystems?: readonly string[];
}

/** Why a resource of the input is not in the study record. */
export type OmissionReason =
  | 'not on the allow-list'
  | 'no research consent for its category'
  | 'has a modifier extension'
  | 'entered in error'
  | 'another Patient';

/** One patient's de-identified record for one study. */
export interface DeidentifiedRecord {
  /** The subject pseudonym: HMAC-SHA256(studyKey, patientAddress || studyId). */
  subject: string;
  quasi: QuasiIdentifiers;
  /** The Patient (id = subject) first, then the other kept resources in input order. */
  resources: FhirResource[];
  /** The resources left out, by type and reason (no ids). */
  omitted: { resourceType: string; reason: OmissionReason }[];
}

const MAX_BUNDLE_DEPTH = 4;
const REGION = /^[\p{L} .'-]{2,40}$/u;

// ------------------------------------------------------------------ the Patient

function homeAddress(addresses: unknown): Json | undefined {
  const list = (Array.isArray(addresses) ? addresses : [addresses]).filter(isObject);
  const current = list.filter((address) => !(isObject(address.period) && address.period.end !== undefined));
  return current.find((address) => address.use === 'home') ?? current[0] ?? list[0];
}

/** The last day a partial FHIR date can stand for ("2010" → 2010-12-31), or undefined. */
function latestDay(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value);
  if (!match) return undefined;
  const [yearNumber, month, day] = [Number(match[1]), match[2], match[3]];
  if (month === undefined) return new Date(Date.UTC(yearNumber, 11, 31));
  if (day === undefined) return new Date(Date.UTC(yearNumber, Number(month), 0));
  return new Date(Date.UTC(yearNumber, Number(month) - 1, Number(day)));
}

function deidentifyPatient(patient: Json | undefined, walk: Walk, asOf: Date) {
  const death = latestDay(patient?.deceasedDateTime);
  // The band is the age at death for the deceased; the birth year goes if they would be over 89 now.
  const age = ageAt(patient?.birthDate, death && death < asOf ? death : asOf);
  const ageNow = ageAt(patient?.birthDate, asOf);
  const address = homeAddress(patient?.address);
  const quasi: QuasiIdentifiers = {
    ageBand: ageBandOf(age),
    sex: sexOf(patient?.gender),
    zip3: zip3Of(address?.postalCode, address?.country),
  };
  const region = (value: unknown) => {
    const kept = text(value, walk);
    return kept !== undefined && REGION.test(kept) ? kept : undefined;
  };
  const resource = compact({
    resourceType: 'Patient',
    id: walk.subject,
    gender: quasi.sex === UNKNOWN && patient?.gender !== UNKNOWN ? undefined : quasi.sex,
    // Safe Harbor C: the birth year is an element of a date indicative of an age over 89.
    birthDate: ageNow !== undefined && ageNow >= OLDEST_AGE ? undefined : year(patient?.birthDate),
    deceasedBoolean: typeof patient?.deceasedBoolean === 'boolean' ? patient.deceasedBoolean : undefined,
    deceasedDateTime: year(patient?.deceasedDateTime),
    address: address
      ? [compact({ state: region(address.state), country: region(address.country), postalCode: quasi.zip3 })]
      : undefined,
  }) as FhirResource;
  return { resource, quasi };
}

// ------------------------------------------------------------------ records

interface Entry {
  resource: Json & { resourceType: string };
  fullUrl?: string;
}

function entriesOf(resource: FhirResource, depth = 0): Entry[] {
  if (resource.resourceType !== 'Bundle') return [{ resource }];
  if (depth >= MAX_BUNDLE_DEPTH) return [];
  return ((resource as FhirBundle).entry ?? []).flatMap((entry) => {
    if (!isObject(entry.resource) || typeof entry.resource.resourceType !== 'string') return [];
    return entry.resource.resourceType === 'Bundle'
      ? entriesOf(entry.resource, depth + 1)
      : [
          {
            resource: entry.resource,
            ...(typeof entry.fullUrl === 'string' ? { fullUrl: entry.fullUrl } : {}),
          },
        ];
  });
}

function omissionReason(
  resource: Entry['resource'],
  categories: readonly CategoryName[] | undefined,
): OmissionReason | undefined {
  if (resource.resourceType === 'Patient') return 'another Patient';
  if (!RESOURCE_ALLOW_LIST[resource.resourceType]) return 'not on the allow-list';
  if (categories && !categories.includes(categoryOfResource(resource as FhirResource)))
    return 'no research consent for its category';
  if (hasModifier(resource)) return 'has a modifier extension';
  if (resource.status === 'entered-in-error') return 'entered in error';
  return undefined;
}

/**
 * De-identifies one patient's FHIR R4 record (a resource or a bundle, as decrypted in the patient's client) for
 * one study, under Safe Harbor. Every reference to a Patient is taken to be this patient.
 */
export function deidentify(input: FhirResource, options: DeidentifyOptions): DeidentifiedRecord {
  const subject = studyPseudonym(options.studyKey, options.patientAddress, options.studyId);
  const entries = entriesOf(input);
  const newIds = entries.map(({ resource, fullUrl }, index) =>
    resource.resourceType === 'Patient'
      ? subject
      : resourcePseudonym(
          options.studyKey,
          subject,
          typeof resource.id === 'string'
            ? `${resource.resourceType}/${resource.id}`
            : (fullUrl ?? `#${index}`),
        ),
  );
  const fullUrls = new Map<string, string>();
  entries.forEach(({ resource, fullUrl }, index) => {
    if (fullUrl) fullUrls.set(fullUrl, `${resource.resourceType}/${newIds[index]}`);
  });
  const walk: Walk = {
    subject,
    studyKey: options.studyKey,
    scrub: createScrubber(identifyingValues(entries)),
    keepFreeText: options.freeText === 'scrub',
    extraCodeSystems: options.extraCodeSystems ?? [],
    fullUrls,
  };

  const patients = entries.filter((entry) => entry.resource.resourceType === 'Patient');
  const { resource: patient, quasi } = deidentifyPatient(
    patients[0]?.resource,
    walk,
    options.asOf ?? new Date(),
  );
  const resources: FhirResource[] = [patient];
  const omitted: DeidentifiedRecord['omitted'] = [];
  for (const [index, { resource }] of entries.entries()) {
    if (resource === patients[0]?.resource) continue;
    const reason = omissionReason(resource, options.categories);
    if (reason) omitted.push({ resourceType: resource.resourceType, reason });
    else
      resources.push({
        resourceType: resource.resourceType,
        id: newIds[index]!,
        ...allowed(resource, RESOURCE_ALLOW_LIST[resource.resourceType]!, walk),
      });
  }
  return { subject, quasi, resources, omitted };
}
