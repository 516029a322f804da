// Annotations (notes) in their own words, with who wrote them and when when the record says.
import type { Annotation } from 'fhir/r4';
import { useDates } from './fhir-display-context.tsx';
import { useReferenceText } from './Ref.tsx';

export function Notes({ notes }: { notes: readonly Annotation[] | undefined }) {
  const dates = useDates();
  const referenceText = useReferenceText();
  const shown = Array.isArray(notes)
    ? notes.filter((note) => typeof note?.text === 'string' && note.text)
    : [];
  if (shown.length === 0) return null;
  return (
    <ul className="fhir-notes">
      {shown.map((note, index) => {
        const by = referenceText(note.authorReference) ?? note.authorString;
        const when = dates.date(note.time);
        const meta = [by, when].filter(Boolean).join(', ');
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: notes have no identity of their own
          <li key={index}>
            {note.text}
            {meta && <span className="muted"> — {meta}</span>}
          </li>
        );
      })}
    </ul>
  );
}
