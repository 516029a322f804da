// The analysable facts of a de-identified record: one per observation value (per component for panels such as
// blood pressure), condition and medication, with its code, value, unit and year. The CSV export and the cohort
// insights both read records through this.
import type { FhirResource } from '../fhir-resource.ts';

/** What a fact is about. */
export type FactKind = 'observation' | 'condition' | 'medication';

/** One observation value, condition or medication of a record. */
export interface ClinicalFact {
  kind: FactKind;
  resourceType: string;
  system?: string;
  code?: string;
  display?: string;
  /** The value: a number for quantities and integers, a code or text otherwise; a medication's dose. */
  value?: number | string | boolean;
  unit?: string;
  /** The year of the observation, onset or start (de-identified records carry only years). */
  year?: number;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const first = (value: unknown): Json | undefined =>
  Array.isArray(value) ? value.find(isObject) : isObject(value) ? value : undefined;

function yearOf(...candidates: unknown[]): number | undefined {
  for (const candidate of candidates) {
    const match = typeof candidate === 'string' ? /^(\d{4})/.exec(candidate) : null;
    if (match) return Number(match[1]);
  }
  return undefined;
}

/** The first coding of a CodeableConcept (or its text). */
function concept(value: unknown): Pick<ClinicalFact, 'system' | 'code' | 'display'> {
  if (!isObject(value)) return {};
  const coding = first(value.coding);
  if (!coding) return typeof value.text === 'string' ? { display: value.text } : {};
  return {
    system: typeof coding.system === 'string' ? coding.system : undefined,
    code: typeof coding.code === 'string' ? coding.code : undefined,
    display: typeof coding.display === 'string' ? coding.display : undefined,
  };
}

function quantityValue(quantity: unknown): Pick<ClinicalFact, 'value' | 'unit'> {
  if (!isObject(quantity) || typeof quantity.value !== 'number') return {};
  const unit =
    typeof quantity.unit === 'string'
      ? quantity.unit
      : typeof quantity.code === 'string'
        ? quantity.code
        : undefined;
  const comparator = typeof quantity.comparator === 'string' ? quantity.comparator : '';
  return { value: comparator ? `${comparator}${quantity.value}` : quantity.value, unit };
}

/** value[x] of an observation or component. */
function observedValue(element: Json): Pick<ClinicalFact, 'value' | 'unit'> | undefined {
  if (element.valueQuantity !== undefined) return quantityValue(element.valueQuantity);
  if (element.valueCodeableConcept !== undefined) {
    const { code, display } = concept(element.valueCodeableConcept);
    return { value: code ?? display };
  }
  for (const choice of ['valueString', 'valueBoolean', 'valueInteger', 'valueDateTime'])
    if (element[choice] !== undefined) return { value: element[choice] as string | number | boolean };
  if (isObject(element.valueRange)) {
    const low = quantityValue(element.valueRange.low);
    const high = quantityValue(element.valueRange.high);
    return { value: `${low.value ?? ''}..${high.value ?? ''}`, unit: low.unit ?? high.unit };
  }
  return undefined;
}

function observationFacts(resource: FhirResource): ClinicalFact[] {
  const period = isObject(resource.effectivePeriod) ? resource.effectivePeriod.start : undefined;
  const year = yearOf(resource.effectiveDateTime, resource.effectiveInstant, period, resource.issued);
  const base = { kind: 'observation' as const, resourceType: resource.resourceType, year };
  const components = (Array.isArray(resource.component) ? resource.component : []).filter(isObject);
  const value = observedValue(resource);
  const facts: ClinicalFact[] = [];
  if (value !== undefined || components.length === 0)
    facts.push({ ...base, ...concept(resource.code), ...value });
  for (const component of components)
    facts.push({ ...base, ...concept(component.code), ...observedValue(component) });
  return facts;
}

function medicationFacts(resource: FhirResource, resources: readonly FhirResource[]): ClinicalFact[] {
  const period = isObject(resource.effectivePeriod) ? resource.effectivePeriod.start : undefined;
  const year = yearOf(resource.effectiveDateTime, period, resource.authoredOn, resource.dateAsserted);
  let medication = resource.medicationCodeableConcept;
  const reference = isObject(resource.medicationReference)
    ? resource.medicationReference.reference
    : undefined;
  if (medication === undefined && typeof reference === 'string')
    medication = resources.find(
      (candidate) => `${candidate.resourceType}/${candidate.id}` === reference,
    )?.code;
  const dosage = first(resource.dosage ?? resource.dosageInstruction);
  const dose = first(dosage?.doseAndRate)?.doseQuantity;
  return [
    {
      kind: 'medication',
      resourceType: resource.resourceType,
      year,
      ...concept(medication),
      ...quantityValue(dose),
    },
  ];
}

/** The facts of one record's resources, in resource order. */
export function clinicalFacts(resources: readonly FhirResource[]): ClinicalFact[] {
  return resources.flatMap((resource): ClinicalFact[] => {
    switch (resource.resourceType) {
      case 'Observation':
        return observationFacts(resource);
      case 'Condition': {
        const onset = isObject(resource.onsetPeriod) ? resource.onsetPeriod.start : undefined;
        const year = yearOf(resource.onsetDateTime, onset, resource.recordedDate);
        return [{ kind: 'condition', resourceType: 'Condition', year, ...concept(resource.code) }];
      }
      case 'MedicationStatement':
      case 'MedicationRequest':
        return medicationFacts(resource, resources);
      default:
        return [];
    }
  });
}
