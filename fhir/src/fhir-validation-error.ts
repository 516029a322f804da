// What is wrong with a FHIR file, for two readers: `issues` name each problem's element path for developers
// and logs; `shortMessage` says it in a sentence a patient or clinician can act on ("the Condition in entry 2
// of the bundle has no subject (the patient it is about)"), never a validator's dump.

export type FhirProblemKind =
  | 'not-text'
  | 'not-json'
  | 'not-object'
  | 'unknown-resource-type'
  | 'too-deep'
  | 'missing'
  | 'invalid';

export interface FhirProblem {
  /** Where, from the top of the document: `['entry', 1, 'resource', 'subject']`. */
  path: (string | number)[];
  /** The validator's own words. */
  detail: string;
  /** Left out by the validator for element problems: `missing` or `invalid` follows from the document. */
  kind?: FhirProblemKind;
  /** For a code outside its value set: the codes allowed. */
  allowed?: string[];
}

export type ExplainedProblem = FhirProblem & { kind: FhirProblemKind };

/** Plain words for the required elements the validator checks. */
const elementWords: Record<string, string> = {
  subject: 'subject (the patient it is about)',
  patient: 'patient (who it is about)',
  code: 'code (what it is)',
  vaccineCode: 'vaccine code (which vaccine)',
  'occurrence[x]': 'date it was given (occurrence)',
  'medication[x]': 'medication',
  class: 'class (the kind of encounter)',
  content: 'content (the document itself)',
  author: 'author',
  coordinateSystem: 'coordinate system',
};

/** What the formats the validator checks look like. */
const formatWords: [RegExp, string][] = [
  [/^a FHIR id/, 'a valid FHIR id (1 to 64 letters, digits, "-" or ".")'],
  [/^a FHIR dateTime/, 'a valid date and time (such as 2026-03-04 or 2026-03-04T09:30:00+01:00)'],
  [/^a FHIR date/, 'a valid date (YYYY, YYYY-MM or YYYY-MM-DD)'],
];

const typeWords: Record<string, string> = {
  string: 'text',
  number: 'a number',
  object: 'an object',
  array: 'a list',
  boolean: 'true or false',
};

const MAX_EXPLAINED = 2;

function at(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function kindOf(document: unknown, problem: FhirProblem): FhirProblemKind {
  if (problem.kind) return problem.kind;
  return at(document, problem.path) === undefined ? 'missing' : 'invalid';
}

/** "entry 2 of the bundle", "entry 1 of the bundle in entry 3 of the bundle"; empty at the top. */
function entryPlace(path: readonly (string | number)[]): string {
  const places: string[] = [];
  for (let index = 0; index < path.length - 1; index += 1)
    if (path[index] === 'entry' && typeof path[index + 1] === 'number')
      places.unshift(`entry ${(path[index + 1] as number) + 1} of the bundle`);
  return places.join(' in ');
}

/** Splits a path at its innermost resource: the resource's own path and the element path inside it. */
function splitAtResource(path: readonly (string | number)[]) {
  const last = path.lastIndexOf('resource');
  const root = last >= 0 && path[last - 2] === 'entry' ? path.slice(0, last + 1) : [];
  return { root, element: path.slice(root.length) };
}

function shown(value: unknown): string {
  const text = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
  if (text === undefined) return '';
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/** Who a problem is about: "the Condition in entry 2 of the bundle". */
function ownerOf(document: unknown, path: readonly (string | number)[]) {
  const { root, element } = splitAtResource(path);
  const place = entryPlace(path);
  const resourceType = (at(document, root) as { resourceType?: unknown } | undefined)?.resourceType;
  const owner =
    typeof resourceType === 'string'
      ? `the ${resourceType}${place ? ` in ${place}` : ''}`
      : place || 'the record';
  return { owner, place, resourceType, element };
}

function missingWords(element: readonly (string | number)[]): string {
  const name = String(element[0] ?? 'element');
  return elementWords[name] ?? name;
}

function clause(document: unknown, problem: ExplainedProblem): string {
  const { owner, place, resourceType, element } = ownerOf(document, problem.path);
  switch (problem.kind) {
    case 'not-object':
      return `${place || 'it'} is not a FHIR resource (a JSON object with a resourceType)`;
    case 'unknown-resource-type':
      if (typeof resourceType !== 'string')
        return `${place || 'it'} has no resourceType, so it is not a FHIR resource`;
      return place
        ? `${place} has the resource type ${shown(resourceType)}, which FHIR R4 does not define`
        : `its resource type ${shown(resourceType)} is not one FHIR R4 defines`;
    case 'too-deep':
      return `${owner} holds bundles inside bundles more deeply than a record may`;
    case 'missing':
      return `${owner} has no ${missingWords(element)}, which FHIR R4 requires`;
    default: {
      const name = String(element[0] ?? 'content');
      const value = at(document, problem.path);
      const valueText = typeof value === 'object' ? '' : ` ${shown(value)}`;
      if (problem.allowed)
        return `${owner}'s ${name}${valueText} is not one of ${problem.allowed.join(', ')}`;
      const format = formatWords.find(([pattern]) => pattern.test(problem.detail));
      if (format) return `${owner}'s ${name}${valueText} is not ${format[1]}`;
      const expected = /expected (\w+)/.exec(problem.detail)?.[1];
      if (expected && element.length === 1 && typeWords[expected])
        return `${owner}'s ${name} should be ${typeWords[expected]}`;
      return `${owner}'s ${name} is not written the way FHIR R4 defines it`;
    }
  }
}

/** What `problems` say about `document`, as the rest of a sentence: "is not valid JSON, so …". */
function predicate(document: unknown, problems: readonly ExplainedProblem[]): string {
  const first = problems[0];
  if (!first) return 'is valid FHIR R4.';
  if (first.kind === 'not-text') return 'is not text, so it cannot be a FHIR record.';
  if (first.kind === 'not-json') return 'is not valid JSON, so it cannot be read as a FHIR record.';
  // Elements missing from one resource are said together: "has no status and no code (what it is)".
  const said: { owner?: string; missing: string[]; text?: string }[] = [];
  for (const problem of problems) {
    const { owner, element } = ownerOf(document, problem.path);
    const last = said.at(-1);
    if (problem.kind === 'missing' && last?.owner === owner && last.missing.length > 0)
      last.missing.push(missingWords(element));
    else if (problem.kind === 'missing') said.push({ owner, missing: [missingWords(element)] });
    else said.push({ missing: [], text: clause(document, problem) });
  }
  const clauses = said
    .slice(0, MAX_EXPLAINED)
    .map(
      ({ owner, missing, text }) =>
        text ?? `${owner} has no ${missing.join(' and no ')}, which FHIR R4 requires`,
    );
  const more = said
    .slice(MAX_EXPLAINED)
    .reduce((count, group) => count + Math.max(1, group.missing.length), 0);
  const rest = more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : '';
  return `is not a valid FHIR R4 record: ${clauses.join('; ')}${rest}.`;
}

export class FhirValidationError extends Error {
  override name = 'FhirValidationError';
  readonly code = 'INVALID_FHIR';
  readonly problems: ExplainedProblem[];
  /** Each problem as `path: detail`, for developers and logs. */
  readonly issues: string[];
  /** The problem in words for the person who chose the file: "This file is not a valid FHIR R4 record: …". */
  readonly shortMessage: string;
  // The explanation without its subject; the document itself is not kept (errors travel further than data).
  readonly #predicate: string;

  /** `document` is the parsed JSON the problems were found in (undefined when it did not parse). */
  constructor(document: unknown, problems: FhirProblem[]) {
    const explained = problems.map((problem) => ({ ...problem, kind: kindOf(document, problem) }));
    const issues = explained.map(
      (problem) => `${problem.path.map(String).join('.') || 'resource'}: ${problem.detail}`,
    );
    super(`not a valid FHIR R4 record: ${issues.join('; ')}`);
    this.problems = explained;
    this.issues = issues;
    this.#predicate = predicate(document, explained);
    this.shortMessage = this.explain('This file');
  }

  /** The same explanation said of something else: `explain('This record')`. */
  explain(subject: string): string {
    return `${subject} ${this.#predicate}`;
  }
}
