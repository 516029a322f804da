// An Observation's (or component's) value[x] in words, whatever its type: "6.3 mmol/l", "Positive", "1:128",
// "3.1–6.2 mmol/l", or why there is none ("Not performed").
import type { Observation, ObservationComponent, ObservationReferenceRange } from 'fhir/r4.js';
import { conceptText } from './codeable-concept.ts';
import { type DateDisplayOptions, formatFhirDate, formatPeriod } from './fhir-date.ts';
import { formatQuantity, formatRange, formatRatio } from './quantity.ts';

type HasValue = Pick<
  Observation & ObservationComponent,
  | 'valueQuantity'
  | 'valueCodeableConcept'
  | 'valueString'
  | 'valueBoolean'
  | 'valueInteger'
  | 'valueRange'
  | 'valueRatio'
  | 'valueSampledData'
  | 'valueTime'
  | 'valueDateTime'
  | 'valuePeriod'
  | 'dataAbsentReason'
>;

/** The value as a phrase, or the reason it is absent; undefined when there is neither. */
export function observationValueText(
  holder: HasValue | undefined,
  dates: DateDisplayOptions = {},
): string | undefined {
  if (!holder || typeof holder !== 'object') return undefined;
  const value =
    formatQuantity(holder.valueQuantity) ??
    conceptText(holder.valueCodeableConcept) ??
    (typeof holder.valueString === 'string' ? holder.valueString : undefined) ??
    (typeof holder.valueBoolean === 'boolean' ? (holder.valueBoolean ? 'Yes' : 'No') : undefined) ??
    (typeof holder.valueInteger === 'number' ? String(holder.valueInteger) : undefined) ??
    formatRange(holder.valueRange) ??
    formatRatio(holder.valueRatio) ??
    (holder.valueSampledData ? 'Sampled data (a series of measurements)' : undefined) ??
    (typeof holder.valueTime === 'string' ? holder.valueTime.slice(0, 5) : undefined) ??
    formatFhirDate(holder.valueDateTime, dates) ??
    formatPeriod(holder.valuePeriod, dates);
  if (value !== undefined) return value;
  const absent = conceptText(holder.dataAbsentReason);
  return absent ? `No value: ${absent}` : undefined;
}

/** One reference range: "3.1–6.2 mmol/l", with who it applies to ("3.1–6.2 mmol/l (women, 18–65 years)"). */
export function referenceRangeText(range: ObservationReferenceRange | undefined): string | undefined {
  if (!range || typeof range !== 'object') return undefined;
  const bounds =
    formatRange({ low: range.low, high: range.high }) ??
    (typeof range.text === 'string' ? range.text : undefined);
  if (!bounds) return undefined;
  const applies = [
    conceptText(range.type),
    ...(Array.isArray(range.appliesTo) ? range.appliesTo.map((concept) => conceptText(concept)) : []),
    range.age ? formatRange(range.age) : undefined,
  ].filter((part): part is string => typeof part === 'string');
  const note = bounds === range.text || typeof range.text !== 'string' ? [] : [range.text];
  const extra = [...applies, ...note];
  return extra.length > 0 ? `${bounds} (${extra.join(', ')})` : bounds;
}

// HL7 interpretation codes that mean "outside the normal range" (v3-ObservationInterpretation).
const abnormalCodes = new Set([
  'H',
  'HH',
  'HU',
  'L',
  'LL',
  'LU',
  'A',
  'AA',
  'POS',
  'DET',
  'R',
  '>',
  '<',
  'W',
  'IE',
]);
const criticalCodes = new Set(['HH', 'LL', 'AA']);

/** How far outside normal an interpretation says a value is. */
export function interpretationLevel(
  interpretation: Observation['interpretation'],
): 'critical' | 'abnormal' | 'normal' | undefined {
  if (!Array.isArray(interpretation)) return undefined;
  const codes = interpretation.flatMap((concept) =>
    Array.isArray(concept?.coding) ? concept.coding.map((coding) => coding?.code) : [],
  );
  if (codes.some((code) => typeof code === 'string' && criticalCodes.has(code))) return 'critical';
  if (codes.some((code) => typeof code === 'string' && abnormalCodes.has(code))) return 'abnormal';
  if (codes.includes('N')) return 'normal';
  return undefined;
}

const SYSTOLIC = '8480-6';
const DIASTOLIC = '8462-4';

function loincCode(component: ObservationComponent): string | undefined {
  return component.code?.coding?.find((coding) => coding?.system === 'http://loinc.org')?.code;
}

/** "107/60 mmHg" for a blood pressure with systolic and diastolic components, else undefined. */
export function bloodPressureText(observation: Pick<Observation, 'component'>): string | undefined {
  const components = Array.isArray(observation.component) ? observation.component : [];
  const systolic = components.find((component) => loincCode(component) === SYSTOLIC)?.valueQuantity;
  const diastolic = components.find((component) => loincCode(component) === DIASTOLIC)?.valueQuantity;
  if (typeof systolic?.value !== 'number' || typeof diastolic?.value !== 'number') return undefined;
  const unit = formatQuantity(systolic)?.replace(/^[\d.]+\s*/, '') ?? '';
  return `${systolic.value}/${diastolic.value}${unit ? ` ${unit}` : ''}`;
}
