// Which patient the EMR page is showing: the element the doctor configured for this site (a CSS selector; an
// image or canvas there is read as a QR code), else an element marked `data-medicrypt-patient`, else the first
// Ethereum address or ENS name in the page's text, else a QR code among the page's images. Only the identifier
// leaves the page; nothing else of the EMR is read.
import { getAddress, isAddress } from 'viem';
import { patientInQrElement } from './patient-qr.ts';

export type PatientReference =
  | { kind: 'address'; address: `0x${string}`; source: string }
  | { kind: 'ens'; name: string; source: string };

const ADDRESS = /\b0x[0-9a-fA-F]{40}\b/;
/** ENS names: labels of letters, digits and hyphens ending in .eth (normalised later by viem). */
const ENS_NAME = /\b(?:[a-z0-9-]+\.)+eth\b/i;
export const PATIENT_ATTRIBUTE = 'data-medicrypt-patient';
/** At most this many of the page's images are tried as QR codes when nothing else names the patient. */
const MAX_QR_CANDIDATES = 8;

/** The identifier in `text`, if it holds one. */
export function patientReferenceIn(text: string, source: string): PatientReference | undefined {
  const address = ADDRESS.exec(text)?.[0];
  if (address && isAddress(address, { strict: false }))
    return { kind: 'address', address: getAddress(address), source };
  const name = ENS_NAME.exec(text)?.[0];
  return name ? { kind: 'ens', name: name.toLowerCase(), source } : undefined;
}

function textOf(element: Element): string {
  const value = (element as HTMLInputElement).value;
  return [
    element.getAttribute(PATIENT_ATTRIBUTE),
    typeof value === 'string' ? value : '',
    element.textContent,
  ]
    .filter(Boolean)
    .join(' ');
}

export class InvalidSelectorError extends Error {
  override name = 'InvalidSelectorError';
  readonly shortMessage: string;
  constructor(selector: string) {
    super(`The patient selector for this site is not valid CSS: ${selector}`);
    this.shortMessage = this.message;
  }
}

/**
 * Finds the patient on `document`. With a `selector` (the doctor's setting for this site) only that element
 * counts: a page that uses it but shows no patient has none in context.
 */
export function findPatientInPage(document: Document, selector?: string): PatientReference | undefined {
  if (selector) {
    let element: Element | null;
    try {
      element = document.querySelector(selector);
    } catch {
      throw new InvalidSelectorError(selector);
    }
    if (!element) return undefined;
    return patientInQrElement(element, selector) ?? patientReferenceIn(textOf(element), selector);
  }
  const marked = document.querySelector(`[${PATIENT_ATTRIBUTE}]`);
  if (marked) {
    const found = patientReferenceIn(textOf(marked), `[${PATIENT_ATTRIBUTE}]`);
    if (found) return found;
  }
  const inText = patientReferenceIn(
    // biome-ignore lint/performance/useDomNodeTextContent: what the doctor sees, not scripts' or hidden text.
    document.body?.innerText ?? document.body?.textContent ?? '',
    'page text',
  );
  if (inText) return inText;
  for (const image of [...document.querySelectorAll('img, canvas')].slice(0, MAX_QR_CANDIDATES)) {
    const inCode = patientInQrElement(image, image.id ? `#${image.id}` : image.tagName.toLowerCase());
    if (inCode) return inCode;
  }
  return undefined;
}
