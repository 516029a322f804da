// A CodeableConcept or Coding as one phrase: the text the author chose, else a coding's display, else the code
// named by its system ("LOINC 8480-6"), so no concept ever shows as a bare URI or nothing at all.
import type { CodeableConcept, Coding } from 'fhir/r4.js';
import { codeSystemName, hl7Display, humanizeCode, isHl7CodeSystem } from './code-systems.ts';

const nonBlank = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

function codingsOf(concept: CodeableConcept | undefined): Coding[] {
  const codings = concept?.coding;
  return Array.isArray(codings)
    ? codings.filter((coding) => typeof coding === 'object' && coding !== null)
    : [];
}

/** The code itself as people would name it: "LOINC 8480-6", "High" (an HL7 code), or the bare code. */
export function codeText(coding: Coding | undefined): string | undefined {
  if (!coding || !nonBlank(coding.code)) return undefined;
  const defined = hl7Display(coding.system, coding.code);
  if (defined) return defined;
  if (isHl7CodeSystem(coding.system)) return humanizeCode(coding.code);
  const system = codeSystemName(coding.system);
  return system ? `${system} ${coding.code}` : coding.code;
}

/** A Coding as a phrase: its display, else its code (see codeText). */
export function codingText(coding: Coding | undefined): string | undefined {
  if (!coding) return undefined;
  return nonBlank(coding.display) ? coding.display.trim() : codeText(coding);
}

/** A CodeableConcept as a phrase: text, else the user-selected or first coding display, else a code. */
export function conceptText(concept: CodeableConcept | undefined): string | undefined {
  if (!concept || typeof concept !== 'object') return undefined;
  if (nonBlank(concept.text)) return concept.text.trim();
  const codings = codingsOf(concept);
  const displayed =
    codings.find((coding) => coding.userSelected === true && nonBlank(coding.display)) ??
    codings.find((coding) => nonBlank(coding.display));
  if (displayed) return (displayed.display as string).trim();
  for (const coding of codings) {
    const text = codeText(coding);
    if (text) return text;
  }
  return undefined;
}

/**
 * The codes behind a concept in well-known systems, for clinicians who read them: ["LOINC 15074-8"].
 * HL7's word codes and local codes are left out (the phrase already says them).
 */
export function conceptCodes(concept: CodeableConcept | undefined): string[] {
  const codes = codingsOf(concept).flatMap((coding) => {
    const system = codeSystemName(coding.system);
    return system && nonBlank(coding.code) ? [`${system} ${coding.code}`] : [];
  });
  return [...new Set(codes)];
}

/** Every concept's phrase, skipping those with nothing to say. */
export function conceptList(concepts: readonly CodeableConcept[] | undefined): string[] {
  return Array.isArray(concepts) ? concepts.flatMap((concept) => conceptText(concept) ?? []) : [];
}
