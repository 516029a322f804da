import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  defaultSettings,
  getSettings,
  InvalidSettingsError,
  initialiseSettings,
  repairSettings,
  updateSettings,
  validateSettings,
  watchSettings,
} from './settings.ts';

describe('settings', () => {
  it('defaults to the local relayer and anvil, MetaMask from the Web Store, all notifications, no sites', async () => {
    expect(await getSettings()).toEqual({
      relayerUrl: 'http://127.0.0.1:8787',
      network: 'local',
      metamaskExtensionId: 'nkbihfbeogaeaoehlefnkodbefgpgknn',
      notifications: { accessRequests: true, intentStatus: true, newRecords: true },
      emrSites: [],
      patientSelectors: {},
    });
  });

  it('hands out copies, so changing what it returned cannot change the defaults', async () => {
    const settings = await getSettings();
    settings.emrSites.push('https://emr.example.org');
    settings.notifications.newRecords = false;
    expect(defaultSettings.emrSites).toEqual([]);
    expect((await getSettings()).notifications.newRecords).toBe(true);
  });

  it('stores valid changes and normalises them', async () => {
    const saved = await updateSettings({
      relayerUrl: ' https://relayer.medicrypt.example/ ',
      network: 'sepolia',
      emrSites: ['https://emr.example.org/patients/42', 'https://emr.example.org'],
    });
    expect(saved.relayerUrl).toBe('https://relayer.medicrypt.example');
    expect(saved.emrSites).toEqual(['https://emr.example.org']);
    expect(await getSettings()).toEqual(saved);
  });

  it('reports every invalid field and stores nothing', async () => {
    const attempt = updateSettings({
      relayerUrl: 'ftp://relayer',
      metamaskExtensionId: 'NKBIH',
      network: 'mainnet' as never,
    });
    await expect(attempt).rejects.toBeInstanceOf(InvalidSettingsError);
    await expect(attempt).rejects.toMatchObject({
      issues: [
        { field: 'relayerUrl', message: expect.stringContaining('http://') },
        { field: 'network', message: expect.any(String) },
        { field: 'metamaskExtensionId', message: expect.stringContaining('32 letters') },
      ],
    });
    expect(await getSettings()).toEqual(defaultSettings);
  });

  it.each([
    ['a relayer URL with a query', { relayerUrl: 'http://127.0.0.1:8787/?x=1' }, 'relayerUrl'],
    ['a non-boolean notification choice', { notifications: { accessRequests: 'yes' } }, 'notifications'],
    ['a site that is not http(s)', { emrSites: ['chrome://extensions'] }, 'emrSites'],
    ['sites that are not a list', { emrSites: 'https://emr.example.org' }, 'emrSites'],
    [
      'a selector keyed by a URL, not an origin',
      { patientSelectors: { 'https://emr.example.org/x': '#p' } },
      'patientSelectors',
    ],
    ['an empty selector', { patientSelectors: { 'https://emr.example.org': '  ' } }, 'patientSelectors'],
  ])('rejects %s', (_, changes, field) => {
    const result = validateSettings({ ...defaultSettings, ...changes });
    expect('issues' in result && result.issues.map((issue) => issue.field)).toEqual([field]);
  });

  it('repairs a stored record field by field, keeping what is still valid', () => {
    const repaired = repairSettings({ network: 'sepolia', relayerUrl: 42, metamaskExtensionId: 'x' });
    expect(repaired).toEqual({ ...defaultSettings, network: 'sepolia' });
  });

  it('initialises defaults on install without overwriting the user’s choices', async () => {
    await fakeBrowser.storage.local.set({ settings: { network: 'sepolia' } });
    await initialiseSettings();
    const { settings } = await fakeBrowser.storage.local.get('settings');
    expect(settings).toEqual({ ...defaultSettings, network: 'sepolia' });
  });

  it('tells watchers about changes made elsewhere', async () => {
    const seen: string[] = [];
    const unwatch = watchSettings((settings) => seen.push(settings.network));
    await updateSettings({ network: 'sepolia' });
    unwatch();
    await updateSettings({ network: 'local' });
    expect(seen).toEqual(['sepolia']);
  });

  describe('in each browser MediCrypt is built for', () => {
    afterEach(() => {
      vi.unstubAllEnvs();
      vi.unstubAllGlobals();
      vi.resetModules();
    });

    /** The settings module as a build for `browser` loads it (WXT sets BROWSER at build time). */
    async function settingsFor(browser: string, userAgent?: string) {
      vi.stubEnv('BROWSER', browser);
      if (userAgent) vi.stubGlobal('navigator', { userAgent });
      vi.resetModules();
      return import('./settings.ts');
    }

    it('defaults to MetaMask’s Firefox add-on id in the Firefox build, and accepts Firefox ids only', async () => {
      const firefox = await settingsFor('firefox');
      expect(firefox.defaultSettings.metamaskExtensionId).toBe('webextension@metamask.io');
      const accepted = firefox.validateSettings({
        ...firefox.defaultSettings,
        metamaskExtensionId: 'webextension-flask@metamask.io',
      });
      expect(accepted).toMatchObject({ settings: { metamaskExtensionId: 'webextension-flask@metamask.io' } });
      const refused = firefox.validateSettings({
        ...firefox.defaultSettings,
        metamaskExtensionId: 'nkbihfbeogaeaoehlefnkodbefgpgknn',
      });
      expect(refused).toEqual({
        issues: [{ field: 'metamaskExtensionId', message: expect.stringContaining('name@domain') }],
      });
    });

    it('defaults to Edge’s store MetaMask when the Chromium build runs in Edge', async () => {
      const edge = await settingsFor(
        'chrome',
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 Edg/140.0.0.0',
      );
      expect(edge.defaultSettings.metamaskExtensionId).toBe('ejbalbakoplchlghecdalmeeeajnimhm');
      expect(
        edge.validateSettings({ ...edge.defaultSettings, metamaskExtensionId: 'webextension@metamask.io' }),
      ).toMatchObject({ issues: [{ field: 'metamaskExtensionId' }] });
    });

    it('keeps Chrome’s store MetaMask in Chrome', async () => {
      const chrome = await settingsFor('chrome');
      expect(chrome.defaultSettings.metamaskExtensionId).toBe('nkbihfbeogaeaoehlefnkodbefgpgknn');
    });
  });
});
