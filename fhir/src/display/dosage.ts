// Dosage and Timing in words: "1–2 TAB, once a day, at bedtime, by Oral Route, as needed for Restless Legs".
// The prescriber's own text (Dosage.text) is what a clinician reads first; these words come from the structured
// elements, shown beside it so the two can be compared.
import type { Dosage, Timing } from 'fhir/r4.js';
import { conceptList, conceptText } from './codeable-concept.ts';
import { formatQuantity, formatRange, formatRatio } from './quantity.ts';

const unitWords: Record<string, [string, string]> = {
  s: ['second', 'seconds'],
  min: ['minute', 'minutes'],
  h: ['hour', 'hours'],
  d: ['day', 'days'],
  wk: ['week', 'weeks'],
  mo: ['month', 'months'],
  a: ['year', 'years'],
};

// Event timings (http://hl7.org/fhir/event-timing and v3 TimingEvent) that say when in the day.
const whenWords: Record<string, string> = {
  MORN: 'in the morning',
  'MORN.early': 'early in the morning',
  'MORN.late': 'late in the morning',
  NOON: 'at noon',
  AFT: 'in the afternoon',
  'AFT.early': 'early in the afternoon',
  'AFT.late': 'late in the afternoon',
  EVE: 'in the evening',
  'EVE.early': 'early in the evening',
  'EVE.late': 'late in the evening',
  NIGHT: 'at night',
  PHS: 'after sleep',
  HS: 'at bedtime',
  WAKE: 'on waking',
  C: 'with a meal',
  CM: 'with breakfast',
  CD: 'with lunch',
  CV: 'with dinner',
  AC: 'before a meal',
  ACM: 'before breakfast',
  ACD: 'before lunch',
  ACV: 'before dinner',
  PC: 'after a meal',
  PCM: 'after breakfast',
  PCD: 'after lunch',
  PCV: 'after dinner',
};

const times = (count: number) =>
  count === 1 ? 'once' : count === 2 ? 'twice' : count === 3 ? 'three times' : `${count} times`;

function per(period: number, unit: string | undefined): string {
  const [one, many] = unitWords[unit ?? ''] ?? [unit ?? '', unit ?? ''];
  return period === 1 ? `a ${one}` : `every ${period} ${many}`;
}

/** "once a day", "every 8 hours", "twice a day, at bedtime, for 5 days". */
export function timingText(timing: Timing | undefined): string | undefined {
  if (!timing || typeof timing !== 'object') return undefined;
  const coded = conceptText(timing.code);
  const repeat = timing.repeat;
  if (!repeat || typeof repeat !== 'object') return coded;
  const parts: string[] = [];
  const { frequency, frequencyMax, period, periodMax, periodUnit } = repeat;
  if (typeof period === 'number') {
    const unitName = unitWords[periodUnit ?? '']?.[1] ?? periodUnit ?? '';
    const range = typeof periodMax === 'number' ? `every ${period}–${periodMax} ${unitName}` : undefined;
    const count = typeof frequency === 'number' ? frequency : 1;
    const countText = typeof frequencyMax === 'number' ? `${count}–${frequencyMax} times` : times(count);
    if (range) parts.push(count === 1 && frequencyMax === undefined ? range : `${countText} ${range}`);
    else if (count === 1 && frequencyMax === undefined && period !== 1) parts.push(per(period, periodUnit));
    else parts.push(`${countText} ${per(period, periodUnit)}`);
  }
  const when = Array.isArray(repeat.when) ? repeat.when.map((code) => whenWords[code] ?? code) : [];
  parts.push(...when);
  if (Array.isArray(repeat.timeOfDay) && repeat.timeOfDay.length > 0)
    parts.push(`at ${repeat.timeOfDay.map((time) => String(time).slice(0, 5)).join(', ')}`);
  if (Array.isArray(repeat.dayOfWeek) && repeat.dayOfWeek.length > 0)
    parts.push(`on ${repeat.dayOfWeek.map((day) => day[0]!.toUpperCase() + day.slice(1)).join(', ')}`);
  const bounds = formatQuantity(repeat.boundsDuration);
  if (bounds) parts.push(`for ${bounds}`);
  if (typeof repeat.count === 'number')
    parts.push(repeat.count === 1 ? 'once only' : `${times(repeat.count)} in total`);
  if (parts.length === 0) return coded;
  return coded ? `${coded} (${parts.join(', ')})` : parts.join(', ');
}

/** The dose of one dosage: "2 TAB", "1–2 TAB", "5 mg per 1 h". */
export function doseText(dosage: Dosage | undefined): string | undefined {
  const first = Array.isArray(dosage?.doseAndRate) ? dosage.doseAndRate[0] : undefined;
  if (!first) return undefined;
  return formatQuantity(first.doseQuantity) ?? formatRange(first.doseRange);
}

/** The rate of one dosage, when it has one: "5 mg per 1 h". */
export function rateText(dosage: Dosage | undefined): string | undefined {
  const first = Array.isArray(dosage?.doseAndRate) ? dosage.doseAndRate[0] : undefined;
  if (!first) return undefined;
  return formatRatio(first.rateRatio) ?? formatRange(first.rateRange) ?? formatQuantity(first.rateQuantity);
}

/** "as needed", "as needed for Restless Legs"; undefined when not as needed. */
export function asNeededText(dosage: Dosage | undefined): string | undefined {
  if (!dosage) return undefined;
  const reason = conceptText(dosage.asNeededCodeableConcept);
  if (reason) return `as needed for ${reason}`;
  return dosage.asNeededBoolean === true ? 'as needed' : undefined;
}

/** The structured elements of a dosage in one line (dose, timing, route, as needed, site, method). */
export function dosageSummary(dosage: Dosage | undefined): string | undefined {
  if (!dosage || typeof dosage !== 'object') return undefined;
  const route = conceptText(dosage.route);
  const site = conceptText(dosage.site);
  const parts = [
    doseText(dosage),
    rateText(dosage),
    timingText(dosage.timing),
    route && `by ${route}`,
    site && `at ${site}`,
    asNeededText(dosage),
    ...conceptList(dosage.additionalInstruction),
  ].filter((part): part is string => typeof part === 'string' && part !== '');
  return parts.length > 0 ? parts.join(', ') : undefined;
}
