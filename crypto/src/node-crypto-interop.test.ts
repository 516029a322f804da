// An independent reading of the formats with node:crypto alone (HKDF, AES-256-GCM, SHA-256, X25519), written
// from the format description in record-format.ts and key-envelope.ts. If it agrees with the library, the
// formats are what the documentation says, and another implementation can interoperate.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  hkdfSync,
  randomBytes,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { generateAccountKeyPair } from './account-keys.ts';
import { fromHex, toBase64Url } from './encoding.ts';
import { type KeyEnvelope, unwrapRecordKey, wrapRecordKey } from './key-envelope.ts';
import { decryptRecord, encryptRecord, generateRecordKey } from './record-cipher.ts';
import type { RecordContext } from './record-context.ts';

interface Vectors {
  records: { name: string; key: Hex; context: RecordContext; plaintext: Hex; ciphertext: Hex }[];
  keyEnvelopes: { name: string; recipientSecretKey: Hex; sharedSecret: Hex; envelope: KeyEnvelope }[];
}
const vectors: Vectors = JSON.parse(
  readFileSync(new URL('../test-vectors/medicrypt-v1.json', import.meta.url), 'utf8'),
);

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const field = (bytes: Buffer) => Buffer.concat([u32(bytes.length), bytes]);
const address = (a: string) => Buffer.from(a.slice(2), 'hex');

function nodeContextDigest(context: RecordContext): Buffer {
  const encoded = Buffer.concat(
    [
      Buffer.from('MediCrypt record context v1'),
      address(context.patient),
      Buffer.from(context.recordId, 'utf8'),
      u32(context.version),
      Buffer.from(context.contentType, 'utf8'),
    ].map(field),
  );
  return createHash('sha256').update(encoded).digest();
}

function nodeSegmentKeys(key: Buffer, headerPrefix: Buffer) {
  const salt = headerPrefix.subarray(9, 25);
  const info = Buffer.concat([Buffer.from('MediCrypt record v1 segment keys'), headerPrefix]);
  const okm = Buffer.from(hkdfSync('sha256', key, salt, info, 72));
  return {
    segmentKey: okm.subarray(0, 32),
    noncePrefix: okm.subarray(32, 40),
    commitment: okm.subarray(40, 72),
  };
}

function nodeDecryptRecord(key: Buffer, ciphertext: Buffer, context: RecordContext): Buffer {
  expect(ciphertext.subarray(0, 5)).toEqual(Buffer.from('MDCR\x01', 'latin1'));
  const segmentSize = ciphertext.readUInt32BE(5);
  const keys = nodeSegmentKeys(key, ciphertext.subarray(0, 25));
  expect(ciphertext.subarray(25, 57)).toEqual(keys.commitment);
  const digest = nodeContextDigest(context);
  const body = ciphertext.subarray(57);
  const sealed = segmentSize + 16;
  const count = Math.max(1, Math.ceil(body.length / sealed));
  const plaintext: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const segment = body.subarray(i * sealed, (i + 1) * sealed);
    const final = i === count - 1;
    const decipher = createDecipheriv(
      'aes-256-gcm',
      keys.segmentKey,
      Buffer.concat([keys.noncePrefix, u32(i)]),
    );
    decipher.setAAD(Buffer.concat([digest, Buffer.of(final ? 1 : 0)]));
    decipher.setAuthTag(segment.subarray(segment.length - 16));
    plaintext.push(decipher.update(segment.subarray(0, segment.length - 16)), decipher.final());
  }
  return Buffer.concat(plaintext);
}

function nodeEncryptRecord(
  key: Buffer,
  plaintext: Buffer,
  context: RecordContext,
  segmentSize: number,
): Buffer {
  const prefix = Buffer.concat([Buffer.from('MDCR\x01', 'latin1'), u32(segmentSize), randomBytes(16)]);
  const keys = nodeSegmentKeys(key, prefix);
  const digest = nodeContextDigest(context);
  const parts = [prefix, keys.commitment];
  const count = Math.max(1, Math.ceil(plaintext.length / segmentSize));
  for (let i = 0; i < count; i++) {
    const cipher = createCipheriv('aes-256-gcm', keys.segmentKey, Buffer.concat([keys.noncePrefix, u32(i)]));
    cipher.setAAD(Buffer.concat([digest, Buffer.of(i === count - 1 ? 1 : 0)]));
    parts.push(
      cipher.update(plaintext.subarray(i * segmentSize, (i + 1) * segmentSize)),
      cipher.final(),
      cipher.getAuthTag(),
    );
  }
  return Buffer.concat(parts);
}

const context: RecordContext = {
  patient: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  recordId: 'interop',
  version: 7,
  contentType: 'application/octet-stream',
};

describe('record format with node:crypto', () => {
  it.each(vectors.records.map((v) => [v.name, v] as const))('opens the vector "%s"', (_name, v) => {
    const plaintext = nodeDecryptRecord(
      Buffer.from(fromHex(v.key)),
      Buffer.from(fromHex(v.ciphertext)),
      v.context,
    );
    expect(plaintext.toString('hex')).toBe(v.plaintext.slice(2));
  });

  it.each([0, 1, 100, 1000, 1024, 4096 + 3])(
    'opens what the library encrypts (%i bytes) and vice versa',
    async (length) => {
      const key = generateRecordKey();
      const plaintext = randomBytes(length);
      const ours = await encryptRecord({ key, plaintext, context, segmentSize: 1024 });
      expect(nodeDecryptRecord(Buffer.from(key), Buffer.from(ours), context).equals(plaintext)).toBe(true);
      const theirs = nodeEncryptRecord(Buffer.from(key), plaintext, context, 1024);
      expect(Buffer.from(await decryptRecord({ key, ciphertext: theirs, context })).equals(plaintext)).toBe(
        true,
      );
    },
  );
});

describe('key envelopes with node:crypto', () => {
  const nodePrivateKey = (secretKey: Uint8Array, publicKey: Uint8Array) =>
    createPrivateKey({
      key: { kty: 'OKP', crv: 'X25519', d: toBase64Url(secretKey), x: toBase64Url(publicKey) },
      format: 'jwk',
    });
  const nodePublicKey = (publicKey: Uint8Array) =>
    createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: toBase64Url(publicKey) }, format: 'jwk' });

  it('unwraps what the library wraps: X25519 diffieHellman, HKDF-SHA256, AES-256-GCM', () => {
    const recipient = generateAccountKeyPair();
    const recordKey = generateRecordKey();
    const envelopeContext = {
      patient: context.patient,
      recordId: context.recordId,
      version: context.version,
      contentType: context.contentType,
      grantee: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
    } as const;
    const envelope = wrapRecordKey({
      recordKey,
      recipientPublicKey: recipient.publicKey,
      context: envelopeContext,
    });
    const ephemeral = Buffer.from(envelope.ephemeralPublicKey, 'base64url');
    const shared = diffieHellman({
      privateKey: nodePrivateKey(recipient.secretKey, recipient.publicKey),
      publicKey: nodePublicKey(ephemeral),
    });
    const info = Buffer.concat(
      [
        Buffer.from('MediCrypt key envelope v1'),
        ephemeral,
        Buffer.from(recipient.publicKey),
        address(envelopeContext.patient),
        Buffer.from(envelopeContext.recordId),
        u32(envelopeContext.version),
        Buffer.from(envelopeContext.contentType),
        address(envelopeContext.grantee),
      ].map(field),
    );
    const okm = Buffer.from(hkdfSync('sha256', shared, Buffer.alloc(0), info, 44));
    const wrapped = Buffer.from(envelope.wrappedKey, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', okm.subarray(0, 32), okm.subarray(32, 44));
    decipher.setAuthTag(wrapped.subarray(32));
    const unwrapped = Buffer.concat([decipher.update(wrapped.subarray(0, 32)), decipher.final()]);
    expect(unwrapped.equals(recordKey)).toBe(true);
    expect(
      unwrapRecordKey({ envelope, recipientSecretKey: recipient.secretKey, context: envelopeContext }),
    ).toEqual(recordKey);
  });

  it.each(vectors.keyEnvelopes.map((v) => [v.name, v] as const))(
    'agrees on the shared secret of "%s"',
    (_name, v) => {
      const ephemeral = Buffer.from(v.envelope.ephemeralPublicKey, 'base64url');
      const recipientSecret = fromHex(v.recipientSecretKey);
      const recipientPublic = Buffer.from(v.envelope.recipientPublicKey, 'base64url');
      const shared = diffieHellman({
        privateKey: nodePrivateKey(recipientSecret, recipientPublic),
        publicKey: nodePublicKey(ephemeral),
      });
      expect(`0x${shared.toString('hex')}`).toBe(v.sharedSecret);
    },
  );
});
