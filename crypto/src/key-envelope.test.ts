import { describe, expect, it } from 'vitest';
import { generateAccountKeyPair } from './account-keys.ts';
import { fromBase64Url, fromHex, toBase64Url } from './encoding.ts';
import type { CryptoErrorCode } from './errors.ts';
import {
  KEY_ENVELOPE_ALGORITHM,
  type KeyEnvelope,
  type KeyEnvelopeContext,
  parseKeyEnvelope,
  unwrapRecordKey,
  wrapRecordKey,
} from './key-envelope.ts';
import { generateRecordKey } from './record-cipher.ts';

const context: KeyEnvelopeContext = {
  patient: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  recordId: 'record-42',
  version: 2,
  contentType: 'application/fhir+json',
  grantee: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
};

function expectCode(run: () => unknown, code: CryptoErrorCode): void {
  expect(run).toThrow(expect.objectContaining({ name: 'CryptoError', code }));
}

describe('wrapRecordKey / unwrapRecordKey', () => {
  const grantee = generateAccountKeyPair();
  const recordKey = generateRecordKey();
  const envelope = wrapRecordKey({ recordKey, recipientPublicKey: grantee.publicKey, context });

  it('carries the whole record context, so the reader can decrypt the record with it', () => {
    const { grantee: _grantee, ...recordContext } = envelope.context;
    expect(recordContext).toEqual({
      patient: context.patient,
      recordId: context.recordId,
      version: context.version,
      contentType: context.contentType,
    });
  });

  it('gives the grantee the record key back, also from the JSON text', () => {
    expect(unwrapRecordKey({ envelope, recipientSecretKey: grantee.secretKey, context })).toEqual(recordKey);
    const json = JSON.stringify(envelope);
    expect(unwrapRecordKey({ envelope: json, recipientSecretKey: grantee.secretKey, context })).toEqual(
      recordKey,
    );
  });

  it('is a versioned JSON object with base64url fields and its context', () => {
    expect(envelope).toMatchObject({ version: 1, algorithm: KEY_ENVELOPE_ALGORITHM, context });
    expect(fromBase64Url(envelope.recipientPublicKey)).toEqual(grantee.publicKey);
    expect(fromBase64Url(envelope.ephemeralPublicKey).length).toBe(32);
    expect(fromBase64Url(envelope.wrappedKey).length).toBe(48);
    expect(JSON.stringify(envelope)).not.toContain(toBase64Url(recordKey));
  });

  it('uses a fresh ephemeral key for every wrap', () => {
    const again = wrapRecordKey({ recordKey, recipientPublicKey: grantee.publicKey, context });
    expect(again.ephemeralPublicKey).not.toBe(envelope.ephemeralPublicKey);
    expect(again.wrappedKey).not.toBe(envelope.wrappedKey);
  });

  it('accepts addresses in any case and stores them checksummed', () => {
    const lower = {
      ...context,
      patient: context.patient.toLowerCase() as KeyEnvelopeContext['patient'],
      grantee: context.grantee.toLowerCase() as KeyEnvelopeContext['grantee'],
    };
    const wrapped = wrapRecordKey({ recordKey, recipientPublicKey: grantee.publicKey, context: lower });
    expect(wrapped.context).toEqual(context);
    expect(
      unwrapRecordKey({ envelope: wrapped, recipientSecretKey: grantee.secretKey, context: lower }),
    ).toEqual(recordKey);
  });

  it('refuses another reader: WRONG_RECIPIENT', () => {
    const other = generateAccountKeyPair();
    expectCode(
      () => unwrapRecordKey({ envelope, recipientSecretKey: other.secretKey, context }),
      'WRONG_RECIPIENT',
    );
  });

  it('refuses when the reader expects another grantee address: WRONG_RECIPIENT', () => {
    const asOther = { ...context, grantee: '0x90F79bf6EB2c4f870365E785982E1f101E93b906' } as const;
    expectCode(
      () => unwrapRecordKey({ envelope, recipientSecretKey: grantee.secretKey, context: asOther }),
      'WRONG_RECIPIENT',
    );
  });

  it.each<[string, Partial<KeyEnvelopeContext>]>([
    ['patient', { patient: '0x90F79bf6EB2c4f870365E785982E1f101E93b906' }],
    ['record id', { recordId: 'record-43' }],
    ['record version', { version: 3 }],
    ['content type', { contentType: 'application/pdf' }],
  ])('refuses an envelope for another %s: WRONG_CONTEXT', (_field, change) => {
    expectCode(
      () =>
        unwrapRecordKey({
          envelope,
          recipientSecretKey: grantee.secretKey,
          context: { ...context, ...change },
        }),
      'WRONG_CONTEXT',
    );
  });

  it.each<[string, Partial<KeyEnvelopeContext>]>([
    ['patient', { patient: '0x90F79bf6EB2c4f870365E785982E1f101E93b906' }],
    ['record id', { recordId: 'record-43' }],
    ['record version', { version: 3 }],
  ])(
    'detects an envelope whose %s was rewritten to match the expected one: ENVELOPE_TAMPERED',
    (_field, change) => {
      const moved = { ...context, ...change };
      const rewritten: KeyEnvelope = { ...envelope, context: moved };
      expectCode(
        () => unwrapRecordKey({ envelope: rewritten, recipientSecretKey: grantee.secretKey, context: moved }),
        'ENVELOPE_TAMPERED',
      );
    },
  );

  it('detects an envelope for someone else relabelled with the reader public key: ENVELOPE_TAMPERED', () => {
    const forOther = wrapRecordKey({
      recordKey,
      recipientPublicKey: generateAccountKeyPair().publicKey,
      context,
    });
    const relabelled = { ...forOther, recipientPublicKey: toBase64Url(grantee.publicKey) };
    expectCode(
      () => unwrapRecordKey({ envelope: relabelled, recipientSecretKey: grantee.secretKey, context }),
      'ENVELOPE_TAMPERED',
    );
  });

  it('detects any flipped bit in the wrapped key or the ephemeral key: ENVELOPE_TAMPERED', () => {
    for (const field of ['wrappedKey', 'ephemeralPublicKey'] as const) {
      const bytes = fromBase64Url(envelope[field]);
      for (let i = 0; i < bytes.length; i++) {
        const changed = bytes.slice();
        changed[i]! ^= 0x04;
        const tampered = { ...envelope, [field]: toBase64Url(changed) };
        expectCode(
          () => unwrapRecordKey({ envelope: tampered, recipientSecretKey: grantee.secretKey, context }),
          'ENVELOPE_TAMPERED',
        );
      }
    }
  });

  it('detects a small-order ephemeral key: ENVELOPE_TAMPERED', () => {
    const tampered = { ...envelope, ephemeralPublicKey: toBase64Url(new Uint8Array(32)) };
    expectCode(
      () => unwrapRecordKey({ envelope: tampered, recipientSecretKey: grantee.secretKey, context }),
      'ENVELOPE_TAMPERED',
    );
  });

  it('refuses to wrap to a small-order public key or a record key that is not 32 bytes: INVALID_KEY', () => {
    const lowOrder = fromHex('0xe0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800');
    expectCode(() => wrapRecordKey({ recordKey, recipientPublicKey: lowOrder, context }), 'INVALID_KEY');
    expectCode(
      () => wrapRecordKey({ recordKey: new Uint8Array(16), recipientPublicKey: grantee.publicKey, context }),
      'INVALID_KEY',
    );
  });
});

describe('parseKeyEnvelope', () => {
  const grantee = generateAccountKeyPair();
  const envelope = wrapRecordKey({
    recordKey: generateRecordKey(),
    recipientPublicKey: grantee.publicKey,
    context,
  });

  it('returns a valid envelope unchanged', () => {
    expect(parseKeyEnvelope(JSON.parse(JSON.stringify(envelope)))).toEqual(envelope);
  });

  it.each<[string, unknown]>([
    ['version 2', { version: 2 }],
    ['another algorithm', { algorithm: 'X25519-HKDF-SHA256-CHACHA20POLY1305' }],
  ])('refuses %s: UNSUPPORTED_VERSION', (_case, change) => {
    expectCode(() => parseKeyEnvelope({ ...envelope, ...(change as object) }), 'UNSUPPORTED_VERSION');
  });

  it.each<[string, unknown]>([
    ['text that is not JSON', '{"version":'],
    ['null', null],
    ['a missing wrapped key', { wrappedKey: undefined }],
    ['a padded base64 field', { ephemeralPublicKey: `${envelope.ephemeralPublicKey}=` }],
    ['a short wrapped key', { wrappedKey: envelope.wrappedKey.slice(0, 40) }],
    ['a missing context', { context: undefined }],
    ['a context with a bad grantee', { context: { ...context, grantee: 'doctor' } }],
    ['a context with a fractional version', { context: { ...context, version: 1.5 } }],
    ['a context without a content type', { context: { ...context, contentType: undefined } }],
  ])('refuses %s: MALFORMED_ENVELOPE', (_case, change) => {
    const value = change !== null && typeof change === 'object' ? { ...envelope, ...change } : change;
    expectCode(() => parseKeyEnvelope(value), 'MALFORMED_ENVELOPE');
  });
});
