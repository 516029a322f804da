// The consent load the relayer benchmark sends: requestAccess intents from the fixture's credentialed doctor, each
// to a new patient, so each names its own consent object and its intake reads the doctor's credential and the
// object's nonce from the chain.
import { categoryMask, purposes } from '@medicrypt/contracts';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { ChainFixture } from '../relayer/src/testing/chain-fixture.ts';
import type { RecordIntent } from './record-intents.ts';

const ACCESS_DAYS = 30;
const DAY_S = 86_400;

/** `count` signed requestAccess intents from the doctor, each to a new patient (nonce 0). */
export async function signAccessRequests(
  fixture: ChainFixture,
  count: number,
  deadline: number,
): Promise<Pick<RecordIntent, 'intent'>[]> {
  const prepared: Pick<RecordIntent, 'intent'>[] = [];
  for (let i = 0; i < count; i++) {
    const intent = await fixture.sign(fixture.doctor, 'requestAccess', {
      actor: fixture.doctor.address,
      patient: privateKeyToAccount(generatePrivateKey()).address,
      categories: categoryMask(['lab']),
      purpose: purposes.treatment,
      duration: ACCESS_DAYS * DAY_S,
      nonce: 0,
      deadline,
    });
    prepared.push({ intent });
  }
  return prepared;
}
