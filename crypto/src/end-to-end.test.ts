// The whole sharing flow through the public API, as the extension runs it: both parties derive their keys from
// wallet signatures and publish bindings; the patient encrypts a record and, on approval, wraps its key for the
// doctor; the doctor checks nothing but what it was given and reads the record.
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import {
  accountKeyMessage,
  createDecryptStream,
  decryptRecord,
  deriveAccountKeyPair,
  encryptRecord,
  generateRecordKey,
  parseKeyEnvelope,
  type RecordContext,
  signKeyBinding,
  unwrapRecordKey,
  verifyKeyBinding,
  wrapRecordKey,
} from './index.ts';

const chainId = 11155111;
const patientWallet = privateKeyToAccount(
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
);
const doctorWallet = privateKeyToAccount(
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
);
const researcherWallet = privateKeyToAccount(
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
);

async function onboard(wallet: typeof patientWallet) {
  const signature = await wallet.signMessage({ message: accountKeyMessage(wallet.address) });
  const keys = await deriveAccountKeyPair({ address: wallet.address, signature });
  const binding = await signKeyBinding({
    chainId,
    account: wallet.address,
    publicKey: keys.publicKey,
    signTypedData: (typedData) => wallet.signTypedData(typedData),
  });
  // What the relayer stores and serves: JSON.
  return { keys, published: JSON.stringify(binding) };
}

describe('sharing a record end to end', () => {
  it('lets the approved doctor, and nobody else, read the record', async () => {
    const patient = await onboard(patientWallet);
    const doctor = await onboard(doctorWallet);
    const researcher = await onboard(researcherWallet);

    // The patient's client encrypts before upload; IPFS gets only `ciphertext`.
    const context: RecordContext = {
      patient: patientWallet.address,
      recordId: 'b2c8f0de-3f0e-4a43-9b1e-8f3c2d1a0e9f',
      version: 1,
      contentType: 'application/fhir+json',
    };
    const plaintext = new TextEncoder().encode(
      JSON.stringify({ resourceType: 'Observation', code: 'BP', value: '120/80' }),
    );
    const recordKey = generateRecordKey();
    const ciphertext = await encryptRecord({ key: recordKey, plaintext, context });

    // On approval: the patient's client checks the doctor's published key, then wraps the record key for it.
    const verified = await verifyKeyBinding({
      binding: JSON.parse(doctor.published),
      chainId,
      account: doctorWallet.address,
    });
    const envelopeContext = { ...context, grantee: doctorWallet.address };
    const envelope = JSON.stringify(
      wrapRecordKey({ recordKey, recipientPublicKey: verified.publicKey, context: envelopeContext }),
    );

    // The doctor, on another device, derives its key again from a fresh signature and reads the record.
    const doctorAgain = await deriveAccountKeyPair({
      address: doctorWallet.address,
      signature: await doctorWallet.signMessage({ message: accountKeyMessage(doctorWallet.address) }),
    });
    expect(doctorAgain).toEqual(doctor.keys);
    // The doctor knows the patient and the record version from the chain and its own address; the record id
    // and content type come with the envelope, which authenticates them.
    const received = parseKeyEnvelope(envelope);
    expect(received.context.patient).toBe(patientWallet.address);
    expect(received.context.version).toBe(1);
    const readerContext = { ...received.context, grantee: doctorWallet.address };
    const key = unwrapRecordKey({
      envelope,
      recipientSecretKey: doctorAgain.secretKey,
      context: readerContext,
    });
    const streamed = new Response(
      new Blob([ciphertext]).stream().pipeThrough(createDecryptStream({ key, context: readerContext })),
    );
    expect(new Uint8Array(await streamed.arrayBuffer())).toEqual(plaintext);

    // The researcher was not approved: its key does not open the doctor's envelope.
    expect(() =>
      unwrapRecordKey({
        envelope,
        recipientSecretKey: researcher.keys.secretKey,
        context: { ...context, grantee: researcherWallet.address },
      }),
    ).toThrow(expect.objectContaining({ code: 'WRONG_RECIPIENT' }));

    // A relayer that serves its own key as the doctor's is caught by the binding check.
    const forged = { ...JSON.parse(doctor.published), publicKey: JSON.parse(researcher.published).publicKey };
    await expect(
      verifyKeyBinding({ binding: forged, chainId, account: doctorWallet.address }),
    ).rejects.toMatchObject({
      code: 'INVALID_BINDING',
    });

    // The patient keeps a copy for itself the same way (grantee = patient) and can read it on any device.
    const own = wrapRecordKey({
      recordKey,
      recipientPublicKey: patient.keys.publicKey,
      context: { ...context, grantee: patientWallet.address },
    });
    const ownKey = unwrapRecordKey({
      envelope: own,
      recipientSecretKey: patient.keys.secretKey,
      context: { ...context, grantee: patientWallet.address },
    });
    expect(await decryptRecord({ key: ownKey, ciphertext, context })).toEqual(plaintext);
  });
});
