import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getSettings, updateSettings } from '../../settings/settings.ts';
import { click, getButton, render, text, waitFor } from '../../testing/render.tsx';
import { OptionsApp } from './OptionsApp.tsx';

function input(container: Element, label: string): HTMLInputElement {
  const labelElement = [...container.querySelectorAll('label')].find(
    (candidate) => text(candidate) === label,
  );
  const id = labelElement?.getAttribute('for');
  const element = id ? container.ownerDocument.getElementById(id) : null;
  if (!(element instanceof HTMLInputElement)) throw new Error(`no input labelled "${label}"`);
  return element;
}

/** Types into a React-controlled input: set the value through the prototype so React sees the change. */
async function type(element: HTMLInputElement, value: string) {
  const { act } = await import('react');
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(element, value);
    element.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('options page', () => {
  it('shows the stored settings in labelled fields', async () => {
    const { container } = await render(<OptionsApp />);
    await waitFor(() => input(container, 'Relayer URL'));
    expect(input(container, 'Relayer URL').value).toBe('http://127.0.0.1:8787');
    expect(input(container, 'MetaMask extension id').value).toBe('nkbihfbeogaeaoehlefnkodbefgpgknn');
    expect(container.querySelector<HTMLInputElement>('input[value="local"]')?.checked).toBe(true);
    expect(text(container)).toContain('No EMR sites are enabled.');
  });

  it('saves valid changes', async () => {
    const { container } = await render(<OptionsApp />);
    await waitFor(() => input(container, 'Relayer URL'));
    await type(input(container, 'MetaMask extension id'), 'eadifchkbnlbcnknghnecahphkekplda');
    await click(container.querySelector<HTMLInputElement>('input[value="sepolia"]')!);
    await click(getButton(container, 'Save settings'));

    await waitFor(() => expect(text(container.querySelector('[role="status"]')!)).toBe('Settings saved.'));
    expect(await getSettings()).toMatchObject({
      metamaskExtensionId: 'eadifchkbnlbcnknghnecahphkekplda',
      network: 'sepolia',
    });
  });

  it('marks invalid fields, says why, and saves nothing', async () => {
    const { container } = await render(<OptionsApp />);
    await waitFor(() => input(container, 'Relayer URL'));
    await type(input(container, 'Relayer URL'), 'not a url');
    await click(getButton(container, 'Save settings'));

    const field = input(container, 'Relayer URL');
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    const errorId = field.getAttribute('aria-describedby')!.split(' ')[1]!;
    expect(text(container.ownerDocument.getElementById(errorId)!)).toContain(
      'Enter an http:// or https:// URL',
    );
    expect(container.ownerDocument.activeElement).toBe(field);
    expect((await getSettings()).relayerUrl).toBe('http://127.0.0.1:8787');
  });

  it('removes an EMR site and its permission', async () => {
    await updateSettings({ emrSites: ['https://emr.example.org'] });
    const remove = vi.spyOn(fakeBrowser.permissions, 'remove').mockResolvedValue(undefined);
    const { container } = await render(<OptionsApp />);
    await waitFor(() => getButton(container, 'Remove https://emr.example.org'));

    await click(getButton(container, 'Remove https://emr.example.org'));

    await waitFor(() => expect(text(container)).toContain('No EMR sites are enabled.'));
    expect(remove).toHaveBeenCalledWith({ origins: ['https://emr.example.org/*'] });
  });

  it('enables an EMR site with a patient selector, asking for that origin only', async () => {
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true as never);
    const { container } = await render(<OptionsApp />);
    await waitFor(() => input(container, 'EMR site address'));
    await type(input(container, 'EMR site address'), 'https://emr.example.org/patients/7');
    await type(input(container, 'Patient selector (optional)'), '#patient-wallet');
    await click(getButton(container, 'Enable on this site'));

    await waitFor(() => getButton(container, 'Remove https://emr.example.org'));
    expect(request).toHaveBeenCalledWith({ origins: ['https://emr.example.org/*'] });
    expect(text(container)).toContain('#patient-wallet');
    expect(await getSettings()).toMatchObject({
      emrSites: ['https://emr.example.org'],
      patientSelectors: { 'https://emr.example.org': '#patient-wallet' },
    });
  });

  it('says so when the browser does not grant the site, and lists nothing', async () => {
    vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(false as never);
    const { container } = await render(<OptionsApp />);
    await waitFor(() => input(container, 'EMR site address'));
    await type(input(container, 'EMR site address'), 'https://emr.example.org');
    await click(getButton(container, 'Enable on this site'));

    await waitFor(() => expect(text(container.querySelector('[role="alert"]')!)).toContain('did not grant'));
    expect((await getSettings()).emrSites).toEqual([]);
  });
});
