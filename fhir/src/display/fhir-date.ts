// FHIR dates as people read them, at the precision they were recorded: "2004", "June 2012", "12 Jun 2012",
// "2 Apr 2013, 09:30". A date without a time is never shifted by a time zone (2012-06-12 stays the 12th); a
// date and time is shown in the reader's zone. Anything unparseable comes back as written, never as "Invalid
// Date".
import type { Period } from 'fhir/r4.js';

export interface DateDisplayOptions {
  /** BCP 47 locale; the reader's by default. */
  locale?: string;
  /** IANA zone for dates with a time; the reader's by default. */
  timeZone?: string;
}

const YEAR = /^(\d{4})$/;
const YEAR_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DAY = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const WITH_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function utcDate(year: string, month: string, day = '01'): Date {
  return new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
}

/** A FHIR date, dateTime or instant, at its own precision. */
export function formatFhirDate(value: unknown, options: DateDisplayOptions = {}): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const { locale, timeZone } = options;
  try {
    if (YEAR.test(value)) return value;
    let match = YEAR_MONTH.exec(value);
    if (match)
      return utcDate(match[1]!, match[2]!).toLocaleDateString(locale, {
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      });
    match = DAY.exec(value);
    if (match)
      return utcDate(match[1]!, match[2]!, match[3]!).toLocaleDateString(locale, {
        dateStyle: 'medium',
        timeZone: 'UTC',
      });
    if (WITH_TIME.test(value)) {
      const date = new Date(value);
      if (!Number.isNaN(date.getTime()))
        return date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
    }
  } catch {
    // An unknown locale or zone: fall through to the value as written.
  }
  return value;
}

/** "2 Apr 2013 – 5 Apr 2013", "from 2 Apr 2013", "until 5 Apr 2013". */
export function formatPeriod(
  period: Period | undefined,
  options: DateDisplayOptions = {},
): string | undefined {
  if (!period || typeof period !== 'object') return undefined;
  const start = formatFhirDate(period.start, options);
  const end = formatFhirDate(period.end, options);
  if (start && end) return start === end ? start : `${start} – ${end}`;
  if (start) return `from ${start}`;
  if (end) return `until ${end}`;
  return undefined;
}
