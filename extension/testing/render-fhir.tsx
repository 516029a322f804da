// Renders a FHIR record as the records page does (dates in en-GB and UTC, so tests read the same everywhere),
// with queries for what a clinician sees: a resource's card, a fact by its label, a table's rows.
import { FhirRecordView } from '../records/fhir-view/FhirRecordView.tsx';
import { type Rendered, render, text } from './render.tsx';

export const testDates = { locale: 'en-GB', timeZone: 'UTC' } as const;

export async function renderFhir(resource: unknown): Promise<Rendered> {
  const bytes = new TextEncoder().encode(typeof resource === 'string' ? resource : JSON.stringify(resource));
  return render(<FhirRecordView bytes={bytes} dates={testDates} />);
}

/** The resource card labelled "<kind>: <title>" (or starting so). */
export function card(container: Element, label: string): HTMLElement {
  const found = [...container.querySelectorAll<HTMLElement>('article.fhir-resource')].find((article) =>
    article.getAttribute('aria-label')?.startsWith(label),
  );
  if (!found) {
    const labels = [...container.querySelectorAll('article.fhir-resource')].map((a) =>
      a.getAttribute('aria-label'),
    );
    throw new Error(`no card "${label}" among: ${labels.join(' | ')}`);
  }
  return found;
}

/** The text of the fact labelled `label` directly in `scope` (not in cards nested inside it). */
export function fact(scope: Element, label: string): string | undefined {
  const terms = [...scope.querySelectorAll('dt')].filter(
    (term) =>
      term.closest('article.fhir-resource') === scope.closest('article.fhir-resource') ||
      !scope.matches('article'),
  );
  const term = terms.find((candidate) => text(candidate) === label);
  return term?.nextElementSibling ? text(term.nextElementSibling) : undefined;
}

/** A table's body rows as arrays of cell texts. */
export function rows(table: Element): string[][] {
  return [...table.querySelectorAll('tbody tr')].map((row) => [...row.children].map((cell) => text(cell)));
}
