// A reference as the name of what it points at, resolved inside the record when it can be; what cannot be
// resolved shows its own display, identifier or reference, and nothing is fetched from elsewhere.
import { conceptText, referenceText } from '@medicrypt/fhir';
import type { CodeableConcept, Reference } from 'fhir/r4';
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

/** People with their role: "Dr Cecil Surgeon (Primary performer), Acme Lab". */
export function useRolesText(): (
  people: readonly { who: Reference | undefined; role: string | undefined }[],
) => string | undefined {
  const text = useReferenceText();
  return (people) => {
    const named = people.flatMap(({ who, role }) => {
      const name = text(who);
      return name && role ? [`${name} (${role})`] : (name ?? role ?? []);
    });
    return named.length > 0 ? named.join(', ') : undefined;
  };
}

/** Performers (an Immunization's, a Procedure's): each actor with their function. */
export function usePerformersText(): (
  performers: readonly { actor?: Reference; function?: CodeableConcept }[] | undefined,
) => string | undefined {
  const roles = useRolesText();
  return (performers) =>
    roles(
      (Array.isArray(performers) ? performers : []).map((performer) => ({
        who: performer?.actor,
        role: conceptText(performer?.function),
      })),
    );
}
