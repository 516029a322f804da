// The consent load the relayer benchmark sends: requestAccess intents from the fixture's credentialed doctor, each
// to a new patient, so each names its own consent object and its intake reads the doctor's credential and the
// object's nonce from the chain.
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { ChainFixture } from '../relayer/src/testing/chain-fixture.ts';
import type { RecordIntent } from './record-intents.ts';

/** `count` signed requestAccess intents from the doctor, each to a new patient (nonce 0), due by `deadline`. */
export async function signAccessRequests(
  fixture: ChainFixture,
  count: number,
  deadline: number,
): Promise<Pick<RecordIntent, 'intent'>[]> {
  const prepared: Pick<RecordIntent, 'intent'>[] = [];
  for (let i = 0; i < count; i++) {
    const request = await fixture.accessRequest(
      privateKeyToAccount(generatePrivateKey()).address,
      0,
      deadline,
    );
    prepared.push({ intent: await fixture.sign(fixture.doctor, 'requestAccess', request) });
  }
  return prepared;
}
