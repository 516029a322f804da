import { describe, expect, it } from 'vitest';
import { roles } from './codes.ts';
import { intentObject, objectKeys } from './intent-objects.ts';
import { type AnyIntentMessage, intentNames } from './intents.ts';
import { studyIdOf } from './studies.ts';

const patient = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' as const;
const doctor = '0x90F79bf6EB2c4f870365E785982E1f101E93b906' as const;
const delegate = '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65' as const;

describe('intentObject', () => {
  it('puts a request and its decision on the same consent object', () => {
    const request = intentObject({
      name: 'requestAccess',
      message: { actor: doctor, patient, categories: 1n, purpose: 0, duration: 60, nonce: 4, deadline: 1 },
    });
    const approve = intentObject({
      name: 'approveAccess',
      message: {
        actor: patient,
        patient,
        grantee: doctor,
        categories: 1n,
        expiresAt: 2,
        nonce: 5,
        deadline: 1,
      },
    });
    expect(request.key).toBe(approve.key);
    expect(request.key).toBe(`consent:${patient.toLowerCase()}:${doctor.toLowerCase()}`);
    expect([request.nonce, approve.nonce]).toEqual([4, 5]);
    expect(request.dependsOn).toEqual([objectKeys.credential(doctor, roles.doctor)]);
    expect(approve.dependsOn).toEqual([]);
  });

  it('makes a delegate-signed decision depend on the delegation', () => {
    const deny = intentObject({
      name: 'denyAccess',
      message: { actor: delegate, patient, grantee: doctor, nonce: 0, deadline: 1 },
    });
    expect(deny.dependsOn).toEqual([objectKeys.delegation(patient, delegate)]);
  });

  it('serialises a patient record intents without a nonce', () => {
    const register = intentObject({
      name: 'registerRecord',
      message: {
        actor: patient,
        patient,
        digest: `0x${'11'.repeat(32)}`,
        codec: 0x55,
        category: 0,
        encrypted: true,
        deadline: 1,
      },
    });
    expect(register).toEqual({ key: objectKeys.records(patient), nonce: null, dependsOn: [] });
  });

  it('orders a study consent after its study, and derives the study id as the registry does', () => {
    const protocolHash = `0x${'cd'.repeat(32)}` as const;
    const study = intentObject({
      name: 'registerStudy',
      message: {
        actor: doctor,
        purpose: 4,
        categories: 1n,
        endsAt: 2_000_000_000,
        protocolHash,
        deadline: 1,
      },
    });
    const studyId = studyIdOf(doctor, protocolHash);
    expect(study).toEqual({
      key: objectKeys.study(studyId),
      nonce: null,
      dependsOn: [objectKeys.credential(doctor, roles.researcher)],
    });
    const consent = intentObject({
      name: 'setStudyConsent',
      message: { actor: delegate, patient, studyId, granted: true, nonce: 3, deadline: 1 },
    });
    expect(consent).toEqual({
      key: objectKeys.studyConsent(patient, studyId),
      nonce: 3,
      dependsOn: [objectKeys.delegation(patient, delegate), study.key],
    });
  });

  it('knows every intent', () => {
    for (const name of intentNames) {
      const message = {
        actor: patient,
        patient,
        grantee: doctor,
        account: doctor,
        delegate,
        role: 1,
        purpose: 4,
        nonce: 0,
        studyId: `0x${'ab'.repeat(32)}`,
        protocolHash: `0x${'cd'.repeat(32)}`,
      };
      expect(() => intentObject({ name, message } as unknown as AnyIntentMessage)).not.toThrow();
      expect(intentObject({ name, message } as unknown as AnyIntentMessage).key).toMatch(/^\w+:/);
    }
  });
});
