import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { segmentAad, segmentNonce } from './record-format.ts';
import { createSegmentCipher } from './segment-cipher.ts';

const keys = {
  segmentKey: Uint8Array.from({ length: 32 }, (_, i) => i),
  noncePrefix: Uint8Array.of(9, 8, 7, 6, 5, 4, 3, 2),
  commitment: new Uint8Array(32),
};
const digest = new Uint8Array(32).fill(0x5a);
const plaintext = new TextEncoder().encode('blood pressure 120/80');

describe('segment cipher (WebCrypto AES-256-GCM)', () => {
  it('seals exactly as node:crypto AES-256-GCM does with the same nonce and AAD', async () => {
    const cipher = await createSegmentCipher(keys, digest);
    for (const [index, final] of [
      [0, false],
      [1, true],
      [0xffffffff, true],
    ] as const) {
      const node = createCipheriv('aes-256-gcm', keys.segmentKey, segmentNonce(keys.noncePrefix, index));
      node.setAAD(segmentAad(digest, final));
      const expected = Buffer.concat([node.update(plaintext), node.final(), node.getAuthTag()]);
      expect(Buffer.from(await cipher.seal(index, final, plaintext))).toEqual(expected);
    }
  });

  it('opens its own segments only at the same index, final flag and context', async () => {
    const cipher = await createSegmentCipher(keys, digest);
    const sealed = await cipher.seal(3, false, plaintext);
    expect(await cipher.open(3, false, sealed)).toEqual(plaintext);
    expect(await cipher.open(4, false, sealed)).toBeUndefined();
    expect(await cipher.open(3, true, sealed)).toBeUndefined();
    const otherContext = await createSegmentCipher(keys, new Uint8Array(32));
    expect(await otherContext.open(3, false, sealed)).toBeUndefined();
  });

  it('works on views into larger buffers', async () => {
    const cipher = await createSegmentCipher(keys, digest);
    const buffer = new Uint8Array(100);
    buffer.set(plaintext, 10);
    const view = buffer.subarray(10, 10 + plaintext.length);
    expect(await cipher.seal(0, true, view)).toEqual(await cipher.seal(0, true, plaintext));
  });
});
