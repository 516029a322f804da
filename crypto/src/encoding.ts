// Byte encodings shared by the formats: base64url for JSON fields, 0x-hex, big-endian integers, and the
// length-prefixed concatenation that makes every derivation input unambiguous.
import { type Address, getAddress, type Hex, isAddress } from 'viem';
import { CryptoError } from './errors.ts';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const alphabetIndex = new Map([...alphabet].map((char, index) => [char, index]));

/** Base64url without padding (RFC 4648 §5), as used in JWK and JSON envelopes. */
export function toBase64Url(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1] ?? 0;
    const b2 = bytes[i + 2] ?? 0;
    const word = (b0 << 16) | (b1 << 8) | b2;
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) text += alphabet[(word >> (18 - 6 * c)) & 63];
  }
  return text;
}

/**
 * Decodes unpadded base64url, accepting only the canonical encoding (so every value has one spelling).
 * @throws CryptoError INVALID_ARGUMENT on any other input.
 */
export function fromBase64Url(text: string): Uint8Array {
  const invalid = () => new CryptoError('INVALID_ARGUMENT', 'not canonical unpadded base64url');
  if (text.length % 4 === 1) throw invalid();
  const bytes = new Uint8Array(Math.floor((text.length * 6) / 8));
  let bits = 0;
  let buffer = 0;
  let out = 0;
  for (const char of text) {
    const value = alphabetIndex.get(char);
    if (value === undefined) throw invalid();
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[out++] = (buffer >> bits) & 0xff;
    }
  }
  // Leftover bits must be zero, otherwise two strings would decode to the same bytes.
  if ((buffer & ((1 << bits) - 1)) !== 0) throw invalid();
  return bytes;
}

/** 0x-prefixed lowercase hex. */
export function toHex(bytes: Uint8Array): Hex {
  let hex = '0x';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex as Hex;
}

/**
 * Decodes 0x-prefixed hex of an even length (either case).
 * @throws CryptoError INVALID_ARGUMENT on anything else.
 */
export function fromHex(hex: string): Uint8Array {
  if (!/^0x([0-9a-fA-F]{2})*$/.test(hex))
    throw new CryptoError('INVALID_ARGUMENT', 'not 0x-prefixed hex bytes');
  const bytes = new Uint8Array((hex.length - 2) / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 + 2 * i, 4 + 2 * i), 16);
  return bytes;
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** `value` as 4 big-endian bytes. @throws CryptoError INVALID_ARGUMENT unless 0 ≤ value < 2^32. */
export function uint32BE(value: number): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new CryptoError('INVALID_ARGUMENT', 'not a 32-bit unsigned integer', { details: String(value) });
  }
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value);
  return bytes;
}

/** Each part as a 4-byte big-endian length followed by its bytes, concatenated. */
export function lengthPrefixed(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + 4 + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(uint32BE(part.length), offset);
    out.set(part, offset + 4);
    offset += 4 + part.length;
  }
  return out;
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * The checksummed form of an Ethereum address, accepting any case.
 * @throws CryptoError INVALID_ARGUMENT when `address` is not an address.
 */
export function normalizeAddress(address: string, what = 'address'): Address {
  if (typeof address !== 'string' || !isAddress(address, { strict: false })) {
    throw new CryptoError('INVALID_ARGUMENT', `${what} is not an Ethereum address`, {
      details: String(address),
    });
  }
  return getAddress(address);
}

/** The 20 bytes of an Ethereum address. */
export function addressBytes(address: string, what?: string): Uint8Array {
  return fromHex(normalizeAddress(address, what));
}
