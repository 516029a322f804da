// The identifying strings of a patient's own record, which free text that is kept is scrubbed of: names,
// address parts, telecom and identifier values, URLs, device numbers, the names of people and places that
// references display, and string extensions.
import { isObject, type Json } from './element-walker.ts';

const KNOWN_VALUE_ELEMENTS = new Set([
  'family',
  'given',
  'line',
  'city',
  'district',
  'postalCode',
  'url',
  'fullUrl',
  'serialNumber',
  'lotNumber',
  'deviceIdentifier',
  'carrierHRF',
  'distinctIdentifier',
  'modelNumber',
  'subscriberId',
  'uid',
]);

/** References to people and places (or display-only ones): their display is a name. */
const PERSON_REFERENCE =
  /(?:^|\/)(?:Patient|Practitioner|PractitionerRole|RelatedPerson|Person|Organization|Location|Group|CareTeam)\//;
const isPersonReference = (value: Json): boolean =>
  value.code === undefined &&
  (value.reference === undefined ||
    (typeof value.reference === 'string' && PERSON_REFERENCE.test(value.reference)));

/**
 * The identifying strings of a record: names, address parts, telecom and identifier values, URLs, device
 * numbers, reference displays and string extensions. Free text that survives is scrubbed of each of them.
 */
export function identifyingValues(value: unknown, parent = '', found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) identifyingValues(item, parent, found);
    return found;
  }
  if (!isObject(value)) return found;
  for (const [name, member] of Object.entries(value)) {
    const strings =
      typeof member === 'string'
        ? [member]
        : Array.isArray(member)
          ? member.filter((item) => typeof item === 'string')
          : [];
    if (strings.length > 0) {
      const identifying =
        KNOWN_VALUE_ELEMENTS.has(name) ||
        (name === 'name' && parent !== 'code') ||
        (name === 'text' && (parent === 'name' || parent === 'address')) ||
        (name === 'value' && (parent === 'telecom' || parent === 'identifier')) ||
        (name === 'display' && isPersonReference(value)) ||
        (name === 'valueString' && parent === 'extension');
      if (identifying) for (const string of strings) found.add(string);
    } else identifyingValues(member, name, found);
  }
  return found;
}
