// The allow-list walker: keeps the elements allow-list.ts names, each reduced by its kind (dates to the year,
// codings to known terminologies, references to pseudonyms, text scrubbed), and drops everything else.
import { type ElementKind, type ElementRule, type ElementRules, isKnownCodeSystem } from './allow-list.ts';
import type { Scrubber } from './free-text.ts';
import { resourcePseudonym } from './pseudonym.ts';
import { OLDEST_AGE } from './quasi-identifiers.ts';

/** A JSON object. */
export type Json = Record<string, unknown>;

/** Whether a value is a JSON object (not null, not an array). */
export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Drops undefined members; undefined when nothing is left. */
export function compact(value: Json): Json | undefined {
  const kept = Object.entries(value).filter(([, member]) => member !== undefined);
  return kept.length === 0 ? undefined : Object.fromEntries(kept);
}

const UCUM = 'http://unitsofmeasure.org';
const CODE = /^[\w%[\]{}/*.:+'^-]+(?: [\w%[\]{}/*.:+'^-]+)*$/;
const MAX_CODE_LENGTH = 64;
const COMPARATORS = new Set(['<', '<=', '>=', '>']);
const YEAR = /^(\d{4})(?!\d)/;
const YEARS_UNIT = /^(a|yrs?|years?)$/i;
const MIME_TYPE = /^[a-z]+\/[\w.+-]+$/i;
/** "Type/id" at the end of a relative or absolute reference, with an optional version. */
const TYPED_REFERENCE =
  /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/** What the walk of one patient's record needs. */
export interface Walk {
  readonly subject: string;
  readonly studyKey: Uint8Array;
  readonly scrub: Scrubber;
  readonly keepFreeText: boolean;
  readonly extraCodeSystems: readonly string[];
  /** Bundle fullUrls → the pseudonymous reference of their resource. */
  readonly fullUrls: ReadonlyMap<string, string>;
}

/** Scrubbed text, or undefined when nothing is left. */
export const text = (value: unknown, walk: Walk): string | undefined => {
  if (typeof value !== 'string') return undefined;
  const scrubbed = walk.scrub(value).trim();
  return scrubbed === '' ? undefined : scrubbed;
};
const code = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length <= MAX_CODE_LENGTH && CODE.test(value) ? value : undefined;
/** Safe Harbor C: a FHIR date, dateTime or instant reduced to its year. */
export const year = (value: unknown): string | undefined =>
  typeof value === 'string' ? YEAR.exec(value)?.[1] : undefined;

const isAgeOver89 = (quantity: Json): boolean =>
  typeof quantity.value === 'number' &&
  quantity.value >= OLDEST_AGE &&
  ((quantity.system === UCUM && quantity.code === 'a') ||
    (typeof quantity.unit === 'string' && YEARS_UNIT.test(quantity.unit)));

/** The new reference for an old one, or undefined when it cannot be rewritten (contained, logical). */
function rewriteReference(reference: string, walk: Walk): string | undefined {
  const bundled = walk.fullUrls.get(reference);
  if (bundled) return bundled;
  const match = TYPED_REFERENCE.exec(reference);
  if (!match) return undefined;
  const [, type, id] = match as unknown as [string, string, string];
  return type === 'Patient'
    ? `Patient/${walk.subject}`
    : `${type}/${resourcePseudonym(walk.studyKey, walk.subject, `${type}/${id}`)}`;
}

function quantity(value: unknown, walk: Walk): Json | undefined {
  if (!isObject(value) || typeof value.value !== 'number' || !Number.isFinite(value.value)) return undefined;
  const ucum = value.system === UCUM;
  const kept: Json = {
    value: value.value,
    comparator: COMPARATORS.has(value.comparator as string) ? value.comparator : undefined,
    unit: text(value.unit, walk),
    system: ucum ? UCUM : undefined,
    code: ucum ? code(value.code) : undefined,
  };
  // Safe Harbor C: an age over 89 (in years) becomes "90 or older".
  if (isAgeOver89(value)) Object.assign(kept, { value: OLDEST_AGE, comparator: '>=' });
  return compact(kept);
}

function coding(value: unknown, walk: Walk): Json | undefined {
  if (!isObject(value) || typeof value.system !== 'string') return undefined;
  if (!isKnownCodeSystem(value.system, walk.extraCodeSystems)) return undefined;
  const kept = code(value.code);
  return kept === undefined
    ? undefined
    : compact({ system: value.system, code: kept, display: text(value.display, walk) });
}

const KINDS: Record<ElementKind, (value: unknown, walk: Walk) => unknown> = {
  code,
  boolean: (value) => (typeof value === 'boolean' ? value : undefined),
  integer: (value) => (Number.isInteger(value) ? value : undefined),
  decimal: (value) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined),
  dateTime: year,
  coding,
  codeableConcept: (value, walk) => {
    if (!isObject(value)) return undefined;
    const codings = element(value.coding, 'coding', walk);
    return compact({ coding: codings, text: codings === undefined ? text(value.text, walk) : undefined });
  },
  quantity,
  range: (value, walk) => {
    if (!isObject(value)) return undefined;
    const low = quantity(value.low, walk);
    const high = quantity(value.high, walk);
    // A Range holds simple quantities (no comparator): an aggregated age makes the range open-ended at 90.
    if (low) delete low.comparator;
    return compact({ low, high: high && isObject(value.high) && isAgeOver89(value.high) ? undefined : high });
  },
  reference: (value, walk) => {
    if (!isObject(value) || typeof value.reference !== 'string') return undefined;
    const reference = rewriteReference(value.reference, walk);
    return reference === undefined ? undefined : { reference };
  },
  attachment: (value) =>
    isObject(value)
      ? compact({
          contentType:
            typeof value.contentType === 'string' && MIME_TYPE.test(value.contentType)
              ? value.contentType
              : undefined,
          language: code(value.language),
        })
      : undefined,
  label: text,
  freeText: (value, walk) => (walk.keepFreeText ? text(value, walk) : undefined),
  annotation: (value, walk) =>
    walk.keepFreeText && isObject(value) ? compact({ text: text(value.text, walk) }) : undefined,
};

/** One element (or each item of a repeating element) under its rule. */
function element(value: unknown, rule: ElementRule, walk: Walk): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => element(item, rule, walk)).filter((item) => item !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (typeof rule === 'string') return KINDS[rule](value, walk);
  return isObject(value) ? allowed(value, rule, walk) : undefined;
}

/** The allowed elements of an object, in allow-list order; undefined when none is left. */
export function allowed(value: Json, rules: ElementRules, walk: Walk): Json | undefined {
  const kept: Json = {};
  for (const [name, rule] of Object.entries(rules)) {
    if (value[name] === undefined) continue;
    const result = element(value[name], rule, walk);
    if (result !== undefined) kept[name] = result;
  }
  return compact(kept);
}

/** Modifier elements change the meaning of what they sit in; a resource with one cannot be safely reduced. */
export function hasModifier(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasModifier);
  if (!isObject(value)) return false;
  return Object.entries(value).some(
    ([name, member]) => name === 'modifierExtension' || name === 'implicitRules' || hasModifier(member),
  );
}
