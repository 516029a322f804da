// A patient shown as a QR code on the EMR page (a wallet's `ethereum:0x…` payment code, EIP-681, or a bare
// address or ENS name): the image is read into a canvas and decoded with jsQR. Only same-origin (or CORS-enabled)
// images can be read; the browser refuses the pixels of others, and they are skipped.
import jsQR from 'jsqr';
import { type PatientReference, patientReferenceIn } from './patient-in-page.ts';

/** Images are scaled down to this many pixels on their longer side before decoding: QR codes survive it. */
const MAX_DECODE_SIDE = 640;
/** Smaller images are icons, not QR codes a phone or a doctor could scan. */
export const MIN_QR_SIDE = 48;

/** The patient in decoded RGBA pixels, if they hold a QR code naming one. */
export function patientInQrPixels(
  pixels: Uint8ClampedArray,
  width: number,
  height: number,
  source: string,
): PatientReference | undefined {
  const code = jsQR(pixels, width, height, { inversionAttempts: 'attemptBoth' });
  return code ? patientReferenceIn(code.data, `${source} (QR code)`) : undefined;
}

function sizeOf(element: HTMLImageElement | HTMLCanvasElement): { width: number; height: number } {
  return element instanceof HTMLImageElement
    ? { width: element.naturalWidth, height: element.naturalHeight }
    : { width: element.width, height: element.height };
}

/** The patient in a QR code shown by `element` (an image or a canvas), if it can be read. */
export function patientInQrElement(element: Element, source: string): PatientReference | undefined {
  if (!(element instanceof HTMLImageElement || element instanceof HTMLCanvasElement)) return undefined;
  if (element instanceof HTMLImageElement && !element.complete) return undefined;
  const { width, height } = sizeOf(element);
  if (Math.min(width, height) < MIN_QR_SIDE) return undefined;
  const scale = Math.min(1, MAX_DECODE_SIDE / Math.max(width, height));
  const canvas = element.ownerDocument.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return undefined;
  try {
    context.drawImage(element, 0, 0, canvas.width, canvas.height);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    return patientInQrPixels(data, canvas.width, canvas.height, source);
  } catch {
    return undefined; // a cross-origin image: its pixels are not ours to read
  }
}
