// Writes test-vectors/medicrypt-v1.json: fixed inputs (keys, salts, ephemeral keys, plaintexts) and what this
// library makes of them. Every random input is given here, so running it again gives the same file.
// `npm run vectors -w crypto`; src/test-vectors.test.ts checks the library still reproduces it.
import { writeFileSync } from 'node:fs';
import { x25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { type Hex, hashTypedData } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import {
  accountKeyMessage,
  deriveAccountKeyPair,
  encryptionKeyTypedData,
  encryptRecord,
  fromHex,
  type RecordContext,
  recordContextDigest,
  signKeyBinding,
  toHex,
  wrapRecordKey,
} from '../src/index.ts';

/** Deterministic filler bytes: SHA-256 of a label, repeated with a counter. */
function bytesFrom(label: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let offset = 0, i = 0; offset < length; i++, offset += 32) {
    out.set(sha256(new TextEncoder().encode(`${label}/${i}`)).subarray(0, length - offset), offset);
  }
  return out;
}

const text = (s: string) => new TextEncoder().encode(s);

// anvil's development keys (public): the patient and the doctor.
const patient = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
const doctor = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const chainId = 11155111;

const fhir: RecordContext = {
  patient: patient.address,
  recordId: '7f1c1b52-5a39-4b6e-9f0e-2a1d3c4b5e6f',
  version: 1,
  contentType: 'application/fhir+json',
};

const recordCases: { name: string; segmentSize: number; context: RecordContext; plaintext: Uint8Array }[] = [
  { name: 'empty plaintext', segmentSize: 16, context: fhir, plaintext: new Uint8Array() },
  {
    name: 'one short segment',
    segmentSize: 64,
    context: fhir,
    plaintext: text('{"resourceType":"Observation"}'),
  },
  { name: 'exactly one full segment', segmentSize: 16, context: fhir, plaintext: bytesFrom('one full', 16) },
  { name: 'three full segments', segmentSize: 16, context: fhir, plaintext: bytesFrom('three full', 48) },
  {
    name: 'two full segments and a partial one',
    segmentSize: 16,
    context: { ...fhir, version: 2 },
    plaintext: bytesFrom('partial', 37),
  },
  {
    name: '1 KiB segments, 2.5 KiB PDF',
    segmentSize: 1024,
    context: { ...fhir, recordId: 'imaging-report', contentType: 'application/pdf' },
    plaintext: bytesFrom('pdf', 2560),
  },
];

async function main(): Promise<void> {
  const records = [];
  for (const [i, c] of recordCases.entries()) {
    const key = bytesFrom(`record key ${i}`, 32);
    const salt = bytesFrom(`salt ${i}`, 16);
    const ciphertext = await encryptRecord({
      key,
      salt,
      segmentSize: c.segmentSize,
      context: c.context,
      plaintext: c.plaintext,
    });
    records.push({
      name: c.name,
      key: toHex(key),
      salt: toHex(salt),
      segmentSize: c.segmentSize,
      context: c.context,
      contextDigest: toHex(recordContextDigest(c.context)),
      plaintext: toHex(c.plaintext),
      ciphertext: toHex(ciphertext),
    });
  }

  // Failures, made from "three full segments" (header 57 bytes, segments of 32 sealed bytes).
  const base = records[3]!;
  const ct = fromHex(base.ciphertext);
  const flip = (offset: number) => {
    const copy = ct.slice();
    copy[offset]! ^= 1;
    return copy;
  };
  const swapped = ct.slice();
  swapped.set(ct.subarray(57 + 32, 57 + 64), 57);
  swapped.set(ct.subarray(57, 57 + 32), 57 + 32);
  const failures = [
    { name: 'wrong key', key: toHex(bytesFrom('another key', 32)), ciphertext: ct, error: 'WRONG_KEY' },
    {
      name: 'other record version in the context',
      context: { ...base.context, version: 9 },
      ciphertext: ct,
      error: 'CIPHERTEXT_TAMPERED',
    },
    { name: 'bit flipped in segment 1', ciphertext: flip(57 + 32 + 3), error: 'CIPHERTEXT_TAMPERED' },
    { name: 'bit flipped in the last tag', ciphertext: flip(ct.length - 1), error: 'CIPHERTEXT_TAMPERED' },
    { name: 'segments 0 and 1 swapped', ciphertext: swapped, error: 'CIPHERTEXT_TAMPERED' },
    { name: 'final segment dropped', ciphertext: ct.subarray(0, 57 + 64), error: 'CIPHERTEXT_TRUNCATED' },
    { name: 'header only', ciphertext: ct.subarray(0, 57), error: 'CIPHERTEXT_TRUNCATED' },
    { name: 'bit flipped in the salt', ciphertext: flip(12), error: 'WRONG_KEY' },
    { name: 'version 2', ciphertext: ct.map((b, i) => (i === 4 ? 2 : b)), error: 'UNSUPPORTED_VERSION' },
    { name: 'wrong magic', ciphertext: flip(0), error: 'MALFORMED_CIPHERTEXT' },
  ].map(({ ciphertext, ...rest }) => ({
    key: base.key,
    context: base.context,
    ...rest,
    ciphertext: toHex(ciphertext),
  }));

  const accounts = [];
  for (const [name, account] of [
    ['patient', patient],
    ['doctor', doctor],
  ] as const) {
    const message = accountKeyMessage(account.address);
    const signature = await account.signMessage({ message });
    const pair = await deriveAccountKeyPair({ address: account.address, signature });
    accounts.push({
      name,
      address: account.address,
      message,
      signature,
      secretKey: toHex(pair.secretKey),
      publicKey: toHex(pair.publicKey),
    });
  }
  const doctorKeys = accounts[1]!;

  const binding = await signKeyBinding({
    chainId,
    account: doctor.address,
    publicKey: fromHex(doctorKeys.publicKey),
    issuedAt: 1_750_000_000,
    signTypedData: (typedData) => doctor.signTypedData(typedData),
  });
  const bindings = [
    {
      name: 'doctor on Sepolia',
      typedDataHash: hashTypedData(encryptionKeyTypedData(binding)),
      binding,
    },
  ];

  const ephemeralSecretKey = bytesFrom('ephemeral 0', 32);
  // The context of "one short segment", for the doctor.
  const envelopeContext = { ...fhir, grantee: doctor.address };
  const recordKey = fromHex(records[1]!.key as Hex);
  const envelopes = [
    {
      name: 'record key of "one short segment" for the doctor',
      recordKey: toHex(recordKey),
      recipientSecretKey: doctorKeys.secretKey,
      ephemeralSecretKey: toHex(ephemeralSecretKey),
      sharedSecret: toHex(x25519.getSharedSecret(ephemeralSecretKey, fromHex(doctorKeys.publicKey))),
      context: envelopeContext,
      envelope: wrapRecordKey({
        recordKey,
        recipientPublicKey: fromHex(doctorKeys.publicKey),
        context: envelopeContext,
        ephemeralSecretKey,
      }),
    },
  ];

  const vectors = {
    description:
      'MediCrypt crypto test vectors, format v1. Byte fields are 0x-hex except inside key envelopes (base64url). ' +
      'Generated by crypto/tools/generate-vectors.ts; see docs/threat-model.md for the formats.',
    records,
    recordFailures: failures,
    accountKeys: accounts,
    keyBindings: bindings,
    keyEnvelopes: envelopes,
  };
  const path = new URL('../test-vectors/medicrypt-v1.json', import.meta.url);
  writeFileSync(path, `${JSON.stringify(vectors, null, 2)}\n`);
  console.log(`wrote ${path.pathname}`);
}

await main();
