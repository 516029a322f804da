import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { activeGrant } from '../../../testing/fake-relayer.ts';
import { publishKey } from '../../../testing/patient-fixture.ts';
import { click, getButton, text, waitFor } from '../../../testing/render.tsx';
import { openTab, renderPatient, signInAs } from '../../../testing/render-patient.tsx';

const patient = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const doctor = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a');

describe('grants', () => {
  it('lists who has access to what until when, and revokes with the pair’s nonce', async () => {
    const { container, relayer } = await renderPatient(patient);
    relayer.grants = [activeGrant(doctor.address, ['lab'], { nonce: 4 })];
    await signInAs(relayer, patient);
    await openTab(container, 'Access', 'Who has access');
    await waitFor(() => getButton(container, 'Revoke'));
    const card = container.querySelector('.card')!;
    expect(card.querySelector(`[title="${doctor.address}"]`)).not.toBeNull();
    expect(text(card)).toContain('Lab results');

    await click(getButton(container, 'Revoke'));
    await waitFor(() => expect(text(container)).toContain('Revocation sent.'));
    expect(relayer.intents[0]).toMatchObject({
      name: 'revokeAccess',
      message: { grantee: doctor.address, nonce: 4 },
    });
  });

  it('marks emergency access and its reason', async () => {
    const { container, relayer } = await renderPatient(patient);
    relayer.grants = [
      activeGrant(doctor.address, ['allergy'], { kind: 'break-glass', reason: 'Anaphylaxis' }),
    ];
    await signInAs(relayer, patient);
    await openTab(container, 'Access', 'Who has access');
    await waitFor(() => expect(text(container)).toContain('Emergency'));
    expect(text(container)).toContain('Anaphylaxis');
    expect(() => getButton(container, 'Share keys again')).toThrow();
  });

  it('shares the keys again on request', async () => {
    const { container, relayer } = await renderPatient(patient);
    await publishKey(relayer, doctor);
    relayer.grants = [activeGrant(doctor.address, ['lab'])];
    await signInAs(relayer, patient);
    await openTab(container, 'Access', 'Who has access');
    await waitFor(() => getButton(container, 'Share keys again'));
    await click(getButton(container, 'Share keys again'));
    await waitFor(() => expect(text(container)).toContain('0 record keys shared.'));
  });

  it('says when nobody has access', async () => {
    const { container, relayer } = await renderPatient(patient);
    await signInAs(relayer, patient);
    await openTab(container, 'Access', 'Who has access');
    await waitFor(() => expect(text(container)).toContain('Nobody has access to your records.'));
  });
});
