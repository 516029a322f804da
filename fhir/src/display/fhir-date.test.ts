import { describe, expect, it } from 'vitest';
import { formatFhirDate, formatPeriod } from './fhir-date.ts';

const gb = { locale: 'en-GB', timeZone: 'UTC' };

describe('FHIR dates in words', () => {
  it('keep the precision they were recorded at', () => {
    expect(formatFhirDate('2004', gb)).toBe('2004');
    expect(formatFhirDate('2012-06', gb)).toBe('June 2012');
    expect(formatFhirDate('2012-06-12', gb)).toBe('12 Jun 2012');
    expect(formatFhirDate('2013-04-02T09:30:10+01:00', gb)).toBe('2 Apr 2013, 08:30');
    expect(
      formatFhirDate('2013-04-02T09:30:10+01:00', { locale: 'en-GB', timeZone: 'Europe/Amsterdam' }),
    ).toBe('2 Apr 2013, 10:30');
  });

  it('never move a date without a time to another day, whatever the zone', () => {
    expect(formatFhirDate('2012-06-12', { locale: 'en-GB', timeZone: 'Pacific/Kiritimati' })).toBe(
      '12 Jun 2012',
    );
    expect(formatFhirDate('2012-06-12', { locale: 'en-GB', timeZone: 'Pacific/Pago_Pago' })).toBe(
      '12 Jun 2012',
    );
  });

  it('give back what cannot be read as it was written, never "Invalid Date"', () => {
    expect(formatFhirDate('yesterday', gb)).toBe('yesterday');
    expect(formatFhirDate('2012-13-40', gb)).toBe('2012-13-40');
    expect(formatFhirDate('2012-06-12T25:00:00Z', gb)).toBe('2012-06-12T25:00:00Z');
    expect(formatFhirDate('2012-06-12', { locale: 'not a locale!' })).toBe('2012-06-12');
    expect(formatFhirDate(undefined)).toBeUndefined();
    expect(formatFhirDate(20120612)).toBeUndefined();
  });

  it('say periods with either end open', () => {
    expect(formatPeriod({ start: '2013-03-11', end: '2013-03-20' }, gb)).toBe('11 Mar 2013 – 20 Mar 2013');
    expect(formatPeriod({ start: '2013-03-11' }, gb)).toBe('from 11 Mar 2013');
    expect(formatPeriod({ end: '2013-03-20' }, gb)).toBe('until 20 Mar 2013');
    expect(formatPeriod({ start: '2013-03-11', end: '2013-03-11' }, gb)).toBe('11 Mar 2013');
    expect(formatPeriod({}, gb)).toBeUndefined();
  });
});
