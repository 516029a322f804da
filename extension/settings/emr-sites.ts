// EMR sites where the doctor enabled MediCrypt. The list in settings mirrors the optional host permissions
// the browser holds; removing a site gives its permission back.
import { browser } from 'wxt/browser';
import { getSettings, type Settings, siteOrigin, updateSettings } from './settings.ts';

/** The host permission pattern that covers one site: `https://emr.example.org/*`. */
export function sitePermissionPattern(origin: string): string {
  return `${origin}/*`;
}

/**
 * Revokes MediCrypt's access to `origin` and drops it from the list. The permission goes first: a site
 * still listed but no longer permitted is harmless, the reverse would leave access the user cannot see.
 */
export async function removeEmrSite(origin: string): Promise<Settings> {
  const normalised = siteOrigin(origin);
  if (!normalised) throw new RangeError(`not an http(s) site: ${origin}`);
  await browser.permissions.remove({ origins: [sitePermissionPattern(normalised)] });
  const { emrSites } = await getSettings();
  return updateSettings({ emrSites: emrSites.filter((site) => site !== normalised) });
}

/** Drops sites whose host permission the user revoked elsewhere (e.g. on chrome://extensions). */
export async function forgetRevokedSites(revokedPatterns: readonly string[]): Promise<void> {
  const revoked = new Set(revokedPatterns);
  const { emrSites } = await getSettings();
  const kept = emrSites.filter((site) => !revoked.has(sitePermissionPattern(site)));
  if (kept.length !== emrSites.length) await updateSettings({ emrSites: kept });
}
