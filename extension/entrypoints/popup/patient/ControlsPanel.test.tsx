import { categoryMask, purposes } from '@medicrypt/contracts';
import { getAddress } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { click, getButton, getByRole, text, waitFor } from '../../../testing/render.tsx';
import {
  choose,
  getByLabel,
  openTab,
  renderPatient,
  signInAs,
  typeInto,
} from '../../../testing/render-patient.tsx';

const patient = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const delegate = privateKeyToAccount(
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
).address;

async function openControls(settings: Partial<import('../../../relayer/api-types.ts').PatientSettings> = {}) {
  const rendered = await renderPatient(patient);
  rendered.relayer.settings = { ...rendered.relayer.settings, ...settings };
  await signInAs(rendered.relayer, patient);
  await openTab(rendered.container, 'More', 'Controls');
  await waitFor(() => getByRole(rendered.container, 'switch'));
  return rendered;
}

describe('controls', () => {
  it('switches break-glass access off with the settings nonce', async () => {
    const { container, relayer } = await openControls({ settingsNonce: 2 });
    const toggle = getByRole(container, 'switch');
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    expect(toggle.getAttribute('aria-labelledby')).toBe('break-glass-label');
    await click(toggle);
    await waitFor(() => expect(relayer.intents).toHaveLength(1));
    expect(relayer.intents[0]).toMatchObject({
      name: 'setBreakGlassAllowed',
      message: { allowed: false, nonce: 2 },
    });
  });

  it('appoints and removes delegates', async () => {
    const { container, relayer } = await openControls({
      delegates: [{ delegate: delegate.toLowerCase(), since: null, nonce: 1 }],
      delegationNonces: { [delegate.toLowerCase()]: 1 },
    });
    expect(container.querySelector(`[title="${delegate}"]`)).not.toBeNull();
    await click(getButton(container, `Remove delegate ${delegate.toLowerCase()}`));
    await waitFor(() => expect(text(container)).toContain('Removal sent.'));
    expect(relayer.intents[0]).toMatchObject({ name: 'revokeDelegate', message: { delegate, nonce: 1 } });

    await typeInto(getByLabel(container, 'Appoint a delegate (wallet address)'), 'not an address');
    await click(getButton(container, 'Appoint'));
    await waitFor(() => expect(text(getByRole(container, 'alert'))).toContain('wallet address'));
    expect(relayer.intents).toHaveLength(1);

    const other = '0x00000000000000000000000000000000000000aA';
    await typeInto(getByLabel(container, 'Appoint a delegate (wallet address)'), other);
    await click(getButton(container, 'Appoint'));
    await waitFor(() => expect(relayer.intents).toHaveLength(2));
    expect(relayer.intents[1]).toMatchObject({
      name: 'appointDelegate',
      message: { delegate: getAddress(other), nonce: 0 },
    });
  });

  it('sets research consent per purpose, starting from what is consented now', async () => {
    const { container, relayer } = await openControls({
      research: [{ purpose: 'clinicalTrial', categories: ['lab'], nonce: 3 }],
    });
    expect(text(container)).toContain('Clinical trial: Lab results');
    await choose(getByLabel<HTMLSelectElement>(container, 'Purpose'), 'clinicalTrial');
    expect(getByLabel(container, 'Lab results').checked).toBe(true);
    await click(getByLabel(container, 'Vital signs'));
    await click(getButton(container, 'Save research consent'));
    await waitFor(() => expect(relayer.intents).toHaveLength(1));
    expect(relayer.intents[0]).toMatchObject({
      name: 'setResearchConsent',
      message: { purpose: purposes.clinicalTrial, categories: categoryMask(['lab', 'vitals']), nonce: 3 },
    });
  });
});
