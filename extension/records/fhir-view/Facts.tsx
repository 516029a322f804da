// A resource's details as a definition list: each fact a label and its value, and a fact with nothing to say
// is left out rather than shown empty.
import type { ReactNode } from 'react';

export type Fact = [label: string, value: ReactNode];

function isEmpty(value: ReactNode): boolean {
  return (
    value === undefined ||
    value === null ||
    value === false ||
    value === '' ||
    (Array.isArray(value) && value.every(isEmpty))
  );
}

export function Facts({ facts }: { facts: readonly Fact[] }) {
  const shown = facts.filter(([, value]) => !isEmpty(value));
  if (shown.length === 0) return null;
  return (
    <dl className="fhir-facts">
      {shown.map(([label, value]) => (
        <div key={label} className="fhir-fact">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Several phrases in one fact, comma-separated; nothing when there are none. */
export function joined(values: readonly (string | undefined)[]): string | undefined {
  const present = values.filter((value): value is string => typeof value === 'string' && value !== '');
  return present.length > 0 ? present.join(', ') : undefined;
}
