// QR codes rendered by the `qrcode` package into RGBA pixels, as a canvas would hold them, and read back.
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { patientInQrPixels } from './patient-qr.ts';

const ADDRESS = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

/** `text` as a QR code: black modules of `scale` pixels on white, with a 4-module quiet zone. */
function qrPixels(text: string, scale = 4) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const side = (modules.size + 8) * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) {
      const row = Math.floor(y / scale) - 4;
      const column = Math.floor(x / scale) - 4;
      const dark =
        row >= 0 && column >= 0 && row < modules.size && column < modules.size && modules.get(row, column);
      if (dark) pixels.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
    }
  return { pixels, side };
}

describe('a patient shown as a QR code', () => {
  it('reads a wallet payment code (EIP-681), a bare address and an ENS name', () => {
    for (const [payload, expected] of [
      [`ethereum:${ADDRESS}@11155111`, { kind: 'address', address: ADDRESS }],
      [ADDRESS.toLowerCase(), { kind: 'address', address: ADDRESS }],
      ['ada-lovelace.eth', { kind: 'ens', name: 'ada-lovelace.eth' }],
    ] as const) {
      const { pixels, side } = qrPixels(payload);
      expect(patientInQrPixels(pixels, side, side, '#qr')).toEqual({ ...expected, source: '#qr (QR code)' });
    }
  });

  it('finds nobody in a code that names no patient, or in an image that is not a code', () => {
    const { pixels, side } = qrPixels('https://emr.example.org/appointments/42');
    expect(patientInQrPixels(pixels, side, side, '#qr')).toBeUndefined();
    expect(patientInQrPixels(new Uint8ClampedArray(64 * 64 * 4).fill(255), 64, 64, '#qr')).toBeUndefined();
  });
});
