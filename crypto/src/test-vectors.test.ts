// The committed vectors (crypto/test-vectors/medicrypt-v1.json, from tools/generate-vectors.ts): the library
// must reproduce every output from the fixed inputs and open every ciphertext, so a change of format or
// derivation cannot slip through unnoticed. node-crypto-interop.test.ts opens them without this library.
import { readFileSync } from 'node:fs';
import { type Hex, hashTypedData } from 'viem';
import { describe, expect, it } from 'vitest';
import {
  accountKeyMessage,
  decryptRecord,
  deriveAccountKeyPair,
  encryptionKeyTypedData,
  encryptRecord,
  fromHex,
  type KeyBinding,
  type KeyEnvelope,
  type KeyEnvelopeContext,
  type RecordContext,
  recordContextDigest,
  toHex,
  unwrapRecordKey,
  verifyKeyBinding,
  wrapRecordKey,
} from './index.ts';

interface Vectors {
  records: {
    name: string;
    key: Hex;
    salt: Hex;
    segmentSize: number;
    context: RecordContext;
    contextDigest: Hex;
    plaintext: Hex;
    ciphertext: Hex;
  }[];
  recordFailures: { name: string; key: Hex; context: RecordContext; ciphertext: Hex; error: string }[];
  accountKeys: {
    name: string;
    address: Hex;
    message: string;
    signature: Hex;
    secretKey: Hex;
    publicKey: Hex;
  }[];
  keyBindings: { name: string; typedDataHash: Hex; binding: KeyBinding }[];
  keyEnvelopes: {
    name: string;
    recordKey: Hex;
    recipientSecretKey: Hex;
    ephemeralSecretKey: Hex;
    sharedSecret: Hex;
    context: KeyEnvelopeContext;
    envelope: KeyEnvelope;
  }[];
}

const vectors: Vectors = JSON.parse(
  readFileSync(new URL('../test-vectors/medicrypt-v1.json', import.meta.url), 'utf8'),
);

describe('test vectors: records', () => {
  it('has the cases it promises', () => {
    expect(vectors.records.length).toBeGreaterThanOrEqual(6);
    expect(vectors.recordFailures.length).toBeGreaterThanOrEqual(10);
  });

  it.each(vectors.records.map((v) => [v.name, v] as const))(
    '%s: encrypts to the same bytes',
    async (_name, v) => {
      expect(toHex(recordContextDigest(v.context))).toBe(v.contextDigest);
      const ciphertext = await encryptRecord({
        key: fromHex(v.key),
        salt: fromHex(v.salt),
        segmentSize: v.segmentSize,
        context: v.context,
        plaintext: fromHex(v.plaintext),
      });
      expect(toHex(ciphertext)).toBe(v.ciphertext);
    },
  );

  it.each(vectors.records.map((v) => [v.name, v] as const))(
    '%s: decrypts to the plaintext',
    async (_name, v) => {
      const plaintext = await decryptRecord({
        key: fromHex(v.key),
        ciphertext: fromHex(v.ciphertext),
        context: v.context,
      });
      expect(toHex(plaintext)).toBe(v.plaintext);
    },
  );

  it.each(vectors.recordFailures.map((v) => [v.name, v] as const))(
    '%s: fails as expected',
    async (_name, v) => {
      await expect(
        decryptRecord({ key: fromHex(v.key), ciphertext: fromHex(v.ciphertext), context: v.context }),
      ).rejects.toMatchObject({ code: v.error });
    },
  );
});

describe('test vectors: account keys, bindings, envelopes', () => {
  it.each(vectors.accountKeys.map((v) => [v.name, v] as const))(
    '%s: derives the same key pair',
    async (_name, v) => {
      expect(accountKeyMessage(v.address)).toBe(v.message);
      const pair = await deriveAccountKeyPair({ address: v.address, signature: v.signature });
      expect(toHex(pair.secretKey)).toBe(v.secretKey);
      expect(toHex(pair.publicKey)).toBe(v.publicKey);
    },
  );

  it.each(vectors.keyBindings.map((v) => [v.name, v] as const))(
    '%s: hashes and verifies',
    async (_name, v) => {
      expect(hashTypedData(encryptionKeyTypedData(v.binding))).toBe(v.typedDataHash);
      const verified = await verifyKeyBinding({
        binding: v.binding,
        chainId: v.binding.chainId,
        now: v.binding.issuedAt,
      });
      expect(toHex(verified.publicKey)).toBe(v.binding.publicKey);
    },
  );

  it.each(vectors.keyEnvelopes.map((v) => [v.name, v] as const))(
    '%s: wraps to the same envelope and unwraps',
    (_name, v) => {
      const recipientSecretKey = fromHex(v.recipientSecretKey);
      const recipientPublicKey = fromHex(
        vectors.accountKeys.find((a) => a.secretKey === v.recipientSecretKey)!.publicKey,
      );
      const envelope = wrapRecordKey({
        recordKey: fromHex(v.recordKey),
        recipientPublicKey,
        context: v.context,
        ephemeralSecretKey: fromHex(v.ephemeralSecretKey),
      });
      expect(envelope).toEqual(v.envelope);
      expect(toHex(unwrapRecordKey({ envelope: v.envelope, recipientSecretKey, context: v.context }))).toBe(
        v.recordKey,
      );
    },
  );
});
