// Renders the patient's popup views against a fake relayer and a wallet that signs, the way the popup mounts
// them once the wallet is connected.
import { act } from 'react';
import type { LocalAccount } from 'viem';
import { afterEach, vi } from 'vitest';
import PatientHome from '../entrypoints/popup/patient/PatientHome.tsx';
import { networks } from '../settings/networks.ts';
import { FakeRelayer } from './fake-relayer.ts';
import { signedIn } from './patient-fixture.ts';
import { getButton, render, text, waitFor } from './render.tsx';
import { type SigningProvider, signingProvider } from './signing-provider.ts';

const mounted: (() => Promise<void>)[] = [];

// Unmount first: a view left mounted would keep calling the relayer through the real fetch.
afterEach(async () => {
  for (const unmount of mounted.splice(0)) await unmount();
  vi.unstubAllGlobals();
});

export interface RenderedPatient {
  container: HTMLElement;
  relayer: FakeRelayer;
  provider: SigningProvider;
  unmount(): Promise<void>;
}

export async function renderPatient(
  account: LocalAccount,
  relayer = new FakeRelayer(),
  provider = signingProvider(account),
): Promise<RenderedPatient> {
  vi.stubGlobal('fetch', relayer.fetch);
  const rendered = await render(
    <PatientHome
      provider={provider}
      account={account.address}
      network={networks.local}
      relayerUrl={relayer.url}
    />,
  );
  mounted.push(rendered.unmount);
  return { ...rendered, relayer, provider };
}

/** Opens a tab by its visible name and waits for its panel's heading. */
export async function openTab(container: HTMLElement, name: string, heading: string): Promise<void> {
  const tab = await waitFor(() => {
    const found = [...container.querySelectorAll<HTMLButtonElement>('[role="tab"]')].find((candidate) =>
      text(candidate).startsWith(name),
    );
    if (!found) throw new Error(`no tab ${name} in: ${text(container)}`);
    return found;
  });
  await act(async () => tab.click());
  await waitFor(() => {
    if (!text(container).includes(heading)) throw new Error(`no ${heading} yet`);
  });
}

/** Sets a React-controlled <select>'s value as a user would. */
export async function choose(select: HTMLSelectElement, value: string): Promise<void> {
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')!.set!.call(select, value);
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

/** Types into an input or a textarea the way React notices (through the element class's own value setter). */
export async function typeInto(input: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  const prototype =
    input instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  await act(async () => {
    Object.getOwnPropertyDescriptor(prototype, 'value')!.set!.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** Picks `file` in a file input. */
export async function chooseFile(input: HTMLInputElement, file: File): Promise<void> {
  await act(async () => {
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

/** The form control whose <label> reads `label`. */
export function getByLabel<E extends HTMLElement = HTMLInputElement>(container: Element, label: string): E {
  const element = [...container.querySelectorAll('label')]
    .filter((candidate) => text(candidate) === label)
    .map((candidate) => {
      const id = candidate.getAttribute('for');
      return id ? container.ownerDocument.getElementById(id) : candidate.querySelector('input, select');
    })
    .find(Boolean);
  if (!element) throw new Error(`no control labelled "${label}" in: ${text(container)}`);
  return element as E;
}

export { getButton };

/** Signs `account` in (see patient-fixture.ts) while the views are mounted, letting them follow inside act(). */
export function signInAs(...args: Parameters<typeof signedIn>): ReturnType<typeof signedIn> {
  return act(() => signedIn(...args));
}
