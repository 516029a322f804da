import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { forgetRevokedSites, removeEmrSite } from './emr-sites.ts';
import { getSettings, updateSettings } from './settings.ts';

describe('EMR sites', () => {
  it('removing a site gives back its host permission, then drops it from the list', async () => {
    await updateSettings({ emrSites: ['https://emr.example.org', 'https://other-emr.example.com'] });
    const order: string[] = [];
    const remove = vi.spyOn(fakeBrowser.permissions, 'remove').mockImplementation(async () => {
      order.push(`permission ${(await getSettings()).emrSites.length} sites`);
    });

    const settings = await removeEmrSite('https://emr.example.org/');

    expect(remove).toHaveBeenCalledWith({ origins: ['https://emr.example.org/*'] });
    expect(order).toEqual(['permission 2 sites']);
    expect(settings.emrSites).toEqual(['https://other-emr.example.com']);
  });

  it('keeps the site listed when the browser refuses to remove the permission', async () => {
    await updateSettings({ emrSites: ['https://emr.example.org'] });
    vi.spyOn(fakeBrowser.permissions, 'remove').mockRejectedValue(new Error('denied'));
    await expect(removeEmrSite('https://emr.example.org')).rejects.toThrow('denied');
    expect((await getSettings()).emrSites).toEqual(['https://emr.example.org']);
  });

  it('forgets sites whose permission was revoked outside MediCrypt', async () => {
    await updateSettings({ emrSites: ['https://emr.example.org', 'http://localhost:3000'] });
    await forgetRevokedSites(['http://localhost:3000/*']);
    expect((await getSettings()).emrSites).toEqual(['https://emr.example.org']);
  });
});
