// AES-256-GCM over record segments through WebCrypto: native speed in browsers, MV3 service workers and
// Node (hundreds of MB/s, against tens for AES in JavaScript), which is what large records need.
import { CryptoError } from './errors.ts';
import { type SegmentKeys, segmentAad, segmentNonce } from './record-format.ts';

export interface SegmentCipher {
  seal(index: number, final: boolean, plaintext: Uint8Array): Promise<Uint8Array>;
  /** The plaintext, or undefined when the segment fails authentication. */
  open(index: number, final: boolean, sealed: Uint8Array): Promise<Uint8Array | undefined>;
}

/** WebCrypto takes views of plain ArrayBuffers only. */
function bufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}

function subtle(): SubtleCrypto {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new CryptoError('INVALID_ARGUMENT', 'WebCrypto (crypto.subtle) is not available here');
  return subtle;
}

export async function createSegmentCipher(
  keys: SegmentKeys,
  contextDigest: Uint8Array,
): Promise<SegmentCipher> {
  const key = await subtle().importKey('raw', bufferSource(keys.segmentKey), 'AES-GCM', false, [
    'encrypt',
    'decrypt',
  ]);
  const params = (index: number, final: boolean): AesGcmParams => ({
    name: 'AES-GCM',
    iv: bufferSource(segmentNonce(keys.noncePrefix, index)),
    additionalData: bufferSource(segmentAad(contextDigest, final)),
    tagLength: 128,
  });
  return {
    async seal(index, final, plaintext) {
      return new Uint8Array(await subtle().encrypt(params(index, final), key, bufferSource(plaintext)));
    },
    async open(index, final, sealed) {
      try {
        return new Uint8Array(await subtle().decrypt(params(index, final), key, bufferSource(sealed)));
      } catch {
        // WebCrypto reports a failed tag check as an OperationError and says nothing more.
        return undefined;
      }
    },
  };
}
