import { describe, expect, it } from 'vitest';
import {
  ageAt,
  ageBandOf,
  ageBandStart,
  RESTRICTED_ZIP3,
  sexOf,
  widenAgeBand,
  zip3Of,
} from './quasi-identifiers.ts';

const asOf = new Date('2025-07-01T00:00:00Z');

describe('ageAt', () => {
  it('counts whole years up to the birthday', () => {
    expect(ageAt('1980-07-01', asOf)).toBe(45);
    expect(ageAt('1980-07-02', asOf)).toBe(44);
    expect(ageAt('1935-12-31', asOf)).toBe(89);
  });

  it('takes the oldest possible age for partial dates and rejects the rest', () => {
    expect(ageAt('1935', asOf)).toBe(90);
    expect(ageAt('1935-08', asOf)).toBe(89);
    expect(ageAt('2030-01-01', asOf)).toBeUndefined();
    expect(ageAt('yesterday', asOf)).toBeUndefined();
    expect(ageAt(undefined, asOf)).toBeUndefined();
  });
});

describe('age bands', () => {
  it('uses 5-year bands up to 89 and one band for 90 or older', () => {
    expect(ageBandOf(0)).toBe('0-4');
    expect(ageBandOf(44)).toBe('40-44');
    expect(ageBandOf(89)).toBe('85-89');
    expect(ageBandOf(90)).toBe('90+');
    expect(ageBandOf(117)).toBe('90+');
    expect(ageBandOf(undefined)).toBe('unknown');
  });

  it('widens bands so that each nests inside the wider one', () => {
    expect(widenAgeBand('40-44', 10)).toBe('40-49');
    expect(widenAgeBand('45-49', 20)).toBe('40-59');
    expect(widenAgeBand('85-89', 10)).toBe('80-89');
    expect(widenAgeBand('90+', 10)).toBe('90+');
    expect(widenAgeBand('80-89', 20)).toBe('80+');
    expect(widenAgeBand('90+', 20)).toBe('80+');
    expect(widenAgeBand('unknown', 20)).toBe('unknown');
    for (let age = 0; age < 110; age++) {
      const [five, ten, twenty] = [ageBandOf(age, 5), ageBandOf(age, 10), ageBandOf(age, 20)];
      expect(widenAgeBand(five, 10)).toBe(ten);
      expect(widenAgeBand(ten, 20)).toBe(twenty);
    }
    expect(ageBandStart('90+')).toBe(90);
  });
});

describe('zip3Of', () => {
  it('keeps the first three digits of a US ZIP or ZIP+4', () => {
    expect(zip3Of('02139')).toBe('021');
    expect(zip3Of('02139-4307', 'US')).toBe('021');
    expect(zip3Of(' 941071234 ', 'United States')).toBe('941');
  });

  it('releases 000 for the 17 restricted areas, foreign and malformed codes', () => {
    expect(RESTRICTED_ZIP3.size).toBe(17);
    for (const prefix of RESTRICTED_ZIP3) expect(zip3Of(`${prefix}42`)).toBe('000');
    expect(zip3Of('03601')).toBe('000');
    expect(zip3Of('03701')).toBe('037');
    expect(zip3Of('SW1A 1AA', 'GB')).toBe('000');
    expect(zip3Of('02139', 'Canada')).toBe('000');
    expect(zip3Of('0213')).toBe('000');
    expect(zip3Of(undefined)).toBe('000');
  });
});

describe('sexOf', () => {
  it('maps FHIR gender codes and nothing else', () => {
    expect(sexOf('female')).toBe('female');
    expect(sexOf('other')).toBe('other');
    expect(sexOf('F')).toBe('unknown');
    expect(sexOf(undefined)).toBe('unknown');
  });
});
