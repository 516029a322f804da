// MediCrypt's settings: one typed record in chrome.storage.local, validated on every write and repaired
// field by field on read, so a bad stored value can never break the popup.
import { storage } from 'wxt/utils/storage';
import { defaultMetaMaskId, extensionIdFormat, isExtensionId } from '../wallet/metamask-extension-ids.ts';
import { isNetworkName, type NetworkName } from './networks.ts';

export interface NotificationPreferences {
  /** A doctor or researcher asks for access to the patient's records. */
  accessRequests: boolean;
  /** An intent the user signed is confirmed on chain, or fails. */
  intentStatus: boolean;
  /** An issuer adds a record to the patient's file. */
  newRecords: boolean;
}

export interface Settings {
  /** Base URL of the relayer that submits signed intents, without a trailing slash. */
  relayerUrl: string;
  network: NetworkName;
  /** The wallet extension the popup talks to (by default MetaMask's id in this browser's store). */
  metamaskExtensionId: string;
  notifications: NotificationPreferences;
  /** Origins (`https://emr.example.org`) where the doctor enabled MediCrypt and granted host access. */
  emrSites: string[];
  /**
   * Per EMR site (origin → CSS selector): the element holding the patient's address or ENS name. Sites without
   * one are searched for a `data-medicrypt-patient` element, then for an address in the page's text.
   */
  patientSelectors: Record<string, string>;
}

/** A CSS selector longer than this is a mistake, not a selector. */
const MAX_SELECTOR_LENGTH = 300;

/** Never mutated: readers get copies through repairSettings. */
export const defaultSettings: Readonly<Settings> = {
  relayerUrl: 'http://127.0.0.1:8787',
  network: 'local',
  metamaskExtensionId: defaultMetaMaskId(),
  notifications: { accessRequests: true, intentStatus: true, newRecords: true },
  emrSites: [],
  patientSelectors: {},
};

export interface SettingsIssue {
  field: keyof Settings;
  message: string;
}

export class InvalidSettingsError extends Error {
  override name = 'InvalidSettingsError';
  constructor(readonly issues: SettingsIssue[]) {
    super(issues.map((issue) => `${issue.field}: ${issue.message}`).join('; '));
  }
}

type FieldCheck<K extends keyof Settings> = (value: unknown) => { value: Settings[K] } | { message: string };

function httpUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The origin of an http(s) site, or undefined when `value` is not one. */
export function siteOrigin(value: unknown): string | undefined {
  const url = httpUrl(value);
  return url && url.origin !== 'null' ? url.origin : undefined;
}

const checks: { [K in keyof Settings]: FieldCheck<K> } = {
  relayerUrl: (value) => {
    const url = httpUrl(value);
    if (!url) return { message: 'Enter an http:// or https:// URL, e.g. http://127.0.0.1:8787.' };
    if (url.search || url.hash) return { message: 'The relayer URL cannot have a query or a fragment.' };
    return { value: url.href.replace(/\/+$/, '') };
  },
  network: (value) => (isNetworkName(value) ? { value } : { message: 'Choose one of the listed networks.' }),
  metamaskExtensionId: (value) => {
    const id = typeof value === 'string' ? value.trim() : '';
    return isExtensionId(id) ? { value: id } : { message: extensionIdFormat() };
  },
  notifications: (value) => {
    if (typeof value !== 'object' || value === null) return { message: 'Expected notification choices.' };
    const choices = value as Record<string, unknown>;
    const keys = Object.keys(defaultSettings.notifications) as (keyof NotificationPreferences)[];
    if (keys.some((key) => typeof choices[key] !== 'boolean'))
      return { message: `Expected true or false for each of ${keys.join(', ')}.` };
    const preferences = {} as NotificationPreferences;
    for (const key of keys) preferences[key] = choices[key] as boolean;
    return { value: preferences };
  },
  emrSites: (value) => {
    if (!Array.isArray(value)) return { message: 'Expected a list of sites.' };
    const origins = value.map(siteOrigin);
    const bad = value.find((_, i) => origins[i] === undefined);
    if (bad !== undefined) return { message: `${String(bad)} is not an http(s) site.` };
    return { value: [...new Set(origins as string[])] };
  },
  patientSelectors: (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return { message: 'Expected a selector per site.' };
    const selectors: Record<string, string> = {};
    for (const [site, selector] of Object.entries(value)) {
      if (siteOrigin(site) !== site) return { message: `${site} is not a site's origin.` };
      const trimmed = typeof selector === 'string' ? selector.trim() : '';
      if (trimmed.length === 0 || trimmed.length > MAX_SELECTOR_LENGTH)
        return {
          message: `The patient selector for ${site} must be 1 to ${MAX_SELECTOR_LENGTH} characters.`,
        };
      selectors[site] = trimmed;
    }
    return { value: selectors };
  },
};

const fields = Object.keys(checks) as (keyof Settings)[];

function checkField<K extends keyof Settings>(field: K, value: unknown) {
  return (checks[field] as FieldCheck<K>)(value);
}

/** Validates a whole settings object; every problem is reported, not just the first. */
export function validateSettings(input: unknown): { settings: Settings } | { issues: SettingsIssue[] } {
  const source = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const settings: Partial<Record<keyof Settings, unknown>> = {};
  const issues: SettingsIssue[] = [];
  for (const field of fields) {
    const result = checkField(field, source[field]);
    if ('value' in result) settings[field] = result.value;
    else issues.push({ field, message: result.message });
  }
  return issues.length > 0 ? { issues } : { settings: settings as Settings };
}

/** Stored settings with every missing or invalid field replaced by its default. */
export function repairSettings(stored: unknown): Settings {
  const source = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>;
  const settings: Partial<Record<keyof Settings, unknown>> = {};
  for (const field of fields) {
    const result = checkField(field, source[field]);
    settings[field] = 'value' in result ? result.value : structuredClone(defaultSettings[field]);
  }
  return settings as Settings;
}

const settingsItem = storage.defineItem<Partial<Settings>>('local:settings', {
  fallback: {},
  version: 1,
});

export async function getSettings(): Promise<Settings> {
  return repairSettings(await settingsItem.getValue());
}

/** Applies `changes` to the stored settings; throws InvalidSettingsError and stores nothing if invalid. */
export async function updateSettings(changes: Partial<Settings>): Promise<Settings> {
  const result = validateSettings({ ...(await getSettings()), ...changes });
  if ('issues' in result) throw new InvalidSettingsError(result.issues);
  await settingsItem.setValue(result.settings);
  return result.settings;
}

/** Writes the defaults for any field not stored yet (and repairs invalid ones); keeps the user's choices. */
export async function initialiseSettings(): Promise<Settings> {
  const settings = await getSettings();
  await settingsItem.setValue(settings);
  return settings;
}

/** Calls `listener` with the repaired settings whenever they change; returns the unsubscribe function. */
export function watchSettings(listener: (settings: Settings) => void): () => void {
  return settingsItem.watch((stored) => listener(repairSettings(stored)));
}
