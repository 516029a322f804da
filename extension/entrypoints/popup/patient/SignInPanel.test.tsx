import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { getRelayerSession } from '../../../relayer/relayer-session.ts';
import { errorResponse } from '../../../testing/fake-relayer.ts';
import { publishKey } from '../../../testing/patient-fixture.ts';
import { click, getButton, getByRole, text, waitFor } from '../../../testing/render.tsx';
import { renderPatient, signInAs } from '../../../testing/render-patient.tsx';

const patient = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const tabs = (container: Element) => [...container.querySelectorAll('[role="tab"]')].map(text);

describe('signing in from the popup', () => {
  it('signs in, derives the encryption key and publishes it: three signatures, no transaction', async () => {
    const { container, provider, relayer } = await renderPatient(patient);
    await waitFor(() => getButton(container, 'Sign in with MetaMask'));
    expect(text(container)).toContain('Sign in to 127.0.0.1:8787');
    await click(getButton(container, 'Sign in with MetaMask'));

    await waitFor(() => expect(tabs(container)).toEqual(['Requests', 'Access', 'Records', 'Log', 'More']));
    expect(provider.prompts()).toEqual(['personal_sign', 'personal_sign', 'eth_signTypedData_v4']);
    expect(relayer.callsTo('PUT', '/v1/keys')).toHaveLength(1);
    expect(text(container)).toContain('Signed in to 127.0.0.1:8787');
  });

  it('after the browser restarted, only unlocks the key (the binding is already published)', async () => {
    const { container, provider, relayer } = await renderPatient(patient);
    await publishKey(relayer, patient);
    await signInAs(relayer, patient, { unlocked: false });
    await waitFor(() => getButton(container, 'Unlock with MetaMask'));
    await click(getButton(container, 'Unlock with MetaMask'));
    await waitFor(() => expect(tabs(container)).toContain('Records'));
    expect(provider.prompts()).toEqual(['personal_sign']);
  });

  it('explains a rejected signature and stays signed out', async () => {
    const { container, provider, relayer } = await renderPatient(patient);
    await waitFor(() => getButton(container, 'Sign in with MetaMask'));
    provider.rejectNext();
    await click(getButton(container, 'Sign in with MetaMask'));
    await waitFor(() =>
      expect(text(getByRole(container, 'alert'))).toBe(
        'You rejected the signature request in MetaMask, so nothing was signed or sent.',
      ),
    );
    expect(getButton(container, 'Sign in with MetaMask').disabled).toBe(false);
    expect(relayer.callsTo('POST', '/v1/auth/login')).toEqual([]);
    expect(await getRelayerSession()).toBeNull();
  });

  it('shows the relayer’s refusal', async () => {
    const { container, relayer } = await renderPatient(patient);
    relayer.overrides.set('POST /v1/auth/login', () =>
      errorResponse(
        401,
        'SIWE_DOMAIN_MISMATCH',
        'the message is for 127.0.0.1:8787, this server is relayer.example',
      ),
    );
    await waitFor(() => getButton(container, 'Sign in with MetaMask'));
    await click(getButton(container, 'Sign in with MetaMask'));
    await waitFor(() =>
      expect(text(getByRole(container, 'alert'))).toContain('this server is relayer.example'),
    );
  });

  it('goes back to sign-in when the session ends', async () => {
    const { container, relayer } = await renderPatient(patient);
    await signInAs(relayer, patient);
    await waitFor(() => expect(tabs(container)).toContain('Records'));
    relayer.overrides.set('GET /v1/records', () => errorResponse(401, 'SESSION_ENDED'));
    await click(getButton(container, 'Reload'));
    await waitFor(() => getButton(container, 'Sign in with MetaMask'));
  });

  it('signs out', async () => {
    const { container, relayer } = await renderPatient(patient);
    await signInAs(relayer, patient);
    await waitFor(() => getButton(container, 'Sign out'));
    await click(getButton(container, 'Sign out'));
    await waitFor(() => getButton(container, 'Sign in with MetaMask'));
    expect(relayer.callsTo('POST', '/v1/auth/logout')).toHaveLength(1);
  });
});
