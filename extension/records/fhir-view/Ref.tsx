// A reference as the name of what it points at, resolved inside the record when it can be; what cannot be
// resolved shows its own display, identifier or reference, and nothing is fetched from elsewhere.
import { referenceText } from '@medicrypt/fhir';
import type { Reference } from 'fhir/r4';
import { useResolve } from './fhir-display-context.tsx';

export function useReferenceText(): (reference: Reference | undefined) => string | undefined {
  const resolve = useResolve();
  return (reference) => referenceText(reference, resolve(reference));
}

/** Several references in words, comma-separated. */
export function useReferenceList(): (references: readonly Reference[] | undefined) => string | undefined {
  const text = useReferenceText();
  return (references) => {
    const names = Array.isArray(references) ? references.flatMap((reference) => text(reference) ?? []) : [];
    return names.length > 0 ? names.join(', ') : undefined;
  };
}
