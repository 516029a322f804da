// A CodeableConcept as its phrase, with the well-known codes behind it in small print for clinicians who read
// codes ("Glucose [Moles/volume] in Blood · LOINC 15074-8").
import { conceptCodes, conceptText } from '@medicrypt/fhir';
import type { CodeableConcept } from 'fhir/r4';

export function Concept({ concept, fallback }: { concept: CodeableConcept | undefined; fallback?: string }) {
  const text = conceptText(concept) ?? fallback;
  if (!text) return null;
  const codes = conceptCodes(concept).filter((code) => code !== text);
  return (
    <span className="fhir-concept">
      {text}
      {codes.length > 0 && <span className="fhir-codes muted"> · {codes.join(', ')}</span>}
    </span>
  );
}
