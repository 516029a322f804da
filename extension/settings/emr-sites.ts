// EMR sites where the doctor enabled MediCrypt. The list in settings mirrors the optional host permissions
// the browser holds; removing a site gives its permission back.
import { browser } from 'wxt/browser';
import { getSettings, type Settings, siteOrigin, updateSettings } from './settings.ts';

/** The host permission pattern that covers one site: `https://emr.example.org/*`. */
export function sitePermissionPattern(origin: string): string {
  return `${origin}/*`;
}

export class SitePermissionRefusedError extends Error {
  override name = 'SitePermissionRefusedError';
  readonly shortMessage: string;
  constructor(origin: string) {
    super(`Chrome did not grant MediCrypt access to ${origin}, so the overlay stays off there.`);
    this.shortMessage = this.message;
  }
}

/**
 * Enables the doctor's overlay on the site of `url`: asks the browser for a host permission for that origin
 * only (call this straight from a click: the browser asks the user), then lists the site, with the CSS
 * selector of the patient's identifier when one is given. Adding a listed site again updates its selector.
 */
export async function addEmrSite(url: string, patientSelector = ''): Promise<Settings> {
  const origin = siteOrigin(url);
  if (!origin) throw new RangeError(`not an http(s) site: ${url}`);
  const granted = await browser.permissions.request({ origins: [sitePermissionPattern(origin)] });
  if (!granted) throw new SitePermissionRefusedError(origin);
  const { emrSites, patientSelectors } = await getSettings();
  const selectors = { ...patientSelectors };
  if (patientSelector.trim()) selectors[origin] = patientSelector.trim();
  else delete selectors[origin];
  return updateSettings({
    emrSites: [...emrSites.filter((site) => site !== origin), origin],
    patientSelectors: selectors,
  });
}

/**
 * Whether the manifest's own host permissions cover `origin` (this machine's loopback, for a local relayer).
 * Chrome refuses to remove a permission granted at install, so such a site only leaves the list.
 */
export function grantedAtInstall(origin: string): boolean {
  const site = new URL(origin);
  return (browser.runtime.getManifest().host_permissions ?? []).some((pattern: string) => {
    const match = /^(\*|https?):\/\/([^/]+)\/\*$/.exec(pattern);
    if (!match) return false;
    const [, scheme, host] = match;
    // A match pattern's host without a port matches every port.
    return (scheme === '*' || `${scheme}:` === site.protocol) && host === site.hostname;
  });
}

/**
 * Revokes MediCrypt's access to `origin` and drops it from the list. The permission goes first: a site
 * still listed but no longer permitted is harmless, the reverse would leave access the user cannot see.
 */
export async function removeEmrSite(origin: string): Promise<Settings> {
  const normalised = siteOrigin(origin);
  if (!normalised) throw new RangeError(`not an http(s) site: ${origin}`);
  if (!grantedAtInstall(normalised))
    await browser.permissions.remove({ origins: [sitePermissionPattern(normalised)] });
  const { emrSites, patientSelectors } = await getSettings();
  const { [normalised]: _, ...selectors } = patientSelectors;
  return updateSettings({
    emrSites: emrSites.filter((site) => site !== normalised),
    patientSelectors: selectors,
  });
}

/** Drops sites whose host permission the user revoked elsewhere (e.g. on chrome://extensions). */
export async function forgetRevokedSites(revokedPatterns: readonly string[]): Promise<void> {
  const revoked = new Set(revokedPatterns);
  const { emrSites } = await getSettings();
  const kept = emrSites.filter((site) => !revoked.has(sitePermissionPattern(site)));
  if (kept.length !== emrSites.length) await updateSettings({ emrSites: kept });
}
