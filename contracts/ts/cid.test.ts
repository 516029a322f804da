import { describe, expect, it } from 'vitest';
import { cidOf, recordKeyOf } from './cid.ts';

describe('record keys', () => {
  it('rebuild the CID kubo gives "hello world" from its on-chain digest and codec', () => {
    const cid = 'bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e';
    const key = recordKeyOf(cid);
    expect(key.codec).toBe(0x55);
    expect(key.digest).toBe('0xb94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9');
    expect(cidOf(key)).toBe(cid);
  });

  it('reject CIDs that are not sha2-256', () => {
    expect(() => recordKeyOf('bafkr4ihkr4ld3m4gqkjf4reryxsy2s5tkbxprqkow6fin2iiyvreuzzab4')).toThrow(
      /not sha2-256/,
    );
  });
});
