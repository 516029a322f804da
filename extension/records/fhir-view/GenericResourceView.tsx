// Any resource without a view of its own (a Specimen, a Flag, a CarePlan), or one whose view failed: its name
// and status, its narrative as text, and every element read by shape (a concept as its phrase, a reference as
// what it names, a date as a date), so nothing is a crash and nothing is raw JSON.

import type { FhirResource } from '@medicrypt/fhir';
import {
  codingText,
  conceptText,
  formatQuantity,
  formatRange,
  formatRatio,
  humanizeCode,
  humanNameText,
  nameText,
  resourceLabel,
  resourceTypeLabel,
} from '@medicrypt/fhir';
import type { ReactNode } from 'react';
import { type Fact, Facts } from './Facts.tsx';
import { useDates } from './fhir-display-context.tsx';
import { Narrative } from './Narrative.tsx';
import { useReferenceText } from './Ref.tsx';
import { ResourceCard } from './ResourceCard.tsx';
import { statusTag } from './status-tags.ts';

const SKIPPED = new Set([
  'resourceType',
  'id',
  'meta',
  'text',
  'contained',
  'extension',
  'modifierExtension',
  'implicitRules',
  'language',
]);
const MAX_DEPTH = 3;
// Elements whose string values are codes from a fixed set ("in-progress"): shown as words.
const CODE_KEYS = new Set([
  'status',
  'intent',
  'priority',
  'use',
  'gender',
  'kind',
  'mode',
  'type',
  'criticality',
]);
const MAX_ITEMS = 20;
const DATE_LIKE = /^\d{4}(-\d{2}(-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** "effectiveDateTime" → "Effective date time", "bodySite" → "Body site". */
function labelOf(key: string): string {
  return humanizeCode(key.replace(/\[x\]$/, ''));
}

function useValueText() {
  const dates = useDates();
  const referenceText = useReferenceText();
  const text = (value: unknown, depth: number, key = ''): ReactNode => {
    if (value === null || value === undefined) return undefined;
    if (typeof value === 'boolean') return value ? 'Yes' : 'No';
    if (typeof value === 'number') return String(value);
    if (typeof value === 'string') {
      if (DATE_LIKE.test(value)) return dates.date(value) ?? value;
      return CODE_KEYS.has(key) && /^[a-z][a-z-]*$/.test(value) ? humanizeCode(value) : value;
    }
    if (Array.isArray(value)) {
      const items = value.slice(0, MAX_ITEMS).map((item) => text(item, depth, key));
      const rest = value.length > MAX_ITEMS ? [`and ${value.length - MAX_ITEMS} more`] : [];
      if (items.every((item) => typeof item === 'string' || item === undefined))
        return [...items, ...rest].filter(Boolean).join('; ') || undefined;
      return (
        <ul className="fhir-generic-list">
          {[...items, ...rest].map((item, index) =>
            // biome-ignore lint/suspicious/noArrayIndexKey: list items have no identity of their own
            item ? <li key={index}>{item}</li> : null,
          )}
        </ul>
      );
    }
    if (!isObject(value)) return undefined;
    // Datatypes, recognised by shape.
    if ('coding' in value || (Object.keys(value).length === 1 && 'text' in value)) return conceptText(value);
    if ('system' in value && 'code' in value && !('value' in value)) return codingText(value);
    if ('reference' in value || ('display' in value && Object.keys(value).length <= 3))
      return referenceText(value);
    if ('value' in value && ('unit' in value || 'code' in value || typeof value.value === 'number'))
      return formatQuantity(value) ?? String(value.value);
    if ('low' in value || 'high' in value) return formatRange(value);
    if ('numerator' in value) return formatRatio(value);
    if ('start' in value || 'end' in value) return dates.period(value);
    if ('family' in value || 'given' in value) return nameText(value);
    if ('value' in value && 'system' in value) return String(value.value);
    if (depth >= MAX_DEPTH) return undefined;
    const facts = factsOf(value, depth + 1);
    return facts.length > 0 ? <Facts facts={facts} /> : undefined;
  };
  const factsOf = (element: Json, depth: number): Fact[] =>
    Object.entries(element)
      .filter(([key]) => !SKIPPED.has(key) && !key.startsWith('_'))
      .map(([key, value]) => [labelOf(key), text(value, depth, key)] as Fact)
      .filter(([, shown]) => shown !== undefined && shown !== '');
  return { factsOf };
}

export function GenericResourceView({ resource }: { resource: FhirResource }) {
  const { factsOf } = useValueText();
  const element = resource as Json;
  const name =
    resourceLabel(resource) ??
    (Array.isArray(element.name) ? humanNameText(element.name as never) : undefined) ??
    resourceTypeLabel(resource.resourceType);
  const { status, ...rest } = element;
  const narrative = element.text as { status?: unknown; div?: unknown } | undefined;
  return (
    <ResourceCard kind={resourceTypeLabel(resource.resourceType)} title={name} tags={[statusTag(status)]}>
      {/* A generated narrative only repeats the elements below; one written by a person may say more. */}
      {narrative?.status !== 'generated' && <Narrative xhtml={narrative?.div} />}
      <Facts facts={factsOf(rest, 0)} />
    </ResourceCard>
  );
}
