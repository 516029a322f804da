import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { resourcePseudonym, studyPseudonym } from './pseudonym.ts';

const key = new Uint8Array(32).fill(7);
const address = '0x52908400098527886E0F7030069857D2E4169EE7';

describe('studyPseudonym', () => {
  it('is HMAC-SHA256(studyKey, address bytes || studyId)', () => {
    const message = new Uint8Array([
      ...Buffer.from(address.slice(2), 'hex'),
      ...Buffer.from('diabetes-2025'),
    ]);
    expect(studyPseudonym(key, address, 'diabetes-2025')).toBe(bytesToHex(hmac(sha256, key, message)));
    expect(studyPseudonym(key, address, 'diabetes-2025')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('takes a bytes32 study id (the registry’s) as its 32 bytes, in any case', () => {
    const studyId = `0x${'ab'.repeat(32)}`;
    const message = new Uint8Array([
      ...Buffer.from(address.slice(2), 'hex'),
      ...Buffer.from('ab'.repeat(32), 'hex'),
    ]);
    expect(studyPseudonym(key, address, studyId)).toBe(bytesToHex(hmac(sha256, key, message)));
    expect(studyPseudonym(key, address, studyId.toUpperCase().replace('0X', '0x'))).toBe(
      studyPseudonym(key, address, studyId),
    );
  });

  it('is stable within a study, differs across studies and keys, ignores address case', () => {
    const pseudonym = studyPseudonym(key, address, 'study-a');
    expect(studyPseudonym(key, address.toLowerCase(), 'study-a')).toBe(pseudonym);
    expect(studyPseudonym(key, address, 'study-b')).not.toBe(pseudonym);
    expect(studyPseudonym(new Uint8Array(32).fill(8), address, 'study-a')).not.toBe(pseudonym);
  });

  it('rejects short keys, malformed addresses and empty study ids', () => {
    expect(() => studyPseudonym(new Uint8Array(16), address, 's')).toThrow(RangeError);
    expect(() => studyPseudonym(key, '0x1234', 's')).toThrow(TypeError);
    expect(() => studyPseudonym(key, address, '')).toThrow(TypeError);
  });
});

describe('resourcePseudonym', () => {
  it('is stable per subject and reference, 128 bits of hex', () => {
    const id = resourcePseudonym(key, 'subject-1', 'Observation/abc');
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(resourcePseudonym(key, 'subject-1', 'Observation/abc')).toBe(id);
    expect(resourcePseudonym(key, 'subject-2', 'Observation/abc')).not.toBe(id);
    expect(resourcePseudonym(key, 'subject-1', 'Observation/abd')).not.toBe(id);
  });
});
