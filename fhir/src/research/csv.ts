// CSV as RFC 4180 writes it: CRLF line breaks, and a field in double quotes when it contains a comma, a double
// quote, CR or LF, with each double quote doubled. parseCsv reads the same grammar back.

/** A value of a CSV cell; undefined and null are empty cells. */
export type CsvValue = string | number | boolean | undefined | null;

/** RFC 4180 ends every record with CRLF. */
export const CSV_LINE_BREAK = '\r\n';
const NEEDS_QUOTES = /[",\r\n]/;

/** One field, quoted when it must be. */
export function csvField(value: CsvValue): string {
  const text = value === undefined || value === null ? '' : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A header and rows as CSV text, each record ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',') + CSV_LINE_BREAK).join('');
}

/**
 * Parses RFC 4180 CSV (quoted fields may hold commas, quotes and line breaks); accepts LF as well as CRLF.
 * @throws SyntaxError on a stray quote, text after a closing quote, or an unterminated quoted field.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  let wasQuoted = false;
  const endField = () => {
    row.push(field);
    field = '';
    wasQuoted = false;
  };
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (inQuotes) {
      if (char !== '"') field += char;
      else if (text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else inQuotes = false;
    } else if (char === ',') endField();
    else if (char === '\r' || char === '\n') {
      endField();
      rows.push(row);
      row = [];
      if (char === '\r' && text[index + 1] === '\n') index += 1;
    } else if (char === '"') {
      if (field !== '' || wasQuoted) throw new SyntaxError(`stray quote at ${index}`);
      inQuotes = true;
      wasQuoted = true;
    } else {
      if (wasQuoted) throw new SyntaxError(`text after a closing quote at ${index}`);
      field += char;
    }
  }
  if (inQuotes) throw new SyntaxError('unterminated quoted field');
  if (field !== '' || wasQuoted || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}
