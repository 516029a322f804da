import { categoryMask, purposes } from '@medicrypt/contracts';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../settings/settings.ts';
import { notificationContent } from './notification-content.ts';

const patient = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const doctor = '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc';
const all = defaultSettings.notifications;
const none = { accessRequests: false, intentStatus: false, newRecords: false };
const requested = {
  type: 'access.requested',
  data: {
    patient,
    doctor,
    categories: categoryMask(['lab', 'imaging']).toString(),
    purpose: purposes.treatment,
    duration: 30 * 86_400,
    nonce: 1,
  },
};

describe('notification content', () => {
  it('tells the patient who asks for what, why and for how long, and keeps it until dismissed', () => {
    expect(notificationContent(requested, patient, all)).toEqual({
      title: 'New access request',
      message: '0x3C44…93BC asks to see Lab results, Imaging for treatment, for 30 days.',
      priority: 1,
      requireInteraction: true,
    });
  });

  it('follows the preferences', () => {
    expect(notificationContent(requested, patient, none)).toBeUndefined();
    expect(
      notificationContent({ type: 'record.added', data: { patient } }, patient, {
        ...all,
        newRecords: false,
      }),
    ).toBeUndefined();
    expect(
      notificationContent({ type: 'access.revoked', data: { patient, grantee: doctor } }, patient, all),
    ).toMatchObject({
      title: 'Access revoked',
    });
  });

  it('always tells the patient about emergency access, and keeps it on screen', () => {
    const opened = {
      type: 'breakglass.opened',
      data: {
        patient,
        doctor,
        categories: categoryMask(['allergy']).toString(),
        reason: 'Unconscious in A&E',
      },
    };
    expect(notificationContent(opened, patient, none)).toMatchObject({
      title: 'Emergency access opened',
      message: expect.stringContaining('“Unconscious in A&E”'),
      priority: 2,
      requireInteraction: true,
    });
  });

  it('speaks to the doctor about their own requests', () => {
    expect(
      notificationContent({ type: 'access.approved', data: { patient, grantee: doctor } }, doctor, all),
    ).toMatchObject({
      title: 'Access granted',
      message: '0x7099…79C8 approved your request.',
    });
  });

  it('ignores events it has no words for', () => {
    expect(notificationContent({ type: 'roles.changed', data: {} }, patient, all)).toBeUndefined();
  });
});
