import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, parseCsv, toCsv } from './csv.ts';

describe('csvField', () => {
  it('quotes fields with commas, quotes and line breaks, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(7.5)).toBe('7.5');
    expect(csvField(false)).toBe('false');
    expect(csvField(undefined)).toBe('');
    expect(csvField(null)).toBe('');
  });
});

describe('toCsv and parseCsv', () => {
  it('ends every record with CRLF', () => {
    expect(toCsv(['a', 'b'], [[1, 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
  });

  it('round-trips quotes, commas, CR, LF and empty fields', () => {
    const rows = [
      ['He said "stop", then left', 'line one\nline two', '', 'crlf\r\ninside'],
      ['"', ',', '""', ' spaced '],
      [''],
    ];
    expect(parseCsv(toCsv(['h1', 'h2', 'h3', 'h4'], rows))).toEqual([['h1', 'h2', 'h3', 'h4'], ...rows]);
  });

  it('round-trips any table (property)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'Z', '7', ',', '"', '\r', '\n', ' ', 'é', '😀') });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 8 }), (rows) => {
        const [header = ['h'], ...rest] = rows;
        expect(parseCsv(toCsv(header, rest))).toEqual([header, ...rest]);
      }),
    );
  });

  it('accepts LF line breaks and a last line without one', () => {
    expect(parseCsv('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('rejects stray quotes, text after a closing quote and unterminated fields', () => {
    expect(() => parseCsv('a"b\r\n')).toThrow(SyntaxError);
    expect(() => parseCsv('"a"b\r\n')).toThrow(SyntaxError);
    expect(() => parseCsv('"abc')).toThrow(SyntaxError);
  });
});
