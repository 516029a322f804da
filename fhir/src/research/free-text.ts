// Scrubbing of the free text a study record keeps (code displays, text-only codes, string values and, when the
// study asks for them, notes). Two passes: every identifying value found elsewhere in the patient's own record
// (names, address parts, phone numbers, identifier values, URLs) is redacted wherever it appears, then patterns
// catch the identifiers a record does not list: e-mail, URLs, IP addresses, dates finer than a year, phone,
// SSN, labelled record/account/licence numbers, ages over 89 and long alphanumeric numbers. Names the record
// does not contain cannot be recognised by pattern; that is why notes are dropped unless a study opts in.

/** Replaces an identifying value taken from the record itself. */
export const REDACTED = '[REDACTED]';

/** Values shorter than this are not redacted as known values (initials would remove every "a" or "J."). */
export const MIN_KNOWN_VALUE_LENGTH = 2;
/** Longer values (attachment data) are never searched for in text. */
export const MAX_KNOWN_VALUE_LENGTH = 256;
/** A token with at least this many digits is treated as an identifying number ("MRN0012345", "7ABC123"). */
export const MIN_DIGITS_OF_AN_ID = 4;
/** …and at least this many characters (so a year alone stays). */
export const MIN_LENGTH_OF_AN_ID = 5;

const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DAY = '(?:0?[1-9]|[12]\\d|3[01])(?:st|nd|rd|th)?';
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const AGE_OVER_89 = '(?:9\\d|1[0-4]\\d)';

const yearOr = (fallback: string) => (year: string | undefined) => year ?? fallback;

interface Pattern {
  readonly regex: RegExp;
  readonly replace: (match: string, ...groups: (string | undefined)[]) => string;
}

/** The patterns, in the order they run: each sees the output of the ones before. */
const PATTERNS: readonly Pattern[] = [
  // (N) URLs and (F) e-mail first: they contain digits, dots and dates the later patterns would split.
  { regex: /\b(?:https?|ftp|file):\/\/[^\s"'<>]+|\bwww\.[^\s"'<>]+/gi, replace: () => '[URL]' },
  { regex: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, replace: () => '[EMAIL]' },
  // (C) dates: keep the year when there is one.
  {
    regex:
      /\b(\d{4})-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w-])/g,
    replace: (_match, year) => year!,
  },
  {
    regex: /\b(?:0?[1-9]|[12]\d|3[01])[/.-](?:0?[1-9]|[12]\d|3[01])[/.-](\d{4}|\d{2})\b/g,
    replace: (_match, year) => (year!.length === 4 ? year! : '[DATE]'),
  },
  {
    regex: new RegExp(`\\b${MONTH}\\s+${DAY}(?:,?\\s+(\\d{4}))?\\b`, 'gi'),
    replace: (_match, year) => yearOr('[DATE]')(year),
  },
  {
    regex: new RegExp(`\\b${DAY}\\s+(?:of\\s+)?${MONTH},?(?:\\s+(\\d{4}))?\\b`, 'gi'),
    replace: (_match, year) => yearOr('[DATE]')(year),
  },
  { regex: new RegExp(`\\b${MONTH},?\\s+(\\d{4})\\b`, 'gi'), replace: (_match, year) => year! },
  {
    regex: /\b(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:\s?[ap]\.?m\.?)?(?![\w:])/gi,
    replace: () => '[TIME]',
  },
  // (O) IP addresses.
  { regex: new RegExp(`(?<![\\w.])(?:${OCTET}\\.){3}${OCTET}(?![\\w.])`, 'g'), replace: () => '[IP]' },
  {
    regex:
      /(?<![\w:])(?=[0-9a-f:]*\d)(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{1,4}(?![\w:])|(?<![\w:])[0-9a-f:]*::[0-9a-f:]*[0-9a-f](?![\w:])/gi,
    replace: () => '[IP]',
  },
  // (G) SSN, (D/E) phone and fax numbers.
  { regex: /(?<![\w-])\d{3}[- ]\d{2}[- ]\d{4}(?![\w-])/g, replace: () => '[SSN]' },
  {
    regex: /(?<![\w+])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-]?)\d{3}[\s.-]?\d{4}(?![\w-])/g,
    replace: () => '[PHONE]',
  },
  { regex: /(?<![\w+])\+\d{1,3}(?:[\s.-]?\d){6,14}(?![\w-])/g, replace: () => '[PHONE]' },
  // (C) ages over 89.
  {
    regex: new RegExp(
      `\\b(?:aged?\\s*:?\\s*${AGE_OVER_89}(?:\\s*(?:years?|yrs?)(?:[\\s-]*old)?)?|${AGE_OVER_89}[\\s-]*(?:years?|yrs?|y\\/?o)(?:[\\s-]*old)?)\\b`,
      'gi',
    ),
    replace: () => 'aged 90 or older',
  },
  // (H–M, R) labelled numbers, then any token that carries a number.
  {
    regex:
      /\b(MRN|medical record(?: number)?|record|acct|account|member|policy|subscriber|group|plan|ID|SSN|DL|licen[cs]e|certificate|plate|VIN|serial|lot|S\/N|UDI|accession)(\s*(?:no\.?|number|#)?\s*[:#]?\s*)(?=[A-Z-]*\d)[A-Z0-9][A-Z0-9-]{2,}/gi,
    replace: (_match, label, separator) => `${label}${separator}[ID]`,
  },
  {
    regex: new RegExp(
      `(?<![\\w-])(?=(?:[A-Za-z-]*\\d){${MIN_DIGITS_OF_AN_ID}})[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?![\\w-])`,
      'g',
    ),
    replace: (match) => (match.length >= MIN_LENGTH_OF_AN_ID ? '[ID]' : match),
  },
];

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Lower case, both apostrophes as ', any white space as a space: the same length as the input (checked). */
const normalize = (text: string) => text.toLowerCase().replace(/[’‘]/g, "'").replace(/\s/g, ' ');

/**
 * Redacts the known values (normalized, longest first) where they stand as whole words. Plain string search:
 * one regular expression per record would be compiled anew for every patient, which is far slower.
 */
function redactKnown(text: string, needles: readonly string[]): string {
  const haystack = normalize(text);
  if (haystack.length !== text.length) return needles.length === 0 ? text : REDACTED;
  const found: [number, number][] = [];
  for (const needle of needles) {
    for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
      const end = at + needle.length;
      const whole = !WORD_CHAR.test(haystack[at - 1] ?? ' ') && !WORD_CHAR.test(haystack[end] ?? ' ');
      if (whole && found.every(([from, to]) => end <= from || at >= to)) found.push([at, end]);
    }
  }
  if (found.length === 0) return text;
  found.sort(([a], [b]) => a - b);
  let redacted = '';
  let last = 0;
  for (const [from, to] of found) {
    redacted += text.slice(last, from) + REDACTED;
    last = to;
  }
  return redacted + text.slice(last);
}

/** A function that scrubs free text: the record's own identifying values first, then the patterns. */
export type Scrubber = (text: string) => string;

/**
 * A scrubber for one patient's record. `knownValues` are the record's own identifying strings (see
 * `identifyingValues` in safe-harbor.ts); each is redacted case-insensitively (either apostrophe) where it
 * stands as a whole word.
 */
export function createScrubber(knownValues: Iterable<string> = []): Scrubber {
  const needles = [...new Set([...knownValues].map((value) => normalize(value.trim())))]
    .filter((value) => value.length >= MIN_KNOWN_VALUE_LENGTH && value.length <= MAX_KNOWN_VALUE_LENGTH)
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let scrubbed = redactKnown(text, needles);
    // A replacer gets (match, ...groups, offset, whole text): drop the last two.
    for (const { regex, replace } of PATTERNS)
      scrubbed = scrubbed.replace(regex, (match: string, ...rest: unknown[]) =>
        replace(match, ...(rest.slice(0, -2) as (string | undefined)[])),
      );
    return scrubbed;
  };
}
