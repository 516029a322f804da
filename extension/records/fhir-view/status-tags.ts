// Status codes as tags: the words people use, and a warning tone for the states a clinician must not miss
// (entered in error, refuted, stopped, not done).
import { conceptText, humanizeCode } from '@medicrypt/fhir';
import type { CodeableConcept } from 'fhir/r4';
import type { Tag } from './ResourceCard.tsx';

const warning = new Set([
  'entered-in-error',
  'refuted',
  'stopped',
  'not-done',
  'cancelled',
  'revoked',
  'unknown',
]);
const muted = new Set(['inactive', 'resolved', 'remission', 'completed', 'finished', 'final', 'amended']);

function toneOf(code: string): Tag['tone'] {
  if (warning.has(code)) return 'warning';
  if (muted.has(code)) return 'muted';
  return undefined;
}

/** A status `code` as a tag ("Entered in error", warning). */
export function statusTag(code: unknown, prefix = ''): Tag | undefined {
  if (typeof code !== 'string' || code === '') return undefined;
  const tone = toneOf(code);
  return { text: `${prefix}${humanizeCode(code)}`, ...(tone ? { tone } : {}) };
}

/** A status CodeableConcept (Condition.clinicalStatus, …) as a tag. */
export function conceptTag(concept: CodeableConcept | undefined, prefix = ''): Tag | undefined {
  const code = concept?.coding?.find((coding) => typeof coding?.code === 'string')?.code;
  const text = conceptText(concept);
  if (!text) return undefined;
  const tone = code ? toneOf(code) : undefined;
  return { text: `${prefix}${text}`, ...(tone ? { tone } : {}) };
}
