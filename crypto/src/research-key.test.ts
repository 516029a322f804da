import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { generateAccountKeyPair } from './account-keys.ts';
import { fromHex, toHex } from './encoding.ts';
import { deriveResearchKey, RESEARCH_KEY_LENGTH } from './research-key.ts';

describe('deriveResearchKey', () => {
  it('is HKDF-SHA256 of the account secret key with the research label (fixed vector)', () => {
    const secret = fromHex(`0x${'07'.repeat(32)}`);
    const expected = hkdf(
      sha256,
      secret,
      undefined,
      new TextEncoder().encode('medicrypt/research-pseudonym'),
      32,
    );
    expect(toHex(deriveResearchKey(secret))).toBe(toHex(expected));
    expect(deriveResearchKey(secret)).toHaveLength(RESEARCH_KEY_LENGTH);
  });

  it('is the same for the same account key and different for another, and never the account key itself', () => {
    const one = generateAccountKeyPair().secretKey;
    const other = generateAccountKeyPair().secretKey;
    expect(toHex(deriveResearchKey(one))).toBe(toHex(deriveResearchKey(one.slice())));
    expect(toHex(deriveResearchKey(one))).not.toBe(toHex(deriveResearchKey(other)));
    expect(toHex(deriveResearchKey(one))).not.toBe(toHex(one));
  });

  it('refuses a key of the wrong length: INVALID_KEY', () => {
    expect(() => deriveResearchKey(new Uint8Array(16))).toThrow(
      expect.objectContaining({ code: 'INVALID_KEY' }),
    );
  });
});
