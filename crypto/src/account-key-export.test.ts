import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_KEY_EXPORT_PREFIX,
  exportAccountSecretKey,
  importAccountSecretKey,
} from './account-key-export.ts';
import { generateAccountKeyPair } from './account-keys.ts';

describe('secret key export', () => {
  it('round-trips, and tolerates surrounding whitespace', () => {
    const pair = generateAccountKeyPair();
    const text = exportAccountSecretKey(pair);
    expect(text.startsWith(ACCOUNT_KEY_EXPORT_PREFIX)).toBe(true);
    expect(text).toMatch(/^medicrypt-secret-key-v1:[A-Za-z0-9_-]{48}$/);
    expect(importAccountSecretKey(`  ${text}\n`)).toEqual(pair);
  });

  it('catches a mistyped character with the checksum: INVALID_KEY', () => {
    const text = exportAccountSecretKey(generateAccountKeyPair());
    const at = ACCOUNT_KEY_EXPORT_PREFIX.length + 5;
    const typo = text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    expect(() => importAccountSecretKey(typo)).toThrow(expect.objectContaining({ code: 'INVALID_KEY' }));
  });

  it.each(['', 'medicrypt-secret-key-v1:', 'medicrypt-secret-key-v2:AAAA', 'medicrypt-secret-key-v1:!!!!'])(
    'refuses %j: INVALID_KEY',
    (text) => {
      expect(() => importAccountSecretKey(text)).toThrow(expect.objectContaining({ code: 'INVALID_KEY' }));
    },
  );
});
