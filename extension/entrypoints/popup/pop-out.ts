// The toolbar popup closes as soon as it loses focus, and MetaMask asks for signatures in a window of its own.
// The same page opened in a small window of its own stays open while MetaMask asks, so a signature always
// comes back to the page that asked for it.
import { browser } from 'wxt/browser';

const WINDOW_VIEW = 'window';

/** Whether this page is the popped-out window (not the toolbar popup). */
export function isPoppedOut(search = globalThis.location?.search ?? ''): boolean {
  return new URLSearchParams(search).get('view') === WINDOW_VIEW;
}

/** Opens MediCrypt in its own window, 360 px wide like the popup, and closes the popup. */
export async function popOut(): Promise<void> {
  await browser.windows.create({
    url: browser.runtime.getURL(`/popup.html?view=${WINDOW_VIEW}`),
    type: 'popup',
    width: 380,
    height: 680,
  });
  globalThis.close?.();
}
