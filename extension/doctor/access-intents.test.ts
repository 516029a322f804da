import { categoryMask, purposes } from '@medicrypt/contracts';
import { describe, expect, it } from 'vitest';
import { InvalidRequestChoiceError, openBreakGlassMessage, requestAccessMessage } from './access-intents.ts';

const doctor = { account: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', deadline: 1_900_000_000 } as const;
const patient = '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc';
const standing = { patient, nonce: 4, breakGlassNonce: 2, breakGlassAllowed: true };

describe('the doctor’s intents', () => {
  it('asks with the pair’s consent nonce, the categories as a mask and the purpose’s code', () => {
    expect(
      requestAccessMessage(doctor, standing, {
        categories: ['lab', 'imaging'],
        purpose: 'treatment',
        durationSeconds: 86_400,
      }),
    ).toEqual({
      actor: doctor.account,
      patient: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
      categories: categoryMask(['lab', 'imaging']),
      purpose: purposes.treatment,
      duration: 86_400,
      nonce: 4,
      deadline: doctor.deadline,
    });
  });

  it('refuses before the wallet opens what the registry would refuse', () => {
    const choice = { categories: ['lab'] as const, purpose: 'treatment' as const, durationSeconds: 60 };
    expect(() => requestAccessMessage(doctor, standing, { ...choice, categories: [] })).toThrow(
      InvalidRequestChoiceError,
    );
    expect(() => requestAccessMessage(doctor, standing, { ...choice, purpose: 'research' })).toThrow(
      'care purpose',
    );
    expect(() => requestAccessMessage(doctor, standing, { ...choice, durationSeconds: 0 })).toThrow(
      'how long',
    );
  });

  it('opens emergency access with the break-glass nonce and the stated reason', () => {
    const message = openBreakGlassMessage(doctor, standing, {
      categories: ['lab'],
      durationSeconds: 3_600,
      reason: '  Unconscious on arrival  ',
    });
    expect(message).toMatchObject({ nonce: 2, reason: 'Unconscious on arrival', duration: 3_600 });
  });

  it('refuses emergency access the patient switched off, or without a reason', () => {
    const choice = { categories: ['lab'] as const, durationSeconds: 3_600, reason: 'Unconscious on arrival' };
    expect(() => openBreakGlassMessage(doctor, { ...standing, breakGlassAllowed: false }, choice)).toThrow(
      'switched emergency access off',
    );
    expect(() => openBreakGlassMessage(doctor, standing, { ...choice, reason: 'x' })).toThrow(
      'State the emergency',
    );
  });
});
