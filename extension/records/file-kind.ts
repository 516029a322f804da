// How a decrypted file can be shown in the records page. Only what the browser shows safely inside an
// extension page is shown inline: FHIR and text as text, PDFs in the browser's own viewer (checked to be PDF
// by their first bytes, so no other document type can be framed under MediCrypt's origin), and images in
// <img>, where not even an SVG can run script.
import { FHIR_JSON } from '@medicrypt/fhir';

export type FileKind = 'fhir' | 'pdf' | 'image' | 'text' | 'other';

const IMAGE_TYPES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/bmp',
  'image/avif',
  'image/svg+xml',
]);
const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

export function mediaType(contentType: string): string {
  return contentType.toLowerCase().split(';')[0]!.trim();
}

function startsWithPdfMagic(bytes: Uint8Array): boolean {
  // The header may follow up to 1024 bytes of junk (ISO 32000-1 §7.5.2), which readers accept.
  const limit = Math.min(bytes.length - PDF_MAGIC.length, 1024);
  for (let start = 0; start <= limit; start += 1)
    if (PDF_MAGIC.every((byte, offset) => bytes[start + offset] === byte)) return true;
  return false;
}

function looksLikeFhir(bytes: Uint8Array): boolean {
  return /^\s*\{\s*"resourceType"\s*:/.test(new TextDecoder().decode(bytes.subarray(0, 64)));
}

export function fileKind(contentType: string, bytes: Uint8Array): FileKind {
  const type = mediaType(contentType);
  if (type === FHIR_JSON || (type === 'application/json' && looksLikeFhir(bytes))) return 'fhir';
  if (type === 'application/pdf') return startsWithPdfMagic(bytes) ? 'pdf' : 'other';
  if (IMAGE_TYPES.has(type)) return 'image';
  if (
    type.startsWith('text/') ||
    type === 'application/json' ||
    type.endsWith('+json') ||
    type.endsWith('+xml') ||
    type === 'application/xml'
  )
    return 'text';
  return 'other';
}
