// The public half of the key that pins MediCrypt's Chrome extension id. Chrome derives an unpacked
// extension's id from `key` in its manifest, so tests and the wallet allow-lists can name it in advance.
// The private half was never kept: we do not pack CRX files ourselves (the Web Store signs with its own).
import { createHash } from 'node:crypto';

/** Base64 of the DER-encoded SubjectPublicKeyInfo of a 2048-bit RSA key. */
export const manifestKey =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAy51+hRzMBuXn2r6uCpFUz6mwTyaq9OSaNTjwwfXhCpVoWPiSYRvZiVfpb+EGAwifyyT/7EwCb40xMI9ZRFd1audJvgK/5ya7qaorlmLpolRhKDKPzF/+/02NbyuswJcNswvv/jwjaIfK6WdcAk2qsm97qDKDQhTaAKk1dutDGZXJaTqhXN/dtfwWs5wR6DJ7e4Nuud8QSEEMoxXOjoCiiqi6gbgTD9IpBk9n2sefKEScM6o42YHIXCr/N1nE59y3QHD8ioWg74YTi5AgmWAq9Bl6iPWzug70k0q9iaas6kt9FKpeGQvS9bGyNUwA1IrGbzKTeDFza49wRU+mKiMqYQIDAQAB';

/**
 * Chrome's extension id for a manifest `key`: the first 16 bytes of SHA-256 of the DER key, each hex digit
 * 0–f written as a letter a–p.
 */
export function extensionIdFromKey(base64Key: string): string {
  const digest = createHash('sha256').update(Buffer.from(base64Key, 'base64')).digest('hex');
  return Array.from(digest.slice(0, 32), (digit) =>
    String.fromCharCode(97 + Number.parseInt(digit, 16)),
  ).join('');
}

/** MediCrypt's extension id in Chrome when loaded from this source (unpacked or in tests). */
export const extensionId = extensionIdFromKey(manifestKey);
