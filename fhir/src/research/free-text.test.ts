import { describe, expect, it } from 'vitest';
import { createScrubber, REDACTED } from './free-text.ts';

const scrub = createScrubber();

describe('createScrubber: patterns', () => {
  it.each([
    ['see https://portal.example.org/p/123?x=1 now', 'see [URL] now'],
    ['www.example.com/jane', '[URL]'],
    ['mail jane.doe+1@mail.example.com.', 'mail [EMAIL].'],
    ['from 192.168.12.34, then 10.0.0.1', 'from [IP], then [IP]'],
    ['v6 2001:db8:85a3::8a2e:370:7334 and fe80::1', 'v6 [IP] and [IP]'],
    ['SSN 123-45-6789', 'SSN [SSN]'],
    ['call (617) 555-0123 or 617.555.0199 or +1 617 555 0100', 'call [PHONE] or [PHONE] or [PHONE]'],
    ['fax +44 20 7946 0958', 'fax [PHONE]'],
    ['MRN: 12345678, acct #A7-22', 'MRN: [ID], acct #[ID]'],
    ['plate 7ABC123 VIN 1HGCM82633A004352', 'plate [ID] VIN [ID]'],
    ['lot B12 and serial SN-88', 'lot [ID] and serial [ID]'],
  ])('%s', (text, expected) => {
    expect(scrub(text)).toBe(expected);
  });

  it.each([
    ['seen 2021-03-14T09:30:00Z', 'seen 2021'],
    ['on 03/14/2021 and 3/4/21', 'on 2021 and [DATE]'],
    ['on March 14, 2021 and 4th July 2020', 'on 2021 and 2020'],
    ['since Sept 2019, again Dec 3', 'since 2019, again [DATE]'],
    ['at 10:30 pm', 'at [TIME]'],
  ])('reduces dates to the year: %s', (text, expected) => {
    expect(scrub(text)).toBe(expected);
  });

  it.each([
    ['a 93-year-old woman', 'a aged 90 or older woman'],
    ['Age: 101', 'aged 90 or older'],
    ['is 95 y/o', 'is aged 90 or older'],
  ])('aggregates ages over 89: %s', (text, expected) => {
    expect(scrub(text)).toBe(expected);
  });

  it('leaves clinical text, years, codes with few digits and small numbers alone', () => {
    const text = 'HbA1c 7.2 % in 2021; COVID-19 vaccine dose 2 of 3; E11.9; aged 45; record shows BP 120/80';
    expect(scrub(text)).toBe(text);
  });
});

describe('createScrubber: known values', () => {
  it('redacts the record’s own values as whole words, case-insensitively, longest first', () => {
    const known = createScrubber(['Jane', 'Jane Doe', "O'Brien", 'Springfield', 'J', 'Al']);
    expect(known("JANE DOE from springfield met Mrs. O’Brien and O'Brien; Janet stays")).toBe(
      `${REDACTED} from ${REDACTED} met Mrs. ${REDACTED} and ${REDACTED}; Janet stays`,
    );
    expect(known('J. Alvarez and Al')).toBe(`J. Alvarez and ${REDACTED}`);
  });
});
