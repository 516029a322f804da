// The [x] choices that say "when" in conditions, allergies and procedures: a date, a period, an age, a range
// or free text.
import { formatQuantity, formatRange } from '@medicrypt/fhir';
import type { Age, Period, Range } from 'fhir/r4';
import type { useDates } from './fhir-display-context.tsx';

export interface WhenChoice {
  DateTime?: string;
  Period?: Period;
  Age?: Age;
  Range?: Range;
  String?: string;
  Boolean?: boolean;
}

/** Reads `<prefix>DateTime`, `<prefix>Period`, … of `resource` and says the one present. */
export function whenText(
  resource: object,
  prefix: string,
  dates: ReturnType<typeof useDates>,
): string | undefined {
  const element = resource as Record<string, unknown>;
  const choice: WhenChoice = {
    DateTime: element[`${prefix}DateTime`] as string | undefined,
    Period: element[`${prefix}Period`] as Period | undefined,
    Age: element[`${prefix}Age`] as Age | undefined,
    Range: element[`${prefix}Range`] as Range | undefined,
    String: element[`${prefix}String`] as string | undefined,
    Boolean: element[`${prefix}Boolean`] as boolean | undefined,
  };
  const age = formatQuantity(choice.Age);
  const range = formatRange(choice.Range);
  return (
    dates.date(choice.DateTime) ??
    dates.period(choice.Period) ??
    (age ? `at age ${age}` : undefined) ??
    (range ? `at age ${range}` : undefined) ??
    (typeof choice.String === 'string' && choice.String !== '' ? choice.String : undefined) ??
    (choice.Boolean === true ? 'Yes' : undefined)
  );
}
