// Defence in depth for research contributions: the patient's client de-identifies (Safe Harbor, @medicrypt/fhir)
// before anything leaves it, and the relayer refuses a contribution that still looks identifiable, so a buggy or
// hostile client cannot put identifiable data in front of a researcher. It checks what Safe Harbor output never
// has: identifiers, names, telecom, photos, narrative, street/city/full ZIP, dates finer than a year, and
// emails, phone-like numbers, SSNs, IPs and URLs in free values.
const FORBIDDEN_ELEMENTS = new Set(['identifier', 'telecom', 'photo', 'contact', 'name', 'udiCarrier']);
const ADDRESS_PARTS = new Set(['line', 'city', 'district', 'text']);
/** Elements whose value is a code system or definition URL, not data about the patient. */
const URL_ELEMENTS = new Set(['system', 'url', 'profile', 'valueSet']);
const ZIP3 = /^\d{3}$/;
const FINER_THAN_YEAR = /^\d{4}-\d{2}/;
const PATTERNS: [string, RegExp][] = [
  ['an email address', /[\w.+-]+@[\w-]+\.[\w.]+/],
  ['a social security number', /\b\d{3}-\d{2}-\d{4}\b/],
  ['a phone number', /\(?\b\d{3}\)?[ .-]\d{3}[ .-]\d{4}\b/],
  ['an IP address', /\b(?:\d{1,3}\.){3}\d{1,3}\b/],
  ['a URL', /\bhttps?:\/\/|\bwww\./i],
];

/** The first reason `resource` looks identifiable, with its path; undefined when it passes. */
export function identifiableReason(resource: unknown, path = ''): string | undefined {
  if (Array.isArray(resource)) {
    for (const [index, item] of resource.entries()) {
      const reason = identifiableReason(item, `${path}[${index}]`);
      if (reason) return reason;
    }
    return undefined;
  }
  if (resource === null || typeof resource !== 'object') return undefined;
  for (const [key, value] of Object.entries(resource as Record<string, unknown>)) {
    const at = path ? `${path}.${key}` : key;
    if (FORBIDDEN_ELEMENTS.has(key) && value !== undefined)
      return `${at}: ${key} is never released to research`;
    // A resource's narrative (text.div) may say anything; a `text` string (a range's wording) is checked below.
    if (key === 'text' && value !== null && typeof value === 'object')
      return `${at}: narrative text is never released to research`;
    if (key === 'address' && value && typeof value === 'object') {
      for (const address of Array.isArray(value) ? value : [value]) {
        for (const part of Object.keys(address as object))
          if (ADDRESS_PARTS.has(part)) return `${at}.${part}: only the state and 3-digit ZIP are released`;
        const zip = (address as { postalCode?: unknown }).postalCode;
        if (zip !== undefined && !(typeof zip === 'string' && ZIP3.test(zip)))
          return `${at}.postalCode: only the first 3 ZIP digits are released`;
      }
      continue;
    }
    if (typeof value === 'string') {
      if (FINER_THAN_YEAR.test(value)) return `${at}: dates are released as the year only`;
      if (!URL_ELEMENTS.has(key))
        for (const [what, pattern] of PATTERNS) if (pattern.test(value)) return `${at}: contains ${what}`;
      continue;
    }
    const reason = identifiableReason(value, at);
    if (reason) return reason;
  }
  return undefined;
}
