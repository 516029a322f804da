// MediCrypt's pages reach the relayer cross-origin, which the browser allows an extension only for hosts it
// holds a permission for. Local relayers (127.0.0.1, localhost) are granted at install (wxt.config.ts); any
// other relayer is an optional host permission the user grants once, from a click.
import { browser } from 'wxt/browser';

/** The host permission pattern covering a relayer URL: `https://relayer.example/*`. */
export function relayerPermissionPattern(relayerUrl: string): string {
  return `${new URL(relayerUrl).origin}/*`;
}

export async function hasRelayerAccess(relayerUrl: string): Promise<boolean> {
  try {
    return await browser.permissions.contains({ origins: [relayerPermissionPattern(relayerUrl)] });
  } catch {
    // A browser without the permissions API (or a test's fake) lets the request itself decide.
    return true;
  }
}

/** Asks the user to let MediCrypt reach the relayer; call it from a click. */
export function requestRelayerAccess(relayerUrl: string): Promise<boolean> {
  return browser.permissions.request({ origins: [relayerPermissionPattern(relayerUrl)] });
}
