// Just enough of a component-testing kit: render into happy-dom, flush React, query by role-ish text.
import { act, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

export interface Rendered {
  container: HTMLElement;
  unmount(): Promise<void>;
}

export async function render(ui: ReactNode): Promise<Rendered> {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  await act(async () => root.render(ui));
  return {
    container,
    unmount: () => act(async () => root.unmount()),
  };
}

/** Re-checks `assertion` after letting React and pending promises settle, until it passes or times out. */
export async function waitFor<T>(assertion: () => T, timeoutMs = 2_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
    }
  }
}

export function text(element: Element): string {
  return (element.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The button whose visible text or aria-label contains `name`; throws if there is none. */
export function getButton(container: Element, name: string): HTMLButtonElement {
  const button = [...container.querySelectorAll('button')].find(
    (candidate) => text(candidate).includes(name) || candidate.getAttribute('aria-label')?.includes(name),
  );
  if (!button) throw new Error(`no button named "${name}" in: ${text(container)}`);
  return button;
}

export function getByRole(container: Element, role: string): HTMLElement {
  const element = container.querySelector<HTMLElement>(`[role="${role}"]`);
  if (!element) throw new Error(`no element with role ${role} in: ${text(container)}`);
  return element;
}

export async function click(element: HTMLElement): Promise<void> {
  await act(async () => element.click());
}

/** Runs something that updates React state from outside React (a wallet event, a timer) and flushes it. */
export async function update(change: () => void): Promise<void> {
  await act(async () => change());
}
