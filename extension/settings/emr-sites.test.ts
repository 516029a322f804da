import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { addEmrSite, forgetRevokedSites, removeEmrSite, SitePermissionRefusedError } from './emr-sites.ts';
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

  it('drops a site on this machine from the list without removing the loopback permission granted at install', async () => {
    await updateSettings({ emrSites: ['http://127.0.0.1:5174', 'https://emr.example.org'] });
    const remove = vi
      .spyOn(fakeBrowser.permissions, 'remove')
      .mockRejectedValue(new Error('You cannot remove required permissions.'));
    expect((await removeEmrSite('http://127.0.0.1:5174')).emrSites).toEqual(['https://emr.example.org']);
    expect(remove).not.toHaveBeenCalled();
    // Another host, or https on loopback, was granted at runtime and is given back.
    remove.mockResolvedValue(true as never);
    await removeEmrSite('https://emr.example.org');
    expect(remove).toHaveBeenCalledWith({ origins: ['https://emr.example.org/*'] });
  });

  it('enabling a site asks for that origin only, then lists it with its patient selector', async () => {
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true as never);
    const settings = await addEmrSite('https://emr.example.org/patients/42?tab=labs', ' #patient-id ');
    expect(request).toHaveBeenCalledWith({ origins: ['https://emr.example.org/*'] });
    expect(settings.emrSites).toEqual(['https://emr.example.org']);
    expect(settings.patientSelectors).toEqual({ 'https://emr.example.org': '#patient-id' });
    // Enabling again without a selector keeps one entry and goes back to finding the patient by itself.
    expect(await addEmrSite('https://emr.example.org')).toMatchObject({
      emrSites: ['https://emr.example.org'],
      patientSelectors: {},
    });
    vi.spyOn(fakeBrowser.permissions, 'remove').mockResolvedValue(true as never);
    const removed = await removeEmrSite('https://emr.example.org');
    expect(removed).toMatchObject({ emrSites: [], patientSelectors: {} });
  });

  it('lists nothing when the user refuses the permission, and refuses what is not a web site', async () => {
    vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(false as never);
    await expect(addEmrSite('https://emr.example.org')).rejects.toThrow(SitePermissionRefusedError);
    await expect(addEmrSite('file:///etc/passwd')).rejects.toThrow(RangeError);
    expect((await getSettings()).emrSites).toEqual([]);
  });

  it('forgets sites whose permission was revoked outside MediCrypt', async () => {
    await updateSettings({ emrSites: ['https://emr.example.org', 'http://localhost:3000'] });
    await forgetRevokedSites(['http://localhost:3000/*']);
    expect((await getSettings()).emrSites).toEqual(['https://emr.example.org']);
  });
});
