import { describe, expect, it } from 'vitest';
import { extensionId, extensionIdFromKey, manifestKey } from './manifest-key.ts';

describe('manifest key', () => {
  it('pins MediCrypt’s Chrome extension id', () => {
    expect(extensionId).toBe('hcdiellbibgogkiggaoklekaddcaeijo');
  });

  it('derives ids the way Chrome does: SHA-256 of the key, first 16 bytes, hex digits as a–p', () => {
    expect(extensionIdFromKey(manifestKey)).toMatch(/^[a-p]{32}$/);
    expect(extensionIdFromKey(Buffer.from('not a key').toString('base64'))).not.toBe(extensionId);
  });
});
