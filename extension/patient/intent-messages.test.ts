import { categoryMask, purposes, recordKeyOf } from '@medicrypt/contracts';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { activeGrant, pendingRequest } from '../testing/fake-relayer.ts';
import {
  appointDelegateMessage,
  approveMessage,
  breakGlassMessage,
  denyMessage,
  expiryMargin,
  registerMessage,
  researchConsentMessage,
  revokeDelegateMessage,
  revokeMessage,
  updateMessage,
} from './intent-messages.ts';

const patient = privateKeyToAccount(
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
).address;
const doctor = privateKeyToAccount(
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
).address;
const signer = { account: patient, deadline: 1_900_003_600 };
const now = 1_900_000_000;
const DAY = 86_400;
const settings = {
  breakGlassAllowed: true,
  settingsNonce: 3,
  delegates: [{ delegate: doctor.toLowerCase(), since: null, nonce: 5 }],
  delegationNonces: { [doctor.toLowerCase()]: 5, '0x00000000000000000000000000000000000000aa': 2 },
  research: [{ purpose: 'clinicalTrial', categories: ['lab' as const], nonce: 4 }],
};

describe('intent messages', () => {
  const request = pendingRequest(doctor, { nonce: 7, durationSeconds: 30 * DAY });

  it('approves what was asked, with the request’s nonce and an expiry within the asked duration', () => {
    const message = approveMessage(
      signer,
      request,
      { categories: ['lab', 'imaging'], durationSeconds: 30 * DAY },
      now,
    );
    expect(message).toEqual({
      actor: patient,
      patient,
      grantee: doctor,
      categories: categoryMask(['lab', 'imaging']),
      expiresAt: now + 30 * DAY - expiryMargin(30 * DAY),
      nonce: 7,
      deadline: signer.deadline,
    });
    expect(message.expiresAt).toBeLessThanOrEqual(now + request.durationSeconds);
  });

  it('narrows categories and duration as the patient chooses', () => {
    const message = approveMessage(signer, request, { categories: ['lab'], durationSeconds: 7 * DAY }, now);
    expect(message.categories).toBe(categoryMask(['lab']));
    expect(message.expiresAt).toBe(now + 7 * DAY);
  });

  it.each([
    ['no category', { categories: [], durationSeconds: DAY }, 'Choose at least one'],
    [
      'a category not asked for',
      { categories: ['genomics' as const], durationSeconds: DAY },
      'did not ask for genomics',
    ],
    ['longer than asked', { categories: ['lab' as const], durationSeconds: 31 * DAY }, 'at most as long'],
  ])('refuses to approve %s before the wallet is asked', (_, choice, message) => {
    expect(() => approveMessage(signer, request, choice, now)).toThrow(message);
  });

  it('denies and revokes with the pair’s current nonce', () => {
    expect(denyMessage(signer, request)).toEqual({
      actor: patient,
      patient,
      grantee: doctor,
      nonce: 7,
      deadline: signer.deadline,
    });
    expect(revokeMessage(signer, activeGrant(doctor, ['lab'], { nonce: 8 }))).toMatchObject({
      grantee: doctor,
      nonce: 8,
    });
  });

  it('registers a record by its CID’s digest and codec, and a new version naming the one it replaces', () => {
    const cid = 'bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e';
    const next = 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku';
    expect(registerMessage(signer, { cid, category: 0 })).toEqual({
      actor: patient,
      patient,
      ...recordKeyOf(cid),
      category: 0,
      encrypted: true,
      deadline: signer.deadline,
    });
    expect(updateMessage(signer, { cid }, { cid: next, category: 0 })).toMatchObject({
      previousDigest: recordKeyOf(cid).digest,
      digest: recordKeyOf(next).digest,
    });
  });

  it('carries the settings nonce for break-glass and each delegation’s and purpose’s nonce', () => {
    expect(breakGlassMessage(signer, settings, false)).toMatchObject({ allowed: false, nonce: 3 });
    expect(revokeDelegateMessage(signer, settings, doctor)).toMatchObject({ delegate: doctor, nonce: 5 });
    expect(
      appointDelegateMessage(signer, settings, '0x00000000000000000000000000000000000000aA'),
    ).toMatchObject({
      nonce: 2,
    });
    expect(appointDelegateMessage(signer, settings, '0x00000000000000000000000000000000000000bb').nonce).toBe(
      0,
    );
    expect(researchConsentMessage(signer, settings, 'clinicalTrial', ['lab', 'vitals'])).toMatchObject({
      purpose: purposes.clinicalTrial,
      categories: categoryMask(['lab', 'vitals']),
      nonce: 4,
    });
    expect(researchConsentMessage(signer, settings, 'research', []).nonce).toBe(0);
  });

  it('refuses a delegate that is not an address, the patient, or already appointed', () => {
    expect(() => appointDelegateMessage(signer, settings, 'dr. smith')).toThrow('wallet address');
    expect(() => appointDelegateMessage(signer, settings, patient)).toThrow('yourself');
    expect(() => appointDelegateMessage(signer, settings, doctor)).toThrow('already your delegate');
  });
});
