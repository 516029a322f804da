// The doctor's overlay runs only on the EMR sites the doctor enabled: its two content scripts are registered at
// runtime for exactly those origins (nothing in the manifest matches a web page), and re-registered whenever
// the list changes. Chrome keeps registrations across restarts; the list in settings stays the truth.
import { browser } from 'wxt/browser';
import { sitePermissionPattern } from '../settings/emr-sites.ts';

export const OVERLAY_SCRIPT_ID = 'medicrypt-emr-overlay';
export const PAGE_WALLET_SCRIPT_ID = 'medicrypt-emr-wallet';

/** The scripts' build outputs (WXT: entrypoints/<name>.content → content-scripts/<name>.js). */
const OVERLAY_JS = 'content-scripts/emr-overlay.js';
const PAGE_WALLET_JS = 'content-scripts/emr-wallet.js';

/** Registers the overlay for `sites` (origins), replacing any earlier registration; none for an empty list. */
export async function registerOverlay(sites: readonly string[]): Promise<void> {
  const ids = [OVERLAY_SCRIPT_ID, PAGE_WALLET_SCRIPT_ID];
  const registered = await browser.scripting.getRegisteredContentScripts({ ids });
  if (registered.length > 0)
    await browser.scripting.unregisterContentScripts({ ids: registered.map((script) => script.id) });
  if (sites.length === 0) return;
  const matches = sites.map(sitePermissionPattern);
  await browser.scripting.registerContentScripts([
    { id: PAGE_WALLET_SCRIPT_ID, matches, js: [PAGE_WALLET_JS], world: 'MAIN', runAt: 'document_start' },
    { id: OVERLAY_SCRIPT_ID, matches, js: [OVERLAY_JS], runAt: 'document_idle' },
  ]);
}
