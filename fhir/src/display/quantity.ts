// Quantities, ranges and ratios as a clinician writes them: "6.3 mmol/l", "3.1–6.2 mmol/l", "≥ 40 years",
// "500 mg per 1 tablet". The unit shown is the human one (`unit`), else the UCUM code made readable.
import type { Age, Duration, Quantity, Range, Ratio } from 'fhir/r4.js';

// UCUM codes whose printed form differs from the code.
const ucumPrinted: Record<string, string> = {
  'mm[Hg]': 'mmHg',
  '[in_i]': 'in',
  '[lb_av]': 'lb',
  '[degF]': '°F',
  Cel: '°C',
  '/min': '/min',
  '{beats}/min': 'beats/min',
  '{breaths}/min': 'breaths/min',
  a: 'years',
  mo: 'months',
  wk: 'weeks',
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
};

const comparatorWords: Record<string, string> = { '<': '<', '<=': '≤', '>=': '≥', '>': '>' };

function unitOf(quantity: Quantity): string | undefined {
  if (typeof quantity.unit === 'string' && quantity.unit.trim() !== '') return quantity.unit;
  if (typeof quantity.code !== 'string') return undefined;
  if (quantity.system === 'http://unitsofmeasure.org' || quantity.system === undefined)
    return ucumPrinted[quantity.code] ?? quantity.code.replace(/\{[^}]*\}/g, '').trim();
  return quantity.code;
}

function numberText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.trim() !== '') return value;
  return undefined;
}

/** "6.3 mmol/l", "< 5 mg", "60 mmHg"; a unit with no value ("mmHg") is not a quantity. */
export function formatQuantity(quantity: Quantity | Age | Duration | undefined): string | undefined {
  if (!quantity || typeof quantity !== 'object') return undefined;
  const value = numberText(quantity.value);
  if (value === undefined) return undefined;
  const comparator =
    typeof quantity.comparator === 'string' ? `${comparatorWords[quantity.comparator] ?? ''} ` : '';
  const unit = unitOf(quantity);
  const spaced = unit && !/^(%|°)/.test(unit) ? ` ${unit}` : (unit ?? '');
  return `${comparator.trimStart()}${value}${spaced}`;
}

/** "3.1–6.2 mmol/l" (one unit when both ends share it), "≥ 3.1 mmol/l", "≤ 6.2 mmol/l". */
export function formatRange(range: Range | undefined): string | undefined {
  if (!range || typeof range !== 'object') return undefined;
  const low = formatQuantity(range.low);
  const high = formatQuantity(range.high);
  if (low && high) {
    const lowUnit = range.low && unitOf(range.low);
    const highUnit = range.high && unitOf(range.high);
    if (lowUnit && lowUnit === highUnit) {
      const bare = numberText(range.low?.value);
      return `${bare}–${high}`;
    }
    return `${low} – ${high}`;
  }
  if (low) return `≥ ${low}`;
  if (high) return `≤ ${high}`;
  return undefined;
}

/** "500 mg per 1 Tab", "1:128". */
export function formatRatio(ratio: Ratio | undefined): string | undefined {
  if (!ratio || typeof ratio !== 'object') return undefined;
  const numerator = formatQuantity(ratio.numerator);
  const denominator = formatQuantity(ratio.denominator);
  if (!numerator || !denominator) return numerator ?? undefined;
  const plain = (quantity: Quantity | undefined) => quantity && unitOf(quantity) === undefined;
  if (plain(ratio.numerator) && plain(ratio.denominator)) return `${numerator}:${denominator}`;
  return `${numerator} per ${denominator}`;
}
