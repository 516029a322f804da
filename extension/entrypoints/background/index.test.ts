import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { defaultSettings, getSettings, updateSettings } from '../../settings/settings.ts';
import background from './index.ts';

type RemovedListener = (permissions: { origins?: string[] }) => void;

function startBackground() {
  let onRemoved: RemovedListener | undefined;
  vi.spyOn(fakeBrowser.permissions.onRemoved, 'addListener').mockImplementation((listener) => {
    onRemoved = listener as RemovedListener;
  });
  background.main();
  return { revoke: (origins: string[]) => onRemoved?.({ origins }) };
}

describe('background', () => {
  it('stores the default settings on install', async () => {
    startBackground();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' });
    await vi.waitFor(async () =>
      expect((await fakeBrowser.storage.local.get('settings')).settings).toEqual(defaultSettings),
    );
  });

  it('keeps the user’s settings on update', async () => {
    await updateSettings({ network: 'sepolia' });
    startBackground();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update', previousVersion: '0.0.1' });
    expect((await getSettings()).network).toBe('sepolia');
  });

  it('drops an EMR site when its host permission is revoked elsewhere', async () => {
    await updateSettings({ emrSites: ['https://emr.example.org'] });
    const { revoke } = startBackground();
    revoke(['https://emr.example.org/*']);
    await vi.waitFor(async () => expect((await getSettings()).emrSites).toEqual([]));
  });
});
